// `outcome-lens report` and `outcome-lens coverage` end to end: real git repositories, metrics
// fetched by the real engine, exact output in every format, the job summary file, exit codes.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../helpers/cliIo';
import { isolateGitConfig, TempRepo } from '../git/tempRepo';
import { createReportRepo, expectedDocument, expectedMarkdown, reportConfig, reportNow } from '../report/reportRepo';
import type { ReportRepo } from '../report/reportRepo';

const coverageFixture = path.resolve(__dirname, '../../../../test/fixtures/coverage/workspace');

async function cli(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(root, { OUTCOME_LENS_NOW: reportNow, ...env });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

describe('outcome-lens report', function () {
  this.timeout(60_000);
  isolateGitConfig();
  let r: ReportRepo;
  let scratch: string;

  before(async () => {
    r = await createReportRepo();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-summary-'));
  });
  after(async () => {
    await r.repo.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  const report = (...args: string[]) => cli(r.root, ['report', '--no-cache', ...args]);

  it('prints the Markdown report, with the metric values fetched from their sources', async () => {
    const { code, out, err } = await report('--since', 'main');
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(out, expectedMarkdown(r));
  });

  it('--format json and --json print the documented JSON exactly', async () => {
    const viaFormat = await report('--since', 'main', '--format', 'json');
    assert.equal(viaFormat.code, 0);
    assert.deepEqual(JSON.parse(viaFormat.out), expectedDocument(r));
    assert.equal((await report('--since', 'main', '--json')).out, viaFormat.out);
  });

  it('--format github appends the summary to $GITHUB_STEP_SUMMARY and prints annotations', async () => {
    const summary = path.join(scratch, 'summary.md');
    await writeFile(summary, '# Earlier step\n');
    const { code, out, err } = await cli(r.root, ['report', '--no-cache', '--since', 'main', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(code, 0);
    assert.equal(err, '');
    assert.equal(await readFile(summary, 'utf8'), '# Earlier step\n' + expectedMarkdown(r));
    assert.equal(
      out,
      [
        '::warning file=outcomes.yaml,line=24,col=9,title=KR-2 is at risk::This change serves KR-2 "Cut search latency", which is at risk: metric p95: progress -17%25: not moving towards the target',
        '::notice file=notes/logo.png,title=Serves no outcome::notes/logo.png (added, binary) serves no outcome',
        '::notice file=notes/todo.txt,title=Serves no outcome::notes/todo.txt (added, +3 -0) serves no outcome',
        `::warning title=Unknown outcome in a commit trailer::Commit ${r.short('docs')} ("Document sign-up for @alice | <b>new</b>") names KR-9 in an Outcome: trailer, but outcomes.yaml has no such outcome`,
        '',
      ].join('\n'),
    );
  });

  it('--format github outside GitHub Actions writes the summary to stdout and says so', async () => {
    const { code, out, err } = await report('--since', 'main', '--format', 'github');
    assert.equal(code, 0);
    assert.ok(out.endsWith(expectedMarkdown(r)));
    assert.match(err, /GITHUB_STEP_SUMMARY is not set; writing the summary to stdout/);
  });

  it('exits 2 on usage errors, unknown revisions and folders without a config', async () => {
    const missing = await report();
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--since REV is required/);
    const badFormat = await report('--since', 'main', '--format', 'html');
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.err, /--format must be one of markdown, json, github, not "html"/);
    const contradiction = await report('--since', 'main', '--json', '--format', 'markdown');
    assert.equal(contradiction.code, 2);
    const unknown = await report('--since', 'origin/nope');
    assert.equal(unknown.code, 2);
    assert.equal(unknown.out, '');
    assert.match(unknown.err, /^outcome-lens report: unknown revision "origin\/nope"/);
    const noConfig = await cli(scratch, ['report', '--since', 'main']);
    assert.equal(noConfig.code, 2);
    assert.match(noConfig.err, /no outcome config found/);
  });

  it("fetches only the metrics of the outcomes the change serves (and their sub-outcomes')", async () => {
    const requested: string[] = [];
    const server = http.createServer((request, response) => {
      requested.push(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ value: 7 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const repo = await TempRepo.create('outcome-lens-report-fetch-');
    try {
      const metric = (id: string) => `    metrics:\n      - { id: ${id}, baseline: 0, target: 10, source: { type: http, url: "http://127.0.0.1:${port}/${id}", pointer: /value } }\n`;
      await repo.write(
        'outcomes.yaml',
        `version: 1\noutcomes:\n  - id: OBJ-1\n    title: Parent\n${metric('parent')}    paths: [src/a/]\n  - id: KR-1\n    parent: OBJ-1\n    title: Child\n${metric('child')}  - id: KR-2\n    title: Untouched\n${metric('other')}    paths: [src/b/]\n`,
      );
      await repo.commitAll('Initial');
      await repo.write('src/a/x.ts', 'x\n');
      const { code, out } = await cli(repo.root, ['report', '--no-cache', '--since', 'HEAD', '--json']);
      assert.equal(code, 0);
      assert.deepEqual(requested.sort(), ['/child', '/parent']);
      const document = JSON.parse(out) as { outcomes: { id: string; metrics: { value: number }[] }[] };
      assert.deepEqual(document.outcomes.map((o) => [o.id, o.metrics.map((m) => m.value)]), [['OBJ-1', [7]]]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await repo.dispose();
    }
  });

  it('exits 2 after the report when the config has errors', async () => {
    const repo = await TempRepo.create('outcome-lens-report-broken-');
    try {
      await repo.write('outcomes.yaml', reportConfig + '  - id: KR-7\n    title: Broken\n    parent: KR-404\n');
      await repo.write('src/search/a.py', 'x = 1\n');
      await repo.commitAll('Initial');
      await repo.write('src/search/a.py', 'x = 2\n');
      const { code, out, err } = await cli(repo.root, ['report', '--no-cache', '--since', 'HEAD']);
      assert.equal(code, 2);
      assert.match(out, /\| `src\/search\/a\.py` \| modified, uncommitted \| \+1 -1 \| path rule `src\/search\/` \(outcomes\.yaml:34\) \|/);
      assert.match(err, /config has 1 error; run outcome-lens check/);
    } finally {
      await repo.dispose();
    }
  });
});

describe('outcome-lens coverage', function () {
  this.timeout(60_000);
  isolateGitConfig();
  let repo: TempRepo;
  let scratch: string;

  before(async () => {
    repo = await TempRepo.create('outcome-lens-coverage-');
    await cp(coverageFixture, repo.root, { recursive: true });
    await mkdir(path.join(repo.root, 'assets'));
    await writeFile(path.join(repo.root, 'assets/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await repo.commitAll('Coverage fixture');
    scratch = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-summary-'));
  });
  after(async () => {
    await repo.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  const coverage = (...args: string[]) => cli(repo.root, ['coverage', ...args]);

  const expectedJson = {
    files: { total: 10, serving: 4, share: 0.4 },
    lines: { total: 53, serving: 10, share: 10 / 53 },
    folders: [
      { folder: '.', files: { total: 2, serving: 0, share: 0 }, lines: { total: 38, serving: 0, share: 0 } },
      { folder: 'assets', files: { total: 1, serving: 0, share: 0 }, lines: { total: 0, serving: 0, share: null } },
      { folder: 'docs', files: { total: 2, serving: 2, share: 1 }, lines: { total: 3, serving: 3, share: 1 } },
      { folder: 'src', files: { total: 5, serving: 2, share: 0.4 }, lines: { total: 12, serving: 7, share: 7 / 12 } },
    ],
    deadRules: [
      { outcome: 'KR-1', pattern: 'src/gone/', file: 'outcomes.yaml', line: 13, column: 9 },
      { outcome: 'KR-1', pattern: '!src/nowhere/', file: 'outcomes.yaml', line: 14, column: 9 },
      { outcome: 'KR-4', pattern: 'src/retention/', file: 'outcomes.yaml', line: 31, column: 9 },
    ],
    shadowedRules: [
      { outcome: 'KR-2', pattern: 'src/search/legacy/', file: 'outcomes.yaml', line: 20, column: 9, shadowedBy: [{ pattern: '!src/search/', line: 21, column: 9 }] },
    ],
    outcomesWithoutWork: [
      { id: 'KR-4', title: 'Reduce churn', state: 'active' },
      { id: 'KR-6', title: 'Later', state: 'paused' },
    ],
    filesWithoutOutcome: ['README.md', 'assets/logo.png', 'outcomes.yaml', 'src/checkout/legacy/old.js', 'src/search/legacy/a.py', 'src/search/util.py'],
  };

  const expectedMarkdownSummary = `## Outcome coverage

4 of 10 files (40%) and 10 of 53 lines (19%) serve at least one outcome.

| Folder | Files | Lines |
| --- | --- | --- |
| \`.\` | 0 of 2 (0%) | 0 of 38 (0%) |
| \`assets\` | 0 of 1 (0%) | 0 of 0 (—) |
| \`docs\` | 2 of 2 (100%) | 3 of 3 (100%) |
| \`src\` | 2 of 5 (40%) | 7 of 12 (58%) |

### Dead path rules

These rules match no file.

| Outcome | Rule | Where |
| --- | --- | --- |
| KR-1 | \`src/gone/\` | \`outcomes.yaml:13\` |
| KR-1 | \`!src/nowhere/\` | \`outcomes.yaml:14\` |
| KR-4 | \`src/retention/\` | \`outcomes.yaml:31\` |

### Shadowed path rules

Every file these rules match is excluded again by a later negation of the same outcome.

| Outcome | Rule | Where | Shadowed by |
| --- | --- | --- | --- |
| KR-2 | \`src/search/legacy/\` | \`outcomes.yaml:20\` | \`!src/search/\` (line 21) |

### Outcomes with no work

No file serves these outcomes or their sub-outcomes.

| Outcome | Title | State |
| --- | --- | --- |
| KR-4 | Reduce churn | active |
| KR-6 | Later | paused |

### Files serving no outcome

6 files:

- \`README.md\`
- \`assets/logo.png\`
- \`outcomes.yaml\`
- \`src/checkout/legacy/old.js\`
- \`src/search/legacy/a.py\`
- \`src/search/util.py\`
`;

  it('--json prints the documented shape exactly', async () => {
    const { code, out, err } = await coverage('--json');
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), expectedJson);
    assert.deepEqual(Object.keys(JSON.parse(out) as object), ['files', 'lines', 'folders', 'deadRules', 'shadowedRules', 'outcomesWithoutWork', 'filesWithoutOutcome']);
    assert.equal((await coverage('--format', 'json')).out, out);
  });

  it('prints a text summary for the terminal', async () => {
    const { code, out } = await coverage();
    assert.equal(code, 0);
    assert.equal(
      out,
      `Outcome coverage: 4 of 10 files (40%) and 10 of 53 lines (19%) serve at least one outcome.

folder       files        lines
.        0/2    0%   0/38    0%
assets   0/1    0%    0/0     —
docs     2/2  100%    3/3  100%
src      2/5   40%   7/12   58%

Dead path rules (they match no file):
  outcomes.yaml:13:9  KR-1  src/gone/
  outcomes.yaml:14:9  KR-1  !src/nowhere/
  outcomes.yaml:31:9  KR-4  src/retention/

Shadowed path rules (every file they match is excluded by a later negation):
  outcomes.yaml:20:9  KR-2  src/search/legacy/  (shadowed by !src/search/ on line 21)

Outcomes with no work (no file serves them or their sub-outcomes):
  KR-4  Reduce churn
  KR-6  Later [paused]

Files serving no outcome (6):
  README.md
  assets/logo.png
  outcomes.yaml
  src/checkout/legacy/old.js
  src/search/legacy/a.py
  src/search/util.py
`,
    );
  });

  it('--format markdown prints the job-summary Markdown', async () => {
    const { code, out } = await coverage('--format', 'markdown');
    assert.equal(code, 0);
    assert.equal(out, expectedMarkdownSummary);
  });

  it('--fail-under gates on the share of lines: exit 0 at or above, 1 below', async () => {
    assert.equal((await coverage('--fail-under', '18')).code, 0);
    assert.equal((await coverage('--fail-under', '18.8%')).code, 0);
    const below = await coverage('--fail-under', '19');
    assert.equal(below.code, 1);
    assert.match(below.err, /^outcome-lens coverage: 18\.9% of lines serve an outcome, under the 19% required by --fail-under\n$/);
    for (const bad of ['abc', '101', '-5', '']) {
      const result = await coverage(`--fail-under=${bad}`);
      assert.equal(result.code, 2, `--fail-under ${bad}`);
      assert.match(result.err, /--fail-under takes a percentage from 0 to 100/);
    }
  });

  it('--format github: annotations on stdout, the summary in $GITHUB_STEP_SUMMARY, the gate as an error', async () => {
    const summary = path.join(scratch, 'summary.md');
    const { code, out } = await cli(repo.root, ['coverage', '--format', 'github', '--fail-under', '50'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(code, 1);
    assert.equal(await readFile(summary, 'utf8'), expectedMarkdownSummary);
    assert.equal(
      out,
      [
        '::warning file=outcomes.yaml,line=13,col=9,title=Dead path rule::Path rule "src/gone/" of KR-1 matches no file',
        '::warning file=outcomes.yaml,line=14,col=9,title=Dead path rule::Path rule "!src/nowhere/" of KR-1 matches no file',
        '::warning file=outcomes.yaml,line=31,col=9,title=Dead path rule::Path rule "src/retention/" of KR-4 matches no file',
        '::warning file=outcomes.yaml,line=20,col=9,title=Shadowed path rule::Path rule "src/search/legacy/" of KR-2 never applies: every file it matches is excluded by "!src/search/" (line 21)',
        '::notice file=outcomes.yaml,line=28,col=9,title=Outcome with no work::No file serves KR-4 "Reduce churn" or its sub-outcomes',
        '::notice file=outcomes.yaml,line=35,col=9,title=Outcome with no work::No file serves KR-6 "Later" or its sub-outcomes',
        '::error title=Outcome coverage gate::Outcome coverage: 18.9%25 of lines serve an outcome, under the 50%25 required by --fail-under',
        '',
      ].join('\n'),
    );
  });

  it('--history counts commits that declare an outcome', async () => {
    await repo.write('src/search/util.py', 'X = 2\n');
    await repo.commitAll('Tune search\n\nOutcome: KR-2');
    try {
      const withHistory = JSON.parse((await coverage('--json', '--history')).out) as typeof expectedJson;
      assert.ok(!withHistory.filesWithoutOutcome.includes('src/search/util.py'));
      assert.equal(withHistory.files.serving, 5);
      const without = JSON.parse((await coverage('--json')).out) as typeof expectedJson;
      assert.ok(without.filesWithoutOutcome.includes('src/search/util.py'));
    } finally {
      await repo.git('reset', '-q', '--hard', 'HEAD~1');
    }
  });

  it('exits 2 without a config and on a bad --format', async () => {
    assert.equal((await cli(scratch, ['coverage'])).code, 2);
    const bad = await coverage('--format', 'xml');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format must be one of text, markdown, json, github/);
  });
});
