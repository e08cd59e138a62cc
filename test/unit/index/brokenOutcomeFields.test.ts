// One broken field in an outcome is one problem: the outcome stays in the model, so tags and
// path rules that name it keep working instead of each reporting "unknown outcome".
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadOutcomes } from '../../../src/core/config/loader';
import type { OutcomeModel } from '../../../src/core/config/model';
import { tagProblems } from '../../../src/core/index/tagProblems';
import { WorkspaceIndex } from '../../../src/core/index/workspaceIndex';
import { nodeFileSystem } from '../../../src/core/node/nodeHost';
import { describeProblem } from '../config/problemText';
import { TempRepo, isolateGitConfig } from '../git/tempRepo';
import { nodePorts } from './indexFixture';

const config = [
  'version: 1',
  'outcomes:',
  '  - id: KR-1',
  '    title: Checkout',
  '    status: done',
  '    paths: [src/pay/, 5]',
  '  - id: KR-2',
  '    title: Search',
  '    due: 2026/01/31',
  '  - id: KR-3',
  '    title: Docs',
  '    links: [not-a-url]',
  '  - id: KR-4',
  '    title: Ops',
  '    owner: 5',
  '    paths: ops/',
  '  - id: KR-5',
  '    tickets: [PAY-1]',
];

describe('tags naming an outcome with a broken field', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let repo: TempRepo;
  let model: OutcomeModel;
  let index: WorkspaceIndex;

  before(async () => {
    repo = await TempRepo.create('outcome-lens-broken-fields-', false);
    await repo.write('outcomes.yaml', config.join('\n') + '\n');
    await repo.write('src/pay/cart.ts', '// @outcome KR-1\nexport const cart = 1;\n');
    await repo.write('src/search.ts', '// @outcome KR-2, KR-3\nexport const search = 1;\n');
    await repo.write('ops/run.sh', '#!/bin/sh\n# @outcome KR-4 KR-5\n');
    await repo.write('src/typo.ts', '// @outcome KR-7\n');
    const loaded = await loadOutcomes(repo.root, nodeFileSystem);
    assert.ok(loaded);
    model = loaded;
    index = await WorkspaceIndex.build(repo.root, model, nodePorts);
  });
  after(async () => repo.dispose());

  it('reports each broken field once, at the field, and keeps every outcome', () => {
    assert.deepEqual(model.problems.map(describeProblem), [
      '5:13-5:17 error invalid-value: "status" must be one of active, achieved, paused, dropped, not "done"',
      '6:23-6:24 error invalid-value: entry 2 of "paths" must be a string, not the number 5',
      '9:10-9:20 error invalid-value: "due" must be a date as YYYY-MM-DD, not "2026/01/31"',
      '12:13-12:22 error invalid-value: entry 1 of "links" must be a URL, not "not-a-url"',
      '15:12-15:13 error invalid-value: "owner" must be a string, not the number 5',
      '16:12-16:16 error invalid-value: "paths" must be a list, not the string "ops/"',
      '17:5-17:13 error missing-field: outcome "KR-5" is missing required field "title"',
    ]);
    assert.deepEqual(
      model.outcomes.map((o) => o.id),
      ['KR-1', 'KR-2', 'KR-3', 'KR-4', 'KR-5'],
    );
  });

  it('gives no follow-on tag problems: only the tag naming no outcome at all', () => {
    assert.deepEqual(
      tagProblems(index, model).map((p) => `${p.severity} ${p.code} ${path.relative(repo.root, p.file)}:${p.range.start.line}:${p.range.start.column}: ${p.message}`),
      ['error unknown-outcome src/typo.ts:1:13: "KR-7" is not a known outcome (did you mean KR-1?)'],
    );
  });

  it('credits the tags, and the valid path rules, to the outcomes', () => {
    const served = (file: string) => index.outcomesOf(file).map((o) => `${o.outcomeId}: ${o.reasons.map((r) => r.kind).join(', ')}`);
    assert.deepEqual(served('src/pay/cart.ts'), ['KR-1: path, tag']);
    assert.deepEqual(served('src/search.ts'), ['KR-2: tag', 'KR-3: tag']);
    // `paths: ops/` was not a list, so it matches nothing; the tags still count.
    assert.deepEqual(served('ops/run.sh'), ['KR-4: tag', 'KR-5: tag']);
  });
});
