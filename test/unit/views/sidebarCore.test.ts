// The pure parts behind the sidebar, status bar and explorer: ticket catalog, files per
// outcome, the Outcomes filter and the one-line summaries users read.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseOutcomes } from '../../../src/core/config/loader';
import type { OutcomeModel } from '../../../src/core/config/model';
import { recentCommits } from '../../../src/core/git/history';
import { filesByOutcome } from '../../../src/core/index/outcomeFiles';
import { reasonKinds } from '../../../src/core/index/reasons';
import { groupTickets, sightingSummary, ticketCatalog, ticketLink } from '../../../src/core/index/ticketCatalog';
import { WorkspaceIndex } from '../../../src/core/index/workspaceIndex';
import type { MetricStatusView, ModelStatus } from '../../../src/core/metrics/modelStatus';
import { assessModel } from '../../../src/core/metrics/modelStatus';
import { describeFilter, noFilter, ownersOf, visibleOutcomeIds } from '../../../src/core/metrics/outcomeFilter';
import { metricSummary, outcomeSummary, reasonText, worstFirst, worstSummary } from '../../../src/core/metrics/summaryText';
import type { MetricStatus } from '../../../src/core/metrics/status';
import { nodeGitRunner } from '../../../src/core/node/nodeHost';
import { isolateGitConfig, TempRepo } from '../git/tempRepo';
import { createIndexWorkspace, nodePorts } from '../index/indexFixture';

const config = `version: 1
tickets:
  patterns: ['[A-Z][A-Z0-9]+-\\d+']
  url: https://tracker.example.com/browse/{id}
outcomes:
  - id: OBJ-1
    title: Objective
    owner: "@lead"
  - id: KR-1
    parent: OBJ-1
    title: Conversion
    owner: "@payments"
    start: 2026-01-01
    due: 2026-12-31
    metrics:
      - { id: conv, unit: "%", baseline: 3, target: 4, source: { type: static, value: 3.5 } }
    tickets: [PAY-12, PAY-4]
  - id: KR-2
    parent: OBJ-1
    title: Latency
    owner: "@search"
    status: paused
    metrics:
      - { id: p95, unit: ms, baseline: 800, target: 400, source: { type: static, value: 900 } }
    tickets: [PAY-4]
  - id: KR-3
    title: Two metrics
    metrics:
      - { id: a, baseline: 0, target: 10, source: { type: static, value: 5 } }
      - { id: b, baseline: 0, target: 10, source: { type: static, value: 6 } }
`;

function model(): OutcomeModel {
  return parseOutcomes(config, '/ws/outcomes.yaml', '/ws');
}

function statusOf(m: OutcomeModel, now = Date.parse('2026-07-02T00:00:00Z')): ModelStatus {
  // Static sources: the value is in the config.
  return assessModel(
    m,
    (key) => {
      const [outcomeId, metricId] = key.split('/');
      const source = m.byId.get(outcomeId ?? '')?.metrics.find((x) => x.spec.id === metricId)?.source;
      return source?.type === 'static' ? { value: source.value, asOf: now, history: [], stale: false } : undefined;
    },
    now,
  );
}

describe('Sidebar core', () => {
  describe('ticket catalog', () => {
    it('lists config, branch, comment and commit tickets; unlisted ones are untagged, with trailer hints', () => {
      const m = model();
      const tickets = ticketCatalog({
        model: m,
        comments: [
          { id: 'PAY-12', file: 'src/cart.ts', line: 14, column: 9 },
          { id: 'ONB-3', file: 'src/tour.ts', line: 2, column: 4 },
          // An outcome ID matches the ticket pattern, but it is not a ticket.
          { id: 'KR-1', file: 'src/cart.ts', line: 1, column: 13 },
          // Nor is an unknown outcome ID that a tag uses elsewhere.
          { id: 'KR-9', file: 'src/tour.ts', line: 2, column: 4 },
        ],
        tagIds: new Set(['KR-9']),
        branch: { name: 'PAY-12-faster', tickets: ['PAY-12'] },
        commits: [
          { sha: 'b'.repeat(40), shortSha: 'bbbbbbb', authorTime: 2, subject: 'Fix ONB-3 and PAY-4', message: 'Fix ONB-3 and PAY-4\n\nOutcome: KR-2', trailers: [{ key: 'Outcome', value: 'KR-2' }] },
          { sha: 'a'.repeat(40), shortSha: 'aaaaaaa', authorTime: 1, subject: 'Start ONB-3', message: 'Start ONB-3', trailers: [] },
        ],
      });
      assert.deepEqual(
        tickets.map((t) => `${t.id} [${t.outcomeIds.join(',')}] ${sightingSummary(t)}${t.suggestedOutcomeIds.length ? ` suggests ${t.suggestedOutcomeIds.join(',')}` : ''}`),
        ['ONB-3 [] 1 comment · 2 commits suggests KR-2', 'PAY-4 [KR-1,KR-2] 1 commit', 'PAY-12 [KR-1] branch · 1 comment'],
      );
      assert.deepEqual(
        tickets.find((t) => t.id === 'PAY-12')?.sightings.map((s) => s.kind),
        ['config', 'branch', 'comment'],
      );
      assert.deepEqual(
        groupTickets(m, tickets).map((g) => `${g.outcomeId ?? 'untagged'}: ${g.tickets.map((t) => t.id).join(', ')}`),
        ['KR-1: PAY-4, PAY-12', 'KR-2: PAY-4', 'untagged: ONB-3'],
      );
      assert.equal(ticketLink(m, 'PAY-4'), 'https://tracker.example.com/browse/PAY-4');
      assert.equal(sightingSummary({ id: 'X-1', outcomeIds: ['KR-1'], suggestedOutcomeIds: [], sightings: [{ kind: 'config', outcomeId: 'KR-1', line: 1, column: 1 }] }), 'config only');
    });
  });

  describe('recent commits and comment tickets from a real repository', function () {
    this.timeout(30_000);
    isolateGitConfig();

    it('reads the newest commits, bounded, newest first; empty before the first commit', async () => {
      const repo = await TempRepo.create('outcome-lens-recent-');
      try {
        assert.deepEqual(await recentCommits(repo.root, nodeGitRunner, { maxCount: 5 }), []);
        for (const n of [1, 2, 3]) {
          await repo.write(`f${n}.txt`, `${n}\n`);
          await repo.commitAll(`Commit ${n} for PAY-${n}\n\nOutcome: KR-1`);
        }
        const commits = await recentCommits(repo.root, nodeGitRunner, { maxCount: 2 });
        assert.deepEqual(commits.map((c) => c.subject), ['Commit 3 for PAY-3', 'Commit 2 for PAY-2']);
        assert.deepEqual(commits[0]?.trailers, [{ key: 'Outcome', value: 'KR-1' }]);
      } finally {
        await repo.dispose();
      }
    });

    it('the index lists every ticket in comments, mapped or not, by file and line', async () => {
      const ws = await createIndexWorkspace();
      try {
        await writeFile(path.join(ws.root, 'src/other/todo.ts'), '// @outcome KR-3\n// TODO(ZZZ-9): unmapped\n');
        const index = await WorkspaceIndex.build(ws.root, ws.model, nodePorts);
        const mentions = index.ticketMentions().map((t) => `${t.file}:${t.line} ${t.id}`);
        assert.ok(mentions.includes('src/other/todo.ts:2 ZZZ-9'), mentions.join('\n'));
        assert.deepEqual([...mentions].sort(), mentions.slice().sort(), 'sorted by file');
        const files = filesByOutcome(index);
        for (const [outcomeId, list] of files) {
          assert.deepEqual(list.map((f) => f.path), index.filesServing(outcomeId), outcomeId);
          for (const file of list) {
            const reasons = index.entry(file.path)?.outcomes.find((o) => o.outcomeId === outcomeId)?.reasons ?? [];
            assert.deepEqual(file.kinds, reasonKinds.filter((kind) => reasons.some((r) => r.kind === kind)), `${outcomeId} ${file.path}`);
          }
        }
        assert.deepEqual(files.get('KR-3')?.find((f) => f.path === 'src/other/todo.ts')?.kinds, ['tag']);
        await writeFile(path.join(ws.root, 'src/checkout/cart.ts'), '// @outcome KR-1\n');
        await index.updateFile('src/checkout/cart.ts');
        assert.deepEqual(filesByOutcome(index).get('KR-1')?.find((f) => f.path === 'src/checkout/cart.ts')?.kinds, ['path', 'tag']);
      } finally {
        await ws.repo.dispose();
      }
    });
  });

  describe('outcome filter', () => {
    it('keeps matching outcomes and their ancestors; owners and open editors narrow it', () => {
      const m = model();
      const status = statusOf(m);
      const statusOfId = (id: string): MetricStatus => status.outcomes.get(id)?.status ?? 'no-data';
      assert.equal(visibleOutcomeIds(m, statusOfId, noFilter), undefined, 'no filter: everything');
      // KR-2 (paused, worse than its baseline) is at risk; OBJ-1 comes along as its parent.
      assert.equal(statusOfId('KR-2'), 'at-risk');
      assert.equal(statusOfId('OBJ-1'), 'on-track');
      assert.deepEqual([...(visibleOutcomeIds(m, statusOfId, { statuses: ['at-risk'], owners: [] }) ?? [])], ['KR-2', 'OBJ-1']);
      assert.deepEqual([...(visibleOutcomeIds(m, statusOfId, { statuses: [], owners: ['@payments'] }) ?? [])].sort(), ['KR-1', 'OBJ-1']);
      assert.deepEqual([...(visibleOutcomeIds(m, statusOfId, noFilter, new Set(['KR-3'])) ?? [])], ['KR-3']);
      assert.deepEqual([...(visibleOutcomeIds(m, statusOfId, { statuses: [], owners: ['@payments'] }, new Set(['KR-3'])) ?? [])], []);
      assert.deepEqual(ownersOf([m]), ['@lead', '@payments', '@search']);
      assert.equal(describeFilter({ statuses: ['at-risk', 'off-track'], owners: ['@payments'] }, true), 'at risk, off track · @payments · open editors');
      assert.equal(describeFilter(noFilter, false), undefined);
    });
  });

  describe('summaries', () => {
    it('reads an outcome as its only metric, or its rolled-up status; non-active and owner around it', () => {
      const m = model();
      const status = statusOf(m);
      const text = (id: string) => {
        const outcome = m.byId.get(id);
        assert.ok(outcome);
        return outcomeSummary(outcome, status);
      };
      // 3.5 from 3 towards 4 is 50 % done, 50 % expected on 2 July: on track.
      assert.equal(text('KR-1'), '3.5 % → 4 % · on track · @payments');
      assert.equal(text('KR-2'), 'paused · 900 ms → 400 ms · at risk · @search');
      assert.equal(text('KR-3'), 'on track');
      assert.equal(text('OBJ-1'), 'on track · @lead', 'paused KR-2 does not count towards its parent');
      assert.equal(metricSummary('%', 4, undefined), '— → 4 % · no data');
      const view: MetricStatusView = { outcomeId: 'KR-1', metricId: 'conv', reading: { value: 3.4, history: [], stale: false }, assessment: { status: 'at-risk', reason: '', counts: true } };
      assert.equal(metricSummary('%', 4, view), '3.4 % → 4 % · at risk');
    });

    it('names each reason with where to find it', () => {
      assert.deepEqual(reasonText({ kind: 'path', outcomeId: 'KR-1', pattern: 'src/checkout/', line: 38 }, 'outcomes.yaml'), { label: 'path src/checkout/', detail: 'outcomes.yaml:38' });
      assert.deepEqual(reasonText({ kind: 'tag', outcomeId: 'KR-1', line: 1, column: 13 }, 'outcomes.yaml'), { label: 'tag @outcome KR-1', detail: 'line 1' });
      assert.deepEqual(reasonText({ kind: 'ticket', outcomeId: 'KR-1', ticket: 'PAY-31', line: 14, column: 9 }, 'outcomes.yaml'), { label: 'ticket PAY-31', detail: 'line 14' });
      assert.deepEqual(reasonText({ kind: 'history', outcomeId: 'KR-1', sha: 'a'.repeat(40), shortSha: 'aaaaaaa', subject: 'Retry', via: 'ticket', ticket: 'PAY-12' }, 'outcomes.yaml'), {
        label: 'commit aaaaaaa',
        detail: 'Retry · mentions PAY-12',
      });
    });

    it('puts the worst outcome first and counts the rest', () => {
      const items = [
        { id: 'KR-1', status: 'on-track' as const },
        { id: 'KR-2', status: 'at-risk' as const },
        { id: 'KR-3', status: 'no-data' as const },
      ];
      assert.deepEqual(worstFirst(items).map((i) => i.id), ['KR-2', 'KR-3', 'KR-1']);
      assert.equal(worstSummary(items), 'KR-2 · at risk +2');
      assert.equal(worstSummary([{ id: 'KR-1', status: 'on-track' }]), 'KR-1 · on track');
      assert.equal(worstSummary([]), undefined);
    });
  });
});
