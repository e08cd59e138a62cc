// A real git repository with the history a pull request has: a feature branch with commits
// with and without `Outcome:` trailers, a rename, a deletion, a side branch merged in, the main
// branch moving on after the branch point, and uncommitted, untracked, binary and ignored files.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChangeReportJson } from '../../../src/core/report/changeReport';
import { TempRepo } from '../git/tempRepo';

export const reportConfig = `version: 1
tickets:
  patterns: ['PAY-\\d+', 'SRCH-\\d+']
  url: https://tracker.example.com/browse/{id}
outcomes:
  - id: OBJ-1
    title: Customers buy without friction
  - id: KR-1
    parent: OBJ-1
    title: Raise checkout conversion
    start: 2026-10-01
    due: 2027-03-31
    metrics:
      - id: conversion
        name: Checkout conversion
        unit: "%"
        baseline: 3
        target: 4
        source: { type: static, value: 3.5, asOf: 2026-11-01 }
    paths:
      - src/checkout/
      - "!src/checkout/legacy/"
    tickets: [PAY-12]
  - id: KR-2
    parent: OBJ-1
    title: Cut search latency
    metrics:
      - id: p95
        unit: ms
        baseline: 900
        target: 600
        source: { type: static, value: 950 }
    paths:
      - src/search/
    tickets: [SRCH-7]
  - id: KR-3
    title: Activate new accounts
    paths:
      - src/onboarding/
`;

export interface ReportRepo {
  repo: TempRepo;
  root: string;
  /** Full SHAs by name. */
  sha: Record<'initial' | 'retry' | 'rename' | 'docs' | 'merge' | 'removeLegacy' | 'mainMoves', string>;
  short(name: keyof ReportRepo['sha']): string;
}

let tick = 0;

/** Runs `git` with distinct, fixed author and committer dates, so the order of commits is stable. */
async function dated(repo: TempRepo, ...args: string[]): Promise<string> {
  const date = `2026-10-${String(10 + tick++).padStart(2, '0')}T12:00:00Z`;
  const saved = { author: process.env['GIT_AUTHOR_DATE'], committer: process.env['GIT_COMMITTER_DATE'] };
  process.env['GIT_AUTHOR_DATE'] = date;
  process.env['GIT_COMMITTER_DATE'] = date;
  try {
    await repo.git(...args);
  } finally {
    for (const [key, value] of [['GIT_AUTHOR_DATE', saved.author], ['GIT_COMMITTER_DATE', saved.committer]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return (await repo.git('rev-parse', 'HEAD')).trim();
}

async function commit(repo: TempRepo, message: string): Promise<string> {
  return dated(repo, 'commit', '-q', '--no-verify', '-m', message);
}

/** Call inside a `describe` that has called `isolateGitConfig()`. */
export async function createReportRepo(): Promise<ReportRepo> {
  tick = 0;
  const repo = await TempRepo.create('outcome-lens-report-');
  await repo.write('outcomes.yaml', reportConfig);
  await repo.write('.gitignore', 'build/\n');
  await repo.write('README.md', '# Shop\n');
  await repo.write('src/checkout/cart.ts', 'export const cart = [];\n');
  await repo.write('src/checkout/payment.ts', 'export function pay() {\n  return true;\n}\n');
  await repo.write('src/checkout/legacy/old.js', '// @outcome KR-1\n// The cart before the rewrite.\nmodule.exports = {};\n');
  await repo.write('src/search/rank.py', 'def rank(items):\n    return items\n');
  await repo.write('docs/guide.md', '# Guide\n');
  await repo.write('scripts/build.sh', 'echo build\n');
  await repo.git('add', '-A');
  const initial = await commit(repo, 'Initial import');

  await repo.git('switch', '-q', '-c', 'feature');
  await repo.write('src/checkout/payment.ts', 'export function pay() {\n  return retry(3);\n}\n');
  await repo.git('add', '-A');
  const retry = await commit(repo, 'Retry failed payments\n\nOutcome: KR-1');
  await repo.git('mv', 'src/search/rank.py', 'src/search/ranking.py');
  const rename = await commit(repo, 'Rename rank to ranking\n\nPart of SRCH-7.');

  await repo.git('switch', '-q', '-c', 'docs', initial);
  await repo.write('docs/guide.md', '# Guide\n\nHow to sign up.\n');
  await repo.git('add', '-A');
  const docs = await commit(repo, 'Document sign-up for @alice | <b>new</b>\n\nOutcome: KR-3, KR-9');

  await repo.git('switch', '-q', 'feature');
  const merge = await dated(repo, 'merge', '-q', '--no-ff', '--no-edit', '-m', "Merge branch 'docs' into feature", 'docs');

  await repo.git('rm', '-q', 'src/checkout/legacy/old.js', 'scripts/build.sh');
  const removeLegacy = await commit(repo, 'Remove the legacy cart (PAY-12)');

  await repo.git('switch', '-q', 'main');
  await repo.write('README.md', '# Shop\n\nNow with more.\n');
  await repo.git('add', '-A');
  const mainMoves = await commit(repo, 'Main moves on\n\nOutcome: KR-2');
  await repo.git('switch', '-q', 'feature');

  // The working tree: an edit, untracked files (one binary), an ignored file.
  await repo.write('src/checkout/cart.ts', 'export const cart = [];\nexport const total = 0;\n');
  await repo.write('src/onboarding/tour.ts', '// @outcome KR-3\nexport const steps = 3;\n');
  await repo.write('notes/todo.txt', 'one\ntwo\nthree');
  await writeFile(path.join(repo.root, 'notes/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
  await repo.write('build/out.js', 'ignored\n');

  const sha = { initial, retry, rename, docs, merge, removeLegacy, mainMoves };
  return { repo, root: repo.root, sha, short: (name) => sha[name].slice(0, 7) };
}

/** The time the expected reports are computed at (`OUTCOME_LENS_NOW`). */
export const reportNow = '2026-11-05';

/**
 * The Markdown report of `createReportRepo()` since `main` at `reportNow`, with the static
 * metric values (KR-1: 3.5 % from a 3 % baseline towards 4 %, 35 of 182 days into its
 * schedule; KR-2: 950 ms from 900 ms towards 600 ms, going the wrong way).
 */
export function expectedMarkdown(r: ReportRepo): string {
  return `## Outcome report

Changes since \`main\` (merge base \`${r.short('initial')}\`): 9 files changed, +9 -5 lines, 5 commits.

7 files serve 3 outcomes. 2 files serve no outcome: 3 of 14 changed lines (21%).

| Outcome | Status | Metrics | Changed files |
| --- | --- | --- | --- |
| KR-1 Raise checkout conversion | on track | Checkout conversion: 3.5 % → 4 %, progress 50% (expected 19%), on track | 4 |
| KR-2 Cut search latency | at risk | p95: 950 ms → 600 ms, progress -17%, at risk | 1 |
| KR-3 Activate new accounts | no data | no metrics | 2 |

### KR-1 Raise checkout conversion

Status: on track — metric conversion: progress 50% against 19% expected by now. Part of OBJ-1.

| File | Change | Lines | Why |
| --- | --- | --- | --- |
| \`scripts/build.sh\` | deleted | +0 -1 | commit \`${r.short('removeLegacy')}\` (mentions PAY-12) |
| \`src/checkout/cart.ts\` | modified, uncommitted | +1 -0 | path rule \`src/checkout/\` (outcomes.yaml:21) |
| \`src/checkout/legacy/old.js\` | deleted | +0 -3 | tag on line 1; commit \`${r.short('removeLegacy')}\` (mentions PAY-12) |
| \`src/checkout/payment.ts\` | modified | +1 -1 | path rule \`src/checkout/\` (outcomes.yaml:21); commit \`${r.short('retry')}\` (Outcome: trailer) |

### KR-2 Cut search latency

Status: at risk — metric p95: progress -17%: not moving towards the target. Part of OBJ-1.

| File | Change | Lines | Why |
| --- | --- | --- | --- |
| \`src/search/ranking.py\` | renamed from \`src/search/rank.py\` | +0 -0 | path rule \`src/search/\` (outcomes.yaml:34); commit \`${r.short('rename')}\` (mentions SRCH-7) |

### KR-3 Activate new accounts

Status: no data — no metrics with a target.

| File | Change | Lines | Why |
| --- | --- | --- | --- |
| \`docs/guide.md\` | modified | +2 -0 | commit \`${r.short('docs')}\` (Outcome: trailer) |
| \`src/onboarding/tour.ts\` | added, uncommitted | +2 -0 | path rule \`src/onboarding/\` (outcomes.yaml:39); tag on line 1 |

### Changed files serving no outcome

2 files, 3 of 14 changed lines (21%).

| File | Change | Lines |
| --- | --- | --- |
| \`notes/logo.png\` | added, uncommitted | binary |
| \`notes/todo.txt\` | added, uncommitted | +3 -0 |

### Commits

| Commit | Subject | Outcome trailers | Tickets |
| --- | --- | --- | --- |
| \`${r.short('retry')}\` | Retry failed payments | KR-1 |   |
| \`${r.short('rename')}\` | Rename rank to ranking |   | [SRCH-7](<https://tracker.example.com/browse/SRCH-7>) |
| \`${r.short('docs')}\` | Document sign-up for @&#8203;alice \\| \\<b\\>new\\</b\\> | KR-3, KR-9 (unknown) |   |
| \`${r.short('merge')}\` | Merge branch 'docs' into feature (merge) |   |   |
| \`${r.short('removeLegacy')}\` | Remove the legacy cart (PAY-12) |   | [PAY-12](<https://tracker.example.com/browse/PAY-12>) |
`;
}

/** The JSON document of `createReportRepo()` since main, exactly. */
export function expectedDocument(r: ReportRepo): ChangeReportJson {
  const file = (path: string, change: string, linesAdded: number | null, linesDeleted: number | null, uncommitted: boolean, oldPath: string | null = null) => ({
    path,
    oldPath,
    change,
    linesAdded,
    linesDeleted,
    uncommitted,
  });
  const pathReason = (pattern: string, line: number) => ({ kind: 'path', pattern, configFile: 'outcomes.yaml', line });
  const history = (name: keyof ReportRepo['sha'], subject: string, via: 'trailer' | 'ticket', ticket?: string) => ({
    kind: 'history',
    sha: r.sha[name],
    shortSha: r.short(name),
    subject,
    via,
    ...(ticket === undefined ? {} : { ticket }),
  });
  const removeLegacy = history('removeLegacy', 'Remove the legacy cart (PAY-12)', 'ticket', 'PAY-12');
  const commit = (name: keyof ReportRepo['sha'], subject: string, date: string, extra: Partial<ChangeReportJson['commits'][number]> = {}) => ({
    sha: r.sha[name],
    shortSha: r.short(name),
    subject,
    date,
    merge: false,
    outcomeTrailers: [],
    tickets: [],
    outcomes: [],
    unknownOutcomes: [],
    ...extra,
  });
  return {
    since: 'main',
    base: r.sha.initial,
    head: r.sha.removeLegacy,
    totals: { files: 9, servingFiles: 7, outcomes: 3, linesAdded: 9, linesDeleted: 5, commits: 5 },
    outcomes: [
      {
        id: 'KR-1',
        title: 'Raise checkout conversion',
        parent: 'OBJ-1',
        state: 'active',
        status: 'on-track',
        statusReason: 'metric conversion: progress 50% against 19% expected by now',
        progress: 0.5,
        metrics: [
          {
            id: 'conversion',
            name: 'Checkout conversion',
            value: 3.5,
            unit: '%',
            baseline: 3,
            target: 4,
            progress: 0.5,
            expected: 35 / 182,
            status: 'on-track',
            asOf: '2026-11-01T00:00:00.000Z',
          },
        ],
        files: [
          { ...file('scripts/build.sh', 'deleted', 0, 1, false), reasons: [removeLegacy] },
          { ...file('src/checkout/cart.ts', 'modified', 1, 0, true), reasons: [pathReason('src/checkout/', 21)] },
          { ...file('src/checkout/legacy/old.js', 'deleted', 0, 3, false), reasons: [{ kind: 'tag', line: 1, column: 13 }, removeLegacy] },
          {
            ...file('src/checkout/payment.ts', 'modified', 1, 1, false),
            reasons: [pathReason('src/checkout/', 21), history('retry', 'Retry failed payments', 'trailer')],
          },
        ],
      },
      {
        id: 'KR-2',
        title: 'Cut search latency',
        parent: 'OBJ-1',
        state: 'active',
        status: 'at-risk',
        statusReason: 'metric p95: progress -17%: not moving towards the target',
        progress: 0,
        metrics: [
          { id: 'p95', name: 'p95', value: 950, unit: 'ms', baseline: 900, target: 600, progress: -50 / 300, expected: null, status: 'at-risk', asOf: '2026-11-05T00:00:00.000Z' },
        ],
        files: [
          {
            ...file('src/search/ranking.py', 'renamed', 0, 0, false, 'src/search/rank.py'),
            reasons: [pathReason('src/search/', 34), history('rename', 'Rename rank to ranking', 'ticket', 'SRCH-7')],
          },
        ],
      },
      {
        id: 'KR-3',
        title: 'Activate new accounts',
        parent: null,
        state: 'active',
        status: 'no-data',
        statusReason: 'no metrics with a target',
        progress: null,
        metrics: [],
        files: [
          { ...file('docs/guide.md', 'modified', 2, 0, false), reasons: [history('docs', 'Document sign-up for @alice | <b>new</b>', 'trailer')] },
          { ...file('src/onboarding/tour.ts', 'added', 2, 0, true), reasons: [pathReason('src/onboarding/', 39), { kind: 'tag', line: 1, column: 13 }] },
        ],
      },
    ],
    unserved: {
      files: [file('notes/logo.png', 'added', null, null, true), file('notes/todo.txt', 'added', 3, 0, true)],
      linesChanged: 3,
      share: 3 / 14,
    },
    commits: [
      commit('retry', 'Retry failed payments', '2026-10-11T12:00:00.000Z', { outcomeTrailers: ['KR-1'], outcomes: ['KR-1'] }),
      commit('rename', 'Rename rank to ranking', '2026-10-12T12:00:00.000Z', { tickets: ['SRCH-7'], outcomes: ['KR-2'] }),
      commit('docs', 'Document sign-up for @alice | <b>new</b>', '2026-10-13T12:00:00.000Z', {
        outcomeTrailers: ['KR-3', 'KR-9'],
        outcomes: ['KR-3'],
        unknownOutcomes: ['KR-9'],
      }),
      commit('merge', "Merge branch 'docs' into feature", '2026-10-14T12:00:00.000Z', { merge: true }),
      commit('removeLegacy', 'Remove the legacy cart (PAY-12)', '2026-10-15T12:00:00.000Z', { tickets: ['PAY-12'], outcomes: ['KR-1'] }),
    ],
  } as ChangeReportJson;
}

