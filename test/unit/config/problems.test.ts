// Every kind of config problem, at its exact line and column.
import assert from 'node:assert/strict';
import { describeProblem, parse, problemsOf } from './problemText';

const header = ['version: 1', 'outcomes:'];

describe('config problems', () => {
  it('reports YAML syntax errors at their place', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: "unterminated']), ['5:1-5:1 error yaml-syntax: missing closing "quote']);
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: a: b']), [
      '4:12-4:13 error yaml-syntax: nested mappings are not allowed in compact mappings',
      '4:12-4:16 error invalid-value: "title" must be a string, not a mapping',
    ]);
  });

  it('reports wrong types at the value', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: 42', '    paths: src/']), [
      '4:12-4:14 error invalid-value: "title" must be a string, not the number 42',
      '5:12-5:16 error invalid-value: "paths" must be a list, not the string "src/"',
    ]);
  });

  it('reports a wrong type inside a list at the entry', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: t', '    paths: [src/, { a: 1 }]']), [
      '5:19-5:27 error invalid-value: entry 2 of "paths" must be a string, not a mapping',
    ]);
  });

  it('reports missing required fields at the mapping', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    owner: "@payments"']), [
      '3:5-3:13 error missing-field: outcome "KR-1" is missing required field "title"',
    ]);
    assert.deepEqual(problemsOf(['outcomes: []']), ['1:1-1:13 error missing-field: the file is missing required field "version" (add "version: 1")']);
    assert.deepEqual(problemsOf(['version: 1']), ['1:1-1:11 error missing-field: the file is missing required field "outcomes" (a list of outcomes)']);
  });

  it('reports an empty required value at its key', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title:']), ['4:5-4:10 error invalid-value: "title" must be a string, but it has no value']);
  });

  it('reports an unsupported version', () => {
    assert.deepEqual(problemsOf(['version: 2', 'outcomes: []']), ['1:10-1:11 error unsupported-version: unsupported version 2; this Outcome Lens reads "version: 1"']);
  });

  it('reports a bad enum value with a suggestion', () => {
    const model = parse([...header, '  - id: KR-1', '    title: t', '    status: pasued']);
    assert.deepEqual(
      model.problems.map((p) => [p.range.start.line, p.range.start.column, p.code, p.message, p.suggestion]),
      [[5, 13, 'invalid-value', '"status" must be one of active, achieved, paused, dropped, not "pasued" (did you mean "paused"?)', 'paused']],
    );
  });

  it('reports a duplicate outcome ID at the second one', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: first', '  - id: KR-1', '    title: second']), [
      '5:9-5:13 error duplicate-id: duplicate outcome id "KR-1" (first defined at line 3)',
    ]);
    const model = parse([...header, '  - id: KR-1', '    title: first', '  - id: KR-1', '    title: second']);
    assert.equal(model.byId.get('KR-1')?.spec.title, 'first');
    assert.equal(model.outcomes.length, 1);
  });

  it('reports an unknown parent with the nearest ID', () => {
    const model = parse([...header, '  - id: KR-1', '    title: t', '  - id: KR-2', '    parent: KR-9', '    title: t']);
    assert.deepEqual(
      model.problems.map((p) => [p.range.start.line, p.range.start.column, p.range.end.column, p.severity, p.code, p.message, p.suggestion]),
      [[6, 13, 17, 'error', 'unknown-parent', 'parent "KR-9" is not a known outcome (did you mean KR-1?)', 'KR-1']],
    );
    assert.equal(model.byId.get('KR-2')?.parentId, undefined);
  });

  it('reports parent cycles at each parent in the cycle and breaks them', () => {
    const model = parse([
      ...header,
      '  - { id: A, title: a, parent: C }',
      '  - { id: B, title: b, parent: A }',
      '  - { id: C, title: c, parent: B }',
      '  - { id: D, title: d, parent: A }',
      '  - { id: E, title: e, parent: E }',
    ]);
    assert.deepEqual(
      model.problems.map((p) => `${p.range.start.line}:${p.range.start.column} ${p.code}: ${p.message}`),
      ['3:32 parent-cycle: parent "C" makes a cycle: A → C → B → A', '4:32 parent-cycle: parent "A" makes a cycle: B → A → C → B', '5:32 parent-cycle: parent "B" makes a cycle: C → B → A → C', '7:32 parent-cycle: outcome "E" cannot be its own parent'],
    );
    assert.deepEqual(
      model.outcomes.map((o) => [o.id, o.parentId ?? '-', o.childIds.join(',')]),
      [
        ['A', '-', 'D'],
        ['B', '-', ''],
        ['C', '-', ''],
        ['D', 'A', ''],
        ['E', '-', ''],
      ],
    );
  });

  it('reports an unknown source name in from: with a suggestion', () => {
    const model = parse([
      'version: 1',
      'sources:',
      '  prod: { type: prometheus, url: "http://127.0.0.1:9090" }',
      'outcomes:',
      '  - id: KR-1',
      '    title: t',
      '    metrics:',
      '      - id: m',
      '        source: { from: prd, query: up }',
    ]);
    assert.deepEqual(
      model.problems.map((p) => [p.range.start.line, p.range.start.column, p.range.end.column, p.code, p.message, p.suggestion]),
      [[9, 25, 28, 'unknown-source', 'source "prd" is not defined under "sources" (did you mean "prod"?)', 'prod']],
    );
    assert.deepEqual(model.byId.get('KR-1')?.metrics, []);
  });

  it('reports a from: override that does not fit the named source type', () => {
    assert.deepEqual(
      problemsOf([
        'version: 1',
        'sources:',
        '  api: { type: http, url: "https://example.com/{metric}" }',
        'outcomes:',
        '  - id: KR-1',
        '    title: t',
        '    metrics:',
        '      - id: m1',
        '        source: { from: api, query: up }',
        '      - id: m2',
        '        source: { from: api, type: prometheus }',
        '      - id: m3',
        '        source: { from: api, timeout: soon }',
        '      - id: m4',
        '        source: { from: api, pointer: /value }',
      ]),
      [
        '9:30-9:35 error source-override: "query" does not apply to http source "api"',
        '11:36-11:46 error source-override: "type" cannot be overridden: source "api" is a http source',
        '13:39-13:43 error invalid-value: "timeout" must be a duration such as 30s, 5m, 2h or 2d, not "soon"',
      ],
    );
  });

  it('reports an invalid ticket pattern at the pattern', () => {
    const model = parse(['version: 1', 'tickets:', "  patterns: ['[A-Z]+-\\d+', '[A-Z', '.*']", 'outcomes: []']);
    assert.deepEqual(model.problems.map(describeProblem), [
      '3:28-3:34 error invalid-pattern: invalid regular expression "[A-Z": unterminated character class',
      '3:36-3:40 error invalid-pattern: ticket pattern ".*" matches empty text; it must match at least one character',
    ]);
    assert.equal(model.ticketPatterns.length, 1);
  });

  it('reports due before start at due', () => {
    const model = parse([...header, '  - id: KR-1', '    title: t', '    start: 2026-10-01', '    due: 2026-03-31']);
    assert.deepEqual(model.problems.map(describeProblem), ['6:10-6:20 error due-before-start: due 2026-03-31 is before start 2026-10-01']);
    // The outcome stays; only the dates that cannot both be right are dropped.
    assert.equal(model.byId.get('KR-1')?.spec.due, undefined);
  });

  it('reports a date that is not on the calendar', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: t', '    due: 2026-02-30']), ['5:10-5:20 error invalid-value: "due" 2026-02-30 is not a calendar date']);
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: t', '    due: 31.03.2027']), [
      '5:10-5:20 error invalid-value: "due" must be a date as YYYY-MM-DD, not "31.03.2027"',
    ]);
  });

  it('reports target equal to baseline at target and drops that metric', () => {
    const model = parse([...header, '  - id: KR-1', '    title: t', '    metrics:', '      - { id: m, baseline: 3.1, target: 3.1 }', '      - { id: n, baseline: 1, target: 2 }']);
    assert.deepEqual(model.problems.map(describeProblem), ['6:41-6:44 error target-equals-baseline: target equals baseline (3.1), so progress cannot be measured']);
    assert.deepEqual(
      model.byId.get('KR-1')?.metrics.map((m) => m.spec.id),
      ['n'],
    );
  });

  it('reports target equal to baseline even when the metric also names an unknown source', () => {
    const model = parse([...header, '  - id: KR-1', '    title: t', '    metrics:', '      - { id: m, baseline: 3.1, target: 3.1, source: { from: nowhere } }']);
    assert.deepEqual(model.problems.map((p) => p.code).sort(), ['target-equals-baseline', 'unknown-source']);
  });

  it('reports a range metric without bounds at direction, and min above max at max', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: t', '    metrics:', '      - { id: m, direction: range, baseline: 5 }']), [
      '6:29-6:34 error invalid-range: direction: range needs "min", "max" or both: the bounds of the range to stay in',
    ]);
    const model = parse([...header, '  - id: KR-1', '    title: t', '    metrics:', '      - { id: m, direction: range, min: 9, max: 3 }', '      - { id: n, direction: range, max: 3 }']);
    assert.deepEqual(model.problems.map(describeProblem), ['6:49-6:50 error invalid-range: min 9 is above max 3']);
    assert.deepEqual(
      model.byId.get('KR-1')?.metrics.map((m) => m.spec.id),
      ['n'],
      'a range with one bound is fine',
    );
  });

  it('reports duplicate metric IDs within an outcome at the second', () => {
    assert.deepEqual(problemsOf([...header, '  - id: KR-1', '    title: t', '    metrics:', '      - id: m', '      - id: m']), [
      '7:13-7:14 error duplicate-metric-id: duplicate metric id "m" in outcome "KR-1" (first defined at line 6)',
    ]);
  });

  it('warns about unknown keys at the key, with did you mean', () => {
    const model = parse([...header, '  - id: KR-1', '    title: t', '    pahts: [src/]']);
    assert.deepEqual(
      model.problems.map((p) => [p.range.start.line, p.range.start.column, p.range.end.column, p.severity, p.code, p.message, p.suggestion]),
      [[5, 5, 10, 'warning', 'unknown-key', 'unknown key "pahts" in outcome "KR-1" (did you mean "paths"?)', 'paths']],
    );
    // A warning: the outcome itself survives.
    assert.ok(model.byId.has('KR-1'));
    assert.deepEqual(problemsOf(['version: 1', 'outcome: []', 'outcomes: []']), ['2:1-2:8 warning unknown-key: unknown key "outcome" at the top level (did you mean "outcomes"?)']);
  });

  it('checks sources on their own', () => {
    const model = parse(['version: 1', 'sources:', '  a: { type: promethus, url: x }', '  b: { url: x }', '  c: { type: static, value: 1 }', 'outcomes: []']);
    assert.deepEqual(
      model.problems.map((p) => `${p.range.start.line}:${p.range.start.column} ${p.code}: ${p.message}`),
      ['3:14 invalid-value: "type" of source "a" must be one of static, file, http, prometheus, command, not "promethus" (did you mean "prometheus"?)', '4:6 missing-field: source "b" is missing required field "type" (one of static, file, http, prometheus, command)'],
    );
    assert.deepEqual([...model.sources.keys()], ['c']);
  });

  it('warns about tickets that no ticket pattern matches', () => {
    assert.deepEqual(problemsOf(['version: 1', 'tickets: { patterns: ["[A-Z]+-\\\\d+"] }', 'outcomes:', '  - { id: KR-1, title: t, tickets: [PAY-1, PAY1] }']), [
      '4:44-4:48 warning ticket-pattern-mismatch: ticket "PAY1" does not match any of the patterns in "tickets", so it will never be found in branches or commits',
    ]);
  });

  it('reports path patterns that leave the folder', () => {
    assert.deepEqual(problemsOf([...header, '  - { id: KR-1, title: t, paths: [../other, ""] }']), [
      '3:35-3:43 error invalid-pattern: path pattern "../other" leaves the workspace folder; patterns are relative to it and cannot contain ".."',
      '3:45-3:47 error invalid-pattern: entry 2 of "paths" is empty; it would match nothing',
    ]);
  });
});
