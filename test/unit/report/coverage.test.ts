// Coverage in the core: dead and shadowed path rules, outcomes without work, shares per folder.
import assert from 'node:assert/strict';
import { parseOutcomes } from '../../../src/core/config/loader';
import type { OutcomeModel } from '../../../src/core/config/model';
import { analyzePathRules, buildCoverage } from '../../../src/core/report/coverage';

function model(outcomes: string): OutcomeModel {
  const m = parseOutcomes(`version: 1\noutcomes:\n${outcomes}`, '/ws/outcomes.yaml', '/ws');
  assert.deepEqual(m.problems, []);
  return m;
}

function describeAnalysis(m: OutcomeModel, paths: string[]) {
  const { dead, shadowed } = analyzePathRules(m, paths);
  return {
    dead: dead.map((r) => `${r.outcomeId} ${r.pattern}`),
    shadowed: shadowed.map((s) => `${s.rule.outcomeId} ${s.rule.pattern} by ${s.by.map((b) => b.pattern).join(' ')}`),
  };
}

describe('path rule analysis', () => {
  it('a rule that matches no file is dead, a negation included', () => {
    const m = model(`  - id: KR-1
    title: A
    paths: [src/, "!src/none/", docs/*.md, "*.py"]
`);
    assert.deepEqual(describeAnalysis(m, ['src/a.ts', 'README.md']), { dead: ['KR-1 !src/none/', 'KR-1 docs/*.md', 'KR-1 *.py'], shadowed: [] });
    assert.deepEqual(describeAnalysis(m, ['src/a.ts', 'src/none/x.ts', 'docs/a.md', 'tools/gen.py']).dead, []);
  });

  it('a rule all of whose files a later negation of the same outcome excludes is shadowed, even when a later rule re-includes some', () => {
    const m = model(`  - id: KR-1
    title: A
    paths: [src/a/, "!src/", src/a/keep.ts]
`);
    assert.deepEqual(describeAnalysis(m, ['src/a/keep.ts', 'src/a/x.ts', 'src/b.ts']), { dead: [], shadowed: ['KR-1 src/a/ by !src/'] });
  });

  it('a rule that decides for at least one file is not shadowed', () => {
    const m = model(`  - id: KR-1
    title: A
    paths: [src/, "!src/a/", src/a/keep.ts]
`);
    assert.deepEqual(describeAnalysis(m, ['src/a/keep.ts', 'src/a/x.ts', 'src/b.ts']), { dead: [], shadowed: [] });
  });

  it('an earlier negation, or a negation in another outcome, shadows nothing; all shadowing negations are named', () => {
    const m = model(`  - id: KR-1
    title: A
    paths: ["!src/", src/a/, "!src/a/x.ts", "!src/a/y.ts"]
  - id: KR-2
    title: B
    paths: [src/b/]
  - id: KR-3
    title: C
    paths: [src/b/, "!src/b/"]
`);
    assert.deepEqual(describeAnalysis(m, ['src/a/x.ts', 'src/a/y.ts', 'src/b/z.ts']), {
      dead: [],
      shadowed: ['KR-1 src/a/ by !src/a/x.ts !src/a/y.ts', 'KR-3 src/b/ by !src/b/'],
    });
  });
});

describe('coverage document', () => {
  it('shares per top-level folder, outcomes without work, files without outcome', () => {
    const m = model(`  - id: OBJ-1
    title: Objective
  - id: KR-1
    parent: OBJ-1
    title: A
  - id: KR-2
    title: B
  - id: KR-3
    title: C
    status: achieved
`);
    const coverage = buildCoverage(
      m,
      [
        { path: 'README.md', outcomeIds: [], lines: 10 },
        { path: 'src/a.ts', outcomeIds: ['KR-1'], lines: 30 },
        { path: 'src/b.ts', outcomeIds: [], lines: 10 },
        { path: 'src/logo.png', outcomeIds: ['KR-1'], lines: null },
      ],
      { configFile: 'outcomes.yaml' },
    );
    assert.deepEqual(coverage, {
      files: { total: 4, serving: 2, share: 0.5 },
      lines: { total: 50, serving: 30, share: 0.6 },
      folders: [
        { folder: '.', files: { total: 1, serving: 0, share: 0 }, lines: { total: 10, serving: 0, share: 0 } },
        { folder: 'src', files: { total: 3, serving: 2, share: 2 / 3 }, lines: { total: 40, serving: 30, share: 0.75 } },
      ],
      deadRules: [],
      shadowedRules: [],
      outcomesWithoutWork: [{ id: 'KR-2', title: 'B', state: 'active' }],
      filesWithoutOutcome: ['README.md', 'src/b.ts'],
    });
  });

  it('an empty workspace has no shares', () => {
    const coverage = buildCoverage(model('  - id: KR-1\n    title: A\n'), [], { configFile: 'outcomes.yaml' });
    assert.deepEqual(coverage.files, { total: 0, serving: 0, share: null });
    assert.deepEqual(coverage.lines, { total: 0, serving: 0, share: null });
    assert.deepEqual(coverage.folders, []);
  });
});
