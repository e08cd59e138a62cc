import assert from 'node:assert/strict';
import path from 'node:path';
import { parseOutcomes } from '../../../src/core/config/loader';
import { outcomeLocations } from '../../../src/core/index/outcomeLocations';
import { tagProblems } from '../../../src/core/index/tagProblems';
import { WorkspaceIndex } from '../../../src/core/index/workspaceIndex';
import { isolateGitConfig } from '../git/tempRepo';
import { createIndexWorkspace, nodePorts } from './indexFixture';
import type { IndexWorkspace } from './indexFixture';

describe('outcome locations and tag problems', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let ws: IndexWorkspace;
  let index: WorkspaceIndex;

  before(async () => {
    ws = await createIndexWorkspace();
    index = await WorkspaceIndex.build(ws.root, ws.model, nodePorts);
  });
  after(async () => ws.repo.dispose());

  const where = (locations: ReturnType<typeof outcomeLocations>) =>
    locations.map((l) => `${l.kind} ${path.relative(ws.root, l.file)}:${l.range.start.line}:${l.range.start.column}-${l.range.end.column}`);

  it('lists the definition, path rules and tickets in the config, then tags and tickets in files', () => {
    assert.deepEqual(where(outcomeLocations(ws.model, index, 'KR-1')), [
      'definition outcomes.yaml:5:9-13',
      'path-rule outcomes.yaml:8:9-22',
      'path-rule outcomes.yaml:9:9-32',
      'config-ticket outcomes.yaml:10:15-21',
      'ticket src/checkout/cart.ts:3:9-15',
    ]);
    assert.deepEqual(where(outcomeLocations(ws.model, index, 'KR-2', { includeDefinition: false })), [
      'path-rule outcomes.yaml:14:9-20',
      'tag src/checkout/cart.ts:1:13-17',
    ]);
    assert.deepEqual(outcomeLocations(ws.model, index, 'KR-9'), [], 'unknown IDs have no places');
    assert.deepEqual(where(outcomeLocations(ws.model, undefined, 'KR-2')), ['definition outcomes.yaml:11:9-13', 'path-rule outcomes.yaml:14:9-20'], 'before the index is built');
  });

  it("lists the children's parent: values", () => {
    const text = 'version: 1\noutcomes:\n  - id: OBJ-1\n    title: Objective\n  - id: KR-1\n    parent: OBJ-1\n    title: Key result\n';
    const model = parseOutcomes(text, path.join(ws.root, 'outcomes.yaml'), ws.root);
    assert.deepEqual(
      outcomeLocations(model, undefined, 'OBJ-1').map((l) => `${l.kind} ${l.range.start.line}:${l.range.start.column}`),
      ['definition 3:9', 'parent 6:13'],
    );
  });

  it('reports unknown (error, with a suggestion), dropped (warning) and, for the editor, achieved (information) tags', () => {
    const summary = (problems: ReturnType<typeof tagProblems>) =>
      problems.map((p) => `${p.severity} ${p.code} ${path.relative(ws.root, p.file)}:${p.range.start.line}:${p.range.start.column} ${p.suggestion ?? ''}`.trim());
    assert.deepEqual(summary(tagProblems(index, ws.model)), [
      'error unknown-outcome src/search/rank.py:1:12 KR-1',
      'warning dropped-outcome src/other/util.ts:1:13',
    ]);
    const achievedModel = parseOutcomes(
      `version: 1\noutcomes:\n  - id: KR-1\n    title: A\n  - id: KR-2\n    title: B\n    status: achieved\n  - id: KR-3\n    title: C\n    status: dropped\n`,
      ws.model.file,
      ws.root,
    );
    index.setModel(achievedModel);
    try {
      assert.deepEqual(summary(tagProblems(index, achievedModel, { achieved: true })), [
        'error unknown-outcome src/search/rank.py:1:12 KR-1',
        'warning dropped-outcome src/other/util.ts:1:13',
        'info achieved-outcome src/checkout/cart.ts:1:13',
      ]);
      assert.equal(tagProblems(index, achievedModel).length, 2, 'the CLI does not report achieved tags');
    } finally {
      index.setModel(ws.model);
    }
  });
});
