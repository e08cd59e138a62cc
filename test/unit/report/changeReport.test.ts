// The change report built from real git repositories: committed and working-tree changes,
// renames, deletions, a merge, trailers and tickets, and the exact Markdown and JSON.
import assert from 'node:assert/strict';
import { loadOutcomes } from '../../../src/core/config/loader';
import type { OutcomeModel } from '../../../src/core/config/model';
import { ChangeRangeError } from '../../../src/core/git/changes';
import type { MetricReading } from '../../../src/core/metrics/metricTypes';
import { assessModel } from '../../../src/core/metrics/modelStatus';
import type { ModelStatus } from '../../../src/core/metrics/modelStatus';
import { nodeFileSystem, nodeGitRunner } from '../../../src/core/node/nodeHost';
import { buildChangeReport } from '../../../src/core/report/changeReport';
import { changeReportMarkdown } from '../../../src/core/report/reportMarkdown';
import { isolateGitConfig, TempRepo } from '../git/tempRepo';
import { createReportRepo, expectedDocument, expectedMarkdown, reportConfig, reportNow } from './reportRepo';
import type { ReportRepo } from './reportRepo';

const ports = { fs: nodeFileSystem, git: nodeGitRunner };
const now = Date.parse(reportNow);

/** What a refresh of the static sources gives at `reportNow` (as the CLI's engine would). */
export const staticReadings: Record<string, MetricReading> = {
  'KR-1/conversion': { value: 3.5, asOf: Date.parse('2026-11-01'), history: [{ t: Date.parse('2026-11-01'), v: 3.5 }], stale: false },
  'KR-2/p95': { value: 950, asOf: now, history: [{ t: now, v: 950 }], stale: false },
};

function statusOf(model: OutcomeModel, readings: Record<string, MetricReading> = staticReadings): ModelStatus {
  return assessModel(model, (key) => readings[key], now);
}

async function modelAt(root: string): Promise<OutcomeModel> {
  const model = await loadOutcomes(root, nodeFileSystem);
  assert.ok(model, 'the config loads');
  assert.deepEqual(model.problems, []);
  return model;
}

describe('change report', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let r: ReportRepo;
  let model: OutcomeModel;

  before(async () => {
    r = await createReportRepo();
    model = await modelAt(r.root);
  });
  after(async () => r.repo.dispose());

  const build = (since: string, root = r.root, m = model) => buildChangeReport({ root, model: m, since, status: statusOf(m), ports, configFile: 'outcomes.yaml' });

  it('groups the changes since main by outcome, with reasons, status, unserved files and commits (JSON)', async () => {
    const report = await build('main');
    assert.deepEqual(report.document, expectedDocument(r));
    // Key order is part of the contract.
    assert.deepEqual(Object.keys(report.document), ['since', 'base', 'head', 'totals', 'outcomes', 'unserved', 'commits']);
    assert.deepEqual(Object.keys(report.document.outcomes[0] ?? {}), ['id', 'title', 'parent', 'state', 'status', 'statusReason', 'progress', 'metrics', 'files']);
  });

  it('renders the exact Markdown for a pull request', async () => {
    assert.equal(changeReportMarkdown(await build('main')), expectedMarkdown(r));
  });

  it('leaves out what landed on the base branch after the branch point', async () => {
    const report = await build('main');
    const paths = [...report.document.outcomes.flatMap((o) => o.files), ...report.document.unserved.files].map((f) => f.path);
    assert.ok(!paths.includes('README.md'), 'README.md changed on main only');
    assert.ok(!report.document.commits.some((c) => c.sha === r.sha.mainMoves));
    assert.ok(!paths.includes('build/out.js'), 'ignored files are not work');
  });

  it('since HEAD reports the uncommitted changes only, and no commits', async () => {
    const { document } = await build('HEAD');
    assert.equal(document.base, r.sha.removeLegacy);
    assert.deepEqual(document.commits, []);
    assert.deepEqual(
      [...document.outcomes.flatMap((o) => o.files.map((f) => `${o.id} ${f.path} ${f.change}`)), ...document.unserved.files.map((f) => `- ${f.path} ${f.change}`)],
      ['KR-1 src/checkout/cart.ts modified', 'KR-3 src/onboarding/tour.ts added', '- notes/logo.png added', '- notes/todo.txt added'],
    );
    assert.match(changeReportMarkdown(await build('HEAD')), /4 files changed, \+6 -0 lines, no commits yet \(uncommitted changes only\)\./);
  });

  it('a revision on the same branch: the commits after it, and the files they and the working tree changed', async () => {
    const { document } = await build(r.sha.merge);
    assert.deepEqual(
      document.commits.map((c) => c.subject),
      ['Remove the legacy cart (PAY-12)'],
    );
    assert.deepEqual(document.outcomes.map((o) => o.id), ['KR-1', 'KR-3']);
  });

  it('refuses unknown revisions, option-like revisions, and folders outside git', async () => {
    await assert.rejects(build('no-such-branch'), (e: Error) => e instanceof ChangeRangeError && /unknown revision "no-such-branch"/.test(e.message));
    await assert.rejects(build('--output=/tmp/x'), (e: Error) => e instanceof ChangeRangeError && /is not a revision/.test(e.message));
    await assert.rejects(build(''), ChangeRangeError);
    const plain = await TempRepo.create('outcome-lens-report-plain-', false);
    try {
      await plain.write('outcomes.yaml', reportConfig);
      await assert.rejects(build('main', plain.root, await modelAt(plain.root)), (e: Error) => e instanceof ChangeRangeError && /not inside a git repository/.test(e.message));
    } finally {
      await plain.dispose();
    }
  });

  it('a repository without commits says so', async () => {
    const empty = await TempRepo.create('outcome-lens-report-empty-');
    try {
      await empty.write('outcomes.yaml', reportConfig);
      await assert.rejects(build('main', empty.root, await modelAt(empty.root)), (e: Error) => e instanceof ChangeRangeError && /no commits yet/.test(e.message));
    } finally {
      await empty.dispose();
    }
  });

  it('unrelated histories have no merge base', async () => {
    // A root commit of its own (the empty tree), made without touching the working tree.
    const emptyTree = (await r.repo.git('hash-object', '-t', 'tree', '/dev/null')).trim();
    const orphan = (await r.repo.git('commit-tree', emptyTree, '-m', 'Elsewhere')).trim();
    await assert.rejects(build(orphan), (e: Error) => e instanceof ChangeRangeError && /no common history/.test(e.message));
  });
});

describe('change report in a folder inside the repository', function () {
  this.timeout(30_000);
  isolateGitConfig();

  it('lists only the files under the folder, relative to it, with their history', async () => {
    const repo = await TempRepo.create('outcome-lens-report-sub-');
    try {
      await repo.write('app/outcomes.yaml', reportConfig);
      await repo.write('app/src/search/rank.py', 'x = 1\n');
      await repo.write('other/file.txt', 'a\n');
      await repo.commitAll('Initial');
      await repo.write('app/src/search/rank.py', 'x = 2\n');
      await repo.write('app/docs/a.md', 'a\n');
      await repo.write('other/file.txt', 'b\n');
      await repo.commitAll('Faster search\n\nOutcome: KR-2');
      const root = `${repo.root}/app`;
      const m = await modelAt(root);
      const { document } = await buildChangeReport({ root, model: m, since: 'HEAD~1', status: statusOf(m), ports, configFile: 'outcomes.yaml' });
      assert.deepEqual(
        document.outcomes.map((o) => [o.id, o.files.map((f) => `${f.path}: ${f.reasons.map((x) => x.kind).join(', ')}`)]),
        [['KR-2', ['docs/a.md: history', 'src/search/rank.py: path, history']]],
      );
      assert.deepEqual(document.unserved.files, []);
    } finally {
      await repo.dispose();
    }
  });
});
