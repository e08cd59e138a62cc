// `--format github` names files the way GitHub resolves them: relative to the repository it
// checked out, not to --root. A monorepo with its config in services/payments/, real git.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../helpers/cliIo';
import { isolateGitConfig, TempRepo } from '../git/tempRepo';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/config');

async function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(cwd, { OUTCOME_LENS_NOW: '2026-11-05', ...env });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const paymentsConfig = `version: 1
outcomes:
  - id: KR-1
    title: Cut payment failures
    ownr: alice
    metrics:
      - id: failures
        unit: "%"
        baseline: 5
        target: 1
        source: { type: static, value: 6 }
    paths:
      - src/
      - gone/
  - id: KR-2
    title: Faster refunds
`;

describe('--format github: annotation paths from the repository top', function () {
  this.timeout(60_000);
  isolateGitConfig();
  let repo: TempRepo;
  let payments: string;
  let scratch: string;

  before(async () => {
    repo = await TempRepo.create('outcome-lens-monorepo-');
    payments = path.join(repo.root, 'services', 'payments');
    await repo.write('services/payments/outcomes.yaml', paymentsConfig);
    await repo.write('services/payments/src/pay.ts', '// @outcome KR-404\nexport const pay = 1;\n');
    await repo.write('services/web/index.ts', 'export {};\n');
    await repo.commitAll('Initial');
    await repo.git('switch', '-q', '-c', 'feature');
    await repo.write('services/payments/src/pay.ts', '// @outcome KR-404\nexport const pay = 2;\n');
    await repo.write('services/payments/notes/todo.txt', 'retry\n');
    await repo.write('services/web/index.ts', 'export const web = 1;\n');
    await repo.commitAll('Retry payments\n\nOutcome: KR-9');
    scratch = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-github-paths-'));
  });
  after(async () => {
    await repo.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  const checkAnnotations = [
    '::warning file=services/payments/outcomes.yaml,line=5,col=5::unknown key "ownr" in outcome "KR-1" (did you mean "owner"?)',
    '::error file=services/payments/src/pay.ts,line=1,col=13::"KR-404" is not a known outcome',
    '',
  ].join('\n');

  it('check: config and source files under services/payments/, from the repository root', async () => {
    const { code, out } = await cli(repo.root, ['check', '--root', 'services/payments', '--format', 'github']);
    assert.equal(code, 1);
    assert.equal(out, checkAnnotations);
  });

  it('check: the same paths when the step runs in the subfolder itself', async () => {
    const { code, out } = await cli(payments, ['check', '--format', 'github']);
    assert.equal(code, 1);
    assert.equal(out, checkAnnotations);
  });

  it('check: the same paths when --root reaches the repository through a symlink', async () => {
    const link = path.join(scratch, 'checkout');
    await symlink(repo.root, link);
    const { code, out } = await cli(link, ['check', '--root', 'services/payments', '--format', 'github']);
    assert.equal(code, 1);
    assert.equal(out, checkAnnotations);
  });

  it('check: text and --json still show paths relative to --root', async () => {
    const text = await cli(repo.root, ['check', '--root', 'services/payments']);
    assert.equal(text.out, ['outcomes.yaml:5:5: warning: unknown key "ownr" in outcome "KR-1" (did you mean "owner"?)', 'src/pay.ts:1:13: error: "KR-404" is not a known outcome', ''].join('\n'));
    assert.equal(text.err, 'checked outcomes.yaml and 3 files: 1 error, 1 warning\n');
    const json = await cli(repo.root, ['check', '--root', 'services/payments', '--json']);
    const { problems } = JSON.parse(json.out) as { problems: { file: string }[] };
    assert.deepEqual(
      problems.map((p) => p.file),
      ['outcomes.yaml', 'src/pay.ts'],
    );
  });

  it('report: the at-risk outcome at its config entry, unserved files and the config named in messages', async () => {
    const summary = path.join(scratch, 'report-summary.md');
    const { code, out, err } = await cli(repo.root, ['report', '--no-cache', '--root', 'services/payments', '--since', 'main', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(err, '');
    assert.equal(code, 0);
    const sha = (await repo.git('rev-parse', '--short=7', 'HEAD')).trim();
    assert.equal(
      out,
      [
        '::warning file=services/payments/outcomes.yaml,line=3,col=9,title=KR-1 is at risk::This change serves KR-1 "Cut payment failures", which is at risk: metric failures: progress -25%25: not moving towards the target',
        '::notice file=services/payments/notes/todo.txt,title=Serves no outcome::services/payments/notes/todo.txt (added, +1 -0) serves no outcome',
        `::warning title=Unknown outcome in a commit trailer::Commit ${sha} ("Retry payments") names KR-9 in an Outcome: trailer, but services/payments/outcomes.yaml has no such outcome`,
        '',
      ].join('\n'),
    );
    // The job summary is the Markdown report, which keeps paths relative to --root.
    assert.match(await readFile(summary, 'utf8'), /\| `notes\/todo\.txt` \| added \| \+1 -0 \|/);
  });

  it('coverage: dead rules and outcomes with no work at their lines in services/payments/outcomes.yaml', async () => {
    const summary = path.join(scratch, 'coverage-summary.md');
    const { code, out } = await cli(repo.root, ['coverage', '--root', 'services/payments', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        '::warning file=services/payments/outcomes.yaml,line=14,col=9,title=Dead path rule::Path rule "gone/" of KR-1 matches no file',
        '::notice file=services/payments/outcomes.yaml,line=15,col=9,title=Outcome with no work::No file serves KR-2 "Faster refunds" or its sub-outcomes',
        '',
      ].join('\n'),
    );
  });

  it('check: with --root at the repository root, paths are as before', async () => {
    const top = await TempRepo.create('outcome-lens-top-');
    try {
      await cp(path.join(fixtures, 'broken'), top.root, { recursive: true });
      await top.commitAll('Initial');
      const { code, out } = await cli(top.root, ['check', '--format', 'github']);
      assert.equal(code, 1);
      assert.equal(out, ['::warning file=outcomes.yaml,line=5,col=5::unknown key "pahts" in outcome "KR-1" (did you mean "paths"?)', '::error file=outcomes.yaml,line=7,col=13::parent "KR-9" is not a known outcome (did you mean KR-1?)', ''].join('\n'));
    } finally {
      await top.dispose();
    }
  });

  it('check: outside a git repository, paths are relative to the current directory', async () => {
    const plain = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-plain-'));
    try {
      await cp(path.join(fixtures, 'broken'), path.join(plain, 'app'), { recursive: true });
      const fromParent = await cli(plain, ['check', '--root', 'app', '--format', 'github']);
      assert.equal(fromParent.code, 1);
      assert.equal(fromParent.out, ['::warning file=app/outcomes.yaml,line=5,col=5::unknown key "pahts" in outcome "KR-1" (did you mean "paths"?)', '::error file=app/outcomes.yaml,line=7,col=13::parent "KR-9" is not a known outcome (did you mean KR-1?)', ''].join('\n'));
      const fromInside = await cli(path.join(plain, 'app'), ['check', '--format', 'github']);
      assert.equal(fromInside.out, ['::warning file=outcomes.yaml,line=5,col=5::unknown key "pahts" in outcome "KR-1" (did you mean "paths"?)', '::error file=outcomes.yaml,line=7,col=13::parent "KR-9" is not a known outcome (did you mean KR-1?)', ''].join('\n'));
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});
