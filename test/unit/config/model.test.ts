import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOutcomes } from '../../../src/core/config/loader';
import { unknownOutcomeProblem } from '../../../src/core/config/outcomeReferences';
import { describeProblem, parse, problemsOf } from './problemText';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/config');

describe('outcome model', () => {
  it('loads a valid config with no problems', () => {
    const file = path.join(fixtures, 'valid/outcomes.yaml');
    const model = parseOutcomes(readFileSync(file), file, path.join(fixtures, 'valid'));
    assert.deepEqual(model.problems.map(describeProblem), []);
    assert.deepEqual(
      model.outcomes.map((o) => o.id),
      ['OBJ-1', 'KR-1'],
    );
    const kr1 = model.byId.get('KR-1');
    assert.ok(kr1);
    assert.equal(kr1.status, 'active');
    assert.equal(kr1.parentId, 'OBJ-1');
    assert.deepEqual(model.byId.get('OBJ-1')?.childIds, ['KR-1']);
    assert.deepEqual(kr1.idRange, { start: { line: 12, column: 9 }, end: { line: 12, column: 13 } });
    assert.deepEqual(kr1.range.start, { line: 12, column: 5 });
    assert.deepEqual(
      kr1.pathRules.map((r) => [r.pattern, r.negated, r.index, r.range.start.line, r.range.start.column]),
      [
        ['src/checkout/', false, 0, 24, 9],
        ['!src/checkout/legacy/', true, 1, 25, 9],
      ],
    );
    assert.deepEqual(
      kr1.tickets.map((t) => [t.id, t.range.start.line, t.range.start.column, t.range.end.column]),
      [
        ['PAY-12', 26, 15, 21],
        ['PAY-31', 26, 23, 29],
      ],
    );
    const metric = kr1.metrics[0];
    assert.equal(metric?.sourceName, 'prod');
    assert.deepEqual(metric?.source, { type: 'prometheus', url: 'http://127.0.0.1:9090', query: 'sum(rate(orders_total[1d]))' });
    assert.deepEqual(model.sources.get('prod')?.nameRange, { start: { line: 3, column: 3 }, end: { line: 3, column: 7 } });
    assert.equal(model.ticketPatterns.length, 2);
    assert.equal(model.ticketUrl, 'https://tracker.example.com/browse/{id}');
    assert.equal(model.folder, path.join(fixtures, 'valid'));
  });

  it('applies status defaults and keeps a given status', () => {
    const model = parse(['version: 1', 'outcomes:', '  - { id: A, title: a }', '  - { id: B, title: b, status: paused }']);
    assert.deepEqual(
      model.outcomes.map((o) => [o.id, o.status]),
      [
        ['A', 'active'],
        ['B', 'paused'],
      ],
    );
  });

  it('keeps valid outcomes, sources and metrics next to broken ones', () => {
    const model = parse([
      'version: 1',
      'sources:',
      '  good: { type: static, value: 3 }',
      '  bad: { type: static, value: high }',
      'outcomes:',
      '  - id: KR-1',
      '    title: Works',
      '    metrics:',
      '      - { id: ok, source: { from: good } }',
      '      - { id: broken, baseline: lots }',
      '  - id: KR-2',
      '  - id: KR-3',
      '    parent: KR-1',
      '    title: Also works',
    ]);
    assert.deepEqual(model.problems.map(describeProblem), [
      '4:31-4:35 error invalid-value: "value" must be a number, not the string "high"',
      '10:33-10:37 error invalid-value: "baseline" must be a number, not the string "lots"',
      '11:5-11:13 error missing-field: outcome "KR-2" is missing required field "title"',
    ]);
    assert.deepEqual([...model.sources.keys()], ['good']);
    assert.deepEqual(
      model.outcomes.map((o) => o.id),
      ['KR-1', 'KR-3'],
    );
    assert.deepEqual(
      model.byId.get('KR-1')?.metrics.map((m) => m.spec.id),
      ['ok'],
    );
    assert.deepEqual(model.byId.get('KR-1')?.childIds, ['KR-3']);
  });

  it('does not call the parent of a broken outcome unknown', () => {
    const model = parse(['version: 1', 'outcomes:', '  - { id: OBJ-1 }', '  - { id: KR-1, title: t, parent: OBJ-1 }']);
    assert.deepEqual(model.problems.map(describeProblem), ['3:5-3:18 error missing-field: outcome "OBJ-1" is missing required field "title"']);
    assert.equal(model.byId.get('KR-1')?.parentId, undefined);
  });

  it('reports an unknown outcome reference as a warning with the nearest ID', () => {
    const model = parse(['version: 1', 'outcomes:', '  - { id: KR-1, title: t }']);
    const range = { start: { line: 4, column: 12 }, end: { line: 4, column: 16 } };
    assert.deepEqual(unknownOutcomeProblem(model, 'KR-9', '/ws/src/a.ts', range), {
      file: '/ws/src/a.ts',
      range,
      severity: 'warning',
      code: 'unknown-outcome',
      message: '"KR-9" is not a known outcome (did you mean KR-1?)',
      suggestion: 'KR-1',
    });
    assert.equal(unknownOutcomeProblem(model, 'KR-1', '/ws/src/a.ts', range), undefined);
  });

  it('gives each problem the absolute file path', () => {
    const model = parse(['version: 1', 'outcomes:', '  - { id: KR-1 }']);
    assert.equal(model.problems[0]?.file, '/ws/outcomes.yaml');
    assert.deepEqual(problemsOf(['version: 1', 'outcomes: []']), []);
  });
});
