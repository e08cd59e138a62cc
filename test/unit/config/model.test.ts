import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOutcomes } from '../../../src/core/config/loader';
import type { OutcomeEntry } from '../../../src/core/config/model';
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
      '  - title: No id',
      '  - id: KR-3',
      '    parent: KR-1',
      '    title: Also works',
    ]);
    assert.deepEqual(model.problems.map(describeProblem), [
      '4:31-4:35 error invalid-value: "value" must be a number, not the string "high"',
      '10:33-10:37 error invalid-value: "baseline" must be a number, not the string "lots"',
      '11:5-11:13 error missing-field: outcome "KR-2" is missing required field "title"',
      '12:5-12:17 error missing-field: entry 3 of "outcomes" is missing required field "id"',
    ]);
    assert.deepEqual([...model.sources.keys()], ['good']);
    // KR-2 stays (titled by its id): only an outcome without a valid id is left out.
    assert.deepEqual(
      model.outcomes.map((o) => [o.id, o.spec.title]),
      [
        ['KR-1', 'Works'],
        ['KR-2', 'KR-2'],
        ['KR-3', 'Also works'],
      ],
    );
    assert.deepEqual(
      model.byId.get('KR-1')?.metrics.map((m) => m.spec.id),
      ['ok'],
    );
    assert.deepEqual(model.byId.get('KR-1')?.childIds, ['KR-3']);
  });

  it('does not call the parent of a broken outcome unknown', () => {
    const model = parse(['version: 1', 'outcomes:', '  - { id: OBJ 1, title: o }', '  - { id: KR-1, title: t, parent: OBJ 1 }']);
    assert.deepEqual(model.problems.map(describeProblem), [
      '3:11-3:16 error invalid-value: "id" "OBJ 1" is not valid: an outcome id starts with a letter and uses letters, digits, -, _ or .',
    ]);
    assert.deepEqual(
      model.outcomes.map((o) => o.id),
      ['KR-1'],
    );
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

describe('outcomes with a broken field', () => {
  const header = ['version: 1', 'outcomes:'];

  // Each: the outcome's lines, the one problem, and what the outcome looks like without the field.
  const cases: [string, string[], string, (outcome: OutcomeEntry) => void][] = [
    ['a status that is not one of the four', ['    status: done'], '5:13-5:17 error invalid-value: "status" must be one of active, achieved, paused, dropped, not "done"', (o) => {
      assert.equal(o.spec.status, undefined);
      assert.equal(o.status, 'active');
    }],
    ['a date that is not YYYY-MM-DD', ['    due: 2026/01/31'], '5:10-5:20 error invalid-value: "due" must be a date as YYYY-MM-DD, not "2026/01/31"', (o) => assert.equal(o.spec.due, undefined)],
    ['a link that is not a URL', ['    links: [not-a-url]'], '5:13-5:22 error invalid-value: entry 1 of "links" must be a URL, not "not-a-url"', (o) => assert.deepEqual(o.spec.links, [])],
    ['an owner that is a number', ['    owner: 5'], '5:12-5:13 error invalid-value: "owner" must be a string, not the number 5', (o) => assert.equal(o.spec.owner, undefined)],
    ['paths that are a string, not a list', ['    paths: src/'], '5:12-5:16 error invalid-value: "paths" must be a list, not the string "src/"', (o) => {
      assert.equal(o.spec.paths, undefined);
      assert.deepEqual(o.pathRules, []);
    }],
    ['tickets that are a mapping', ['    tickets: { PAY-1: x }'], '5:14-5:26 error invalid-value: "tickets" must be a list, not a mapping', (o) => {
      assert.equal(o.spec.tickets, undefined);
      assert.deepEqual(o.tickets, []);
    }],
  ];

  for (const [what, lines, problem, check] of cases) {
    it(`keeps the outcome without ${what}, with one problem at the field`, () => {
      const model = parse([...header, '  - id: KR-1', '    title: Raise conversion', ...lines, '    metrics:', '      - { id: m, baseline: 1, target: 2 }', '  - { id: KR-2, title: Child, parent: KR-1 }']);
      assert.deepEqual(model.problems.map(describeProblem), [problem]);
      const outcome = model.byId.get('KR-1');
      assert.ok(outcome, 'the outcome is in the model');
      assert.equal(outcome.spec.title, 'Raise conversion');
      assert.deepEqual(
        outcome.metrics.map((m) => m.spec.id),
        ['m'],
      );
      assert.deepEqual(outcome.childIds, ['KR-2']);
      assert.equal(model.byId.get('KR-2')?.parentId, 'KR-1');
      check(outcome);
      assert.equal(unknownOutcomeProblem(model, 'KR-1', '/ws/src/a.ts', outcome.idRange), undefined);
    });
  }

  it('keeps an outcome without a title, titled by its id, and reports the title as before', () => {
    const model = parse([...header, '  - id: KR-1', '    owner: "@payments"', '  - id: KR-2', '    title: 42', '    parent: KR-1']);
    assert.deepEqual(model.problems.map(describeProblem), [
      '3:5-3:13 error missing-field: outcome "KR-1" is missing required field "title"',
      '6:12-6:14 error invalid-value: "title" must be a string, not the number 42',
    ]);
    assert.deepEqual(
      model.outcomes.map((o) => [o.id, o.spec.title, o.spec.owner ?? '-', o.parentId ?? '-']),
      [
        ['KR-1', 'KR-1', '@payments', '-'],
        ['KR-2', 'KR-2', '-', 'KR-1'],
      ],
    );
  });

  it('keeps the valid entries of a list with broken ones, each at its own place in the file', () => {
    const model = parse([
      ...header,
      '  - id: KR-1',
      '    title: t',
      '    paths: [src/, 5, "!src/x/", { a: 1 }, lib/]',
      '    tickets: [PAY-1, 12, PAY-3]',
      '    links: [not-a-url, "https://example.com/x"]',
    ]);
    assert.deepEqual(model.problems.map(describeProblem), [
      '5:19-5:20 error invalid-value: entry 2 of "paths" must be a string, not the number 5',
      '5:33-5:41 error invalid-value: entry 4 of "paths" must be a string, not a mapping',
      '6:22-6:24 error invalid-value: entry 2 of "tickets" must be a string, not the number 12',
      '7:13-7:22 error invalid-value: entry 1 of "links" must be a URL, not "not-a-url"',
    ]);
    const outcome = model.byId.get('KR-1');
    assert.ok(outcome);
    assert.deepEqual(outcome.spec.paths, ['src/', '!src/x/', 'lib/']);
    assert.deepEqual(
      outcome.pathRules.map((r) => [r.pattern, r.negated, r.index, `${r.range.start.line}:${r.range.start.column}-${r.range.end.column}`]),
      [
        ['src/', false, 0, '5:13-17'],
        ['!src/x/', true, 2, '5:22-31'],
        ['lib/', false, 4, '5:43-47'],
      ],
    );
    assert.deepEqual(
      outcome.tickets.map((t) => [t.id, `${t.range.start.line}:${t.range.start.column}-${t.range.end.column}`]),
      [
        ['PAY-1', '6:15-20'],
        ['PAY-3', '6:26-31'],
      ],
    );
    assert.deepEqual(outcome.spec.links, ['https://example.com/x']);
  });

  it('reports later problems of a list that lost entries at their own place', () => {
    assert.deepEqual(problemsOf([...header, '  - { id: KR-1, title: t, paths: [7, "", ../up] }']), [
      '3:35-3:36 error invalid-value: entry 1 of "paths" must be a string, not the number 7',
      '3:38-3:40 error invalid-pattern: entry 2 of "paths" is empty; it would match nothing',
      '3:42-3:47 error invalid-pattern: path pattern "../up" leaves the workspace folder; patterns are relative to it and cannot contain ".."',
    ]);
    assert.deepEqual(problemsOf(['version: 1', 'tickets: { patterns: [5, "[A-Z]+-\\\\d+", "[A-Z"] }', 'outcomes: []']), [
      '2:23-2:24 error invalid-value: entry 1 of "patterns" must be a string, not the number 5',
      '2:41-2:47 error invalid-pattern: invalid regular expression "[A-Z": unterminated character class',
    ]);
  });

  it('still leaves out an outcome without a valid id, and reports its other broken fields', () => {
    const model = parse([...header, '  - { title: No id, status: done }', '  - { id: 1KR, title: Bad id }', '  - { id: 5, title: Number id }', '  - { id: KR-1, title: Fine }']);
    assert.deepEqual(model.problems.map(describeProblem), [
      '3:5-3:35 error missing-field: entry 1 of "outcomes" is missing required field "id"',
      '3:29-3:33 error invalid-value: "status" must be one of active, achieved, paused, dropped, not "done"',
      '4:11-4:14 error invalid-value: "id" "1KR" is not valid: an outcome id starts with a letter and uses letters, digits, -, _ or .',
      '5:11-5:12 error invalid-value: "id" must be a string, not the number 5',
    ]);
    assert.deepEqual(
      model.outcomes.map((o) => o.id),
      ['KR-1'],
    );
  });

  it('keeps unknown keys a warning next to a broken field', () => {
    const model = parse([...header, '  - id: KR-1', '    title: t', '    pahts: [src/]', '    owner: 5']);
    assert.deepEqual(model.problems.map(describeProblem), [
      '5:5-5:10 warning unknown-key: unknown key "pahts" in outcome "KR-1" (did you mean "paths"?)',
      '6:12-6:13 error invalid-value: "owner" must be a string, not the number 5',
    ]);
    assert.deepEqual(model.byId.get('KR-1')?.spec, { id: 'KR-1', title: 't' });
  });
});
