import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { blameLine } from '../../../src/core/git/blame';
import { readBranch } from '../../../src/core/git/branch';
import { GitCommandError } from '../../../src/core/git/gitCommand';
import { fileHistory, outcomeTrailers, readCommit } from '../../../src/core/git/history';
import { listWorkspaceFiles } from '../../../src/core/git/workspaceFiles';
import { readWorkTreeTop } from '../../../src/core/git/workTree';
import { nodeGitRunner } from '../../../src/core/node/nodeHost';
import type { GitRunner } from '../../../src/core/ports';
import { TempRepo, isolateGitConfig } from './tempRepo';

const git = nodeGitRunner;

describe('git', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let notARepo: string;

  before(async () => {
    notARepo = await mkdtemp(path.join(tmpdir(), 'outcome-lens-plain-'));
  });
  after(async () => {
    await rm(notARepo, { recursive: true, force: true });
  });

  describe('listWorkspaceFiles', () => {
    let repo: TempRepo;
    before(async () => {
      repo = await TempRepo.create();
      await repo.write('.gitignore', 'dist/\n*.log\n');
      await repo.write('src/a b.ts', 'a');
      await repo.write('src/ünï.ts', 'u');
      await repo.write('src/gone.ts', 'g');
      await repo.write('README.md', 'r');
      const initial = await repo.commitAll('initial');
      // A submodule is a folder, not a file a scan could read.
      await repo.git('update-index', '--add', '--cacheinfo', `160000,${initial},vendor/lib`);
      await unlink(path.join(repo.root, 'src', 'gone.ts'));
      await repo.write('src/new.ts', 'n');
      await repo.write('dist/out.js', 'o');
      await repo.write('debug.log', 'l');
    });
    after(async () => repo.dispose());

    it('lists tracked and untracked files, but not ignored or deleted ones', async () => {
      assert.deepEqual(await listWorkspaceFiles(repo.root, git), ['.gitignore', 'README.md', 'src/a b.ts', 'src/new.ts', 'src/ünï.ts']);
    });

    it('lists paths relative to a workspace folder inside the repository', async () => {
      assert.deepEqual(await listWorkspaceFiles(path.join(repo.root, 'src'), git), ['a b.ts', 'new.ts', 'ünï.ts']);
    });

    it('returns undefined outside a repository, so the caller walks instead', async () => {
      assert.equal(await listWorkspaceFiles(notARepo, git), undefined);
    });

    it('merges the three listings without a set when every path is ASCII, conflicted paths once', async () => {
      const ascii = await TempRepo.create();
      try {
        for (const file of ['a.ts', 'c.ts', 'e/z.ts', 'g.ts']) await ascii.write(file, file);
        await ascii.commitAll('initial');
        await unlink(path.join(ascii.root, 'c.ts'));
        for (const file of ['b.ts', 'd/x.ts', 'e/a.ts', 'h.ts']) await ascii.write(file, file);
        // A conflicted path has three index entries (stages 1-3); it is still one file.
        const blob = (await ascii.git('hash-object', '-w', 'a.ts')).trim();
        const stages = [1, 2, 3].map((stage) => `100644 ${blob} ${stage}\tf.ts\n`).join('');
        const staged = await git(['update-index', '--index-info'], { cwd: ascii.root, input: stages });
        assert.equal(staged.exitCode, 0, staged.stderr);
        await ascii.write('f.ts', 'conflict');
        assert.deepEqual(await listWorkspaceFiles(ascii.root, git), ['a.ts', 'b.ts', 'd/x.ts', 'e/a.ts', 'e/z.ts', 'f.ts', 'g.ts', 'h.ts']);
      } finally {
        await ascii.dispose();
      }
    });

    it('returns undefined when git is not installed', async () => {
      const missingGit: GitRunner = () => Promise.reject(Object.assign(new Error('spawn git ENOENT'), { code: 'ENOENT' }));
      assert.equal(await listWorkspaceFiles(repo.root, missingGit), undefined);
    });
  });

  describe('readBranch', () => {
    it('names the branch, also before the first commit, and nothing when detached', async () => {
      const repo = await TempRepo.create();
      try {
        assert.equal(await readBranch(repo.root, git), 'main');
        await repo.commitAll('first');
        await repo.git('checkout', '-q', '-b', 'feature/PAY-12-retry');
        assert.equal(await readBranch(repo.root, git), 'feature/PAY-12-retry');
        await repo.git('checkout', '-q', '--detach');
        assert.equal(await readBranch(repo.root, git), undefined);
      } finally {
        await repo.dispose();
      }
    });

    it('returns undefined outside a repository', async () => {
      assert.equal(await readBranch(notARepo, git), undefined);
    });
  });

  describe('readWorkTreeTop', () => {
    it('finds the top from a subfolder, spelled like the folder it was asked about', async () => {
      const repo = await TempRepo.create();
      const link = path.join(notARepo, 'link');
      try {
        await repo.write('services/payments/outcomes.yaml');
        assert.equal(await readWorkTreeTop(repo.root, git), repo.root);
        assert.equal(await readWorkTreeTop(path.join(repo.root, 'services', 'payments'), git), repo.root);
        await symlink(repo.root, link);
        assert.equal(await readWorkTreeTop(path.join(link, 'services', 'payments'), git), link);
      } finally {
        await rm(link, { force: true });
        await repo.dispose();
      }
    });

    it('returns undefined outside a work tree: no repository, or inside .git', async () => {
      const repo = await TempRepo.create();
      try {
        assert.equal(await readWorkTreeTop(notARepo, git), undefined);
        assert.equal(await readWorkTreeTop(path.join(repo.root, '.git'), git), undefined);
      } finally {
        await repo.dispose();
      }
    });
  });

  describe('fileHistory', () => {
    let repo: TempRepo;
    const shas: string[] = [];
    before(async () => {
      repo = await TempRepo.create();
      await repo.write('src/pay.ts', 'one\n');
      shas.push(await repo.commitAll('Add payment\n\nOutcome: KR-1, KR-2\nRefs: PAY-12\nOutcome: KR-3', '2026-01-01T10:00:00Z'));
      await repo.write('other.ts', 'x\n');
      shas.push(await repo.commitAll('Unrelated\n\nOutcome: KR-9', '2026-01-02T10:00:00Z'));
      await repo.git('mv', 'src/pay.ts', 'src/payment.ts');
      shas.push(await repo.commitAll('Rename payment module', '2026-01-03T10:00:00Z'));
      await repo.write('src/payment.ts', 'one\ntwo\n');
      shas.push(
        await repo.commitAll(
          'Retry failed payments\n\nLong explanation: the body mentions PAY-31.\n\nOutcome: KR-4\nCo-authored-by: Someone <s@example.invalid>\nSigned-off-by: Test Author\n  <author@example.invalid>',
          '2026-01-04T10:00:00Z',
        ),
      );
    });
    after(async () => repo.dispose());

    it('lists the commits that touched a file across a rename, newest first', async () => {
      const history = await fileHistory(repo.root, 'src/payment.ts', git);
      assert.deepEqual(history.map((c) => c.sha), [shas[3], shas[2], shas[0]]);
      assert.deepEqual(history.map((c) => c.subject), ['Retry failed payments', 'Rename payment module', 'Add payment']);
      assert.equal(history[2]?.authorTime, Date.parse('2026-01-01T10:00:00Z'));
      assert.ok(shas[0]?.startsWith(history[2]?.shortSha ?? '-'));
      assert.match(history[0]?.message ?? '', /mentions PAY-31/);
    });

    it('parses trailers, unfolding continuation lines', async () => {
      const [latest, , first] = await fileHistory(repo.root, 'src/payment.ts', git);
      assert.deepEqual(first?.trailers, [
        { key: 'Outcome', value: 'KR-1, KR-2' },
        { key: 'Refs', value: 'PAY-12' },
        { key: 'Outcome', value: 'KR-3' },
      ]);
      assert.deepEqual(latest?.trailers, [
        { key: 'Outcome', value: 'KR-4' },
        { key: 'Co-authored-by', value: 'Someone <s@example.invalid>' },
        { key: 'Signed-off-by', value: 'Test Author <author@example.invalid>' },
      ]);
      assert.deepEqual(first && outcomeTrailers(first), ['KR-1', 'KR-2', 'KR-3']);
    });

    it('can stop following renames and limit the count', async () => {
      assert.deepEqual((await fileHistory(repo.root, 'src/payment.ts', git, { follow: false })).map((c) => c.sha), [shas[3], shas[2]]);
      assert.deepEqual((await fileHistory(repo.root, 'src/payment.ts', git, { maxCount: 1 })).map((c) => c.sha), [shas[3]]);
    });

    it('is empty for unknown files, before the first commit and outside a repository', async () => {
      assert.deepEqual(await fileHistory(repo.root, 'nope.ts', git), []);
      assert.deepEqual(await fileHistory(notARepo, 'a.ts', git), []);
      const empty = await TempRepo.create();
      try {
        assert.deepEqual(await fileHistory(empty.root, 'a.ts', git), []);
      } finally {
        await empty.dispose();
      }
    });

    it('treats the path literally, not as a glob', async () => {
      assert.deepEqual(await fileHistory(repo.root, 'src/*.ts', git, { follow: false }), []);
    });

    it('reads a single commit by revision', async () => {
      assert.equal((await readCommit(repo.root, 'HEAD~1', git))?.sha, shas[2]);
      assert.equal(await readCommit(repo.root, 'no-such-branch', git), undefined);
      assert.equal(await readCommit(repo.root, '--output=/tmp/x', git), undefined);
    });

    it('throws a GitCommandError for failures it cannot explain', async () => {
      const broken: GitRunner = () => Promise.resolve({ stdout: '', stderr: 'fatal: disk on fire', exitCode: 128 });
      await assert.rejects(fileHistory(repo.root, 'a.ts', broken), GitCommandError);
    });
  });

  describe('outcomeTrailers', () => {
    it('reads comma- and space-separated IDs from Outcome trailers only, any key case, each once', () => {
      const trailers = [
        { key: 'Outcome', value: 'KR-1, KR-2' },
        { key: 'outcome', value: 'KR-3 KR-1.' },
        { key: 'Outcomes', value: 'KR-8' },
        { key: 'Refs', value: 'KR-9' },
        { key: 'Outcome', value: '(KR-4); 12' },
      ];
      assert.deepEqual(outcomeTrailers({ trailers }), ['KR-1', 'KR-2', 'KR-3', 'KR-4']);
    });
  });

  describe('blameLine', () => {
    let repo: TempRepo;
    let first: string;
    let second: string;
    before(async () => {
      repo = await TempRepo.create();
      await repo.write('src/pay.ts', 'one\ntwo\n');
      first = await repo.commitAll('Add payment\n\nOutcome: KR-1, KR-2', '2026-02-01T00:00:00Z');
      await repo.git('mv', 'src/pay.ts', 'src/payment.ts');
      await repo.write('src/payment.ts', 'one\nTWO\n');
      second = await repo.commitAll('Rename and fix\n\nOutcome: KR-3', '2026-02-02T00:00:00Z');
      await repo.write('src/payment.ts', 'one\nTWO\nthree, not committed\n');
      await repo.write('src/new.ts', 'new\n');
    });
    after(async () => repo.dispose());

    it('finds the commit that last changed a line, through renames, with its trailers', async () => {
      const line1 = await blameLine(repo.root, 'src/payment.ts', 1, git);
      assert.equal(line1.blamed?.sha, first);
      assert.equal(line1.blamed?.summary, 'Add payment');
      assert.equal(line1.blamed?.authorTime, Date.parse('2026-02-01T00:00:00Z'));
      assert.deepEqual(line1.blamed && outcomeTrailers(line1.blamed), ['KR-1', 'KR-2']);
      const line2 = await blameLine(repo.root, 'src/payment.ts', 2, git);
      assert.equal(line2.blamed?.sha, second);
      assert.deepEqual(line2.blamed?.trailers, [{ key: 'Outcome', value: 'KR-3' }]);
    });

    it('explains why a line has no commit', async () => {
      assert.deepEqual(reasonOf(await blameLine(repo.root, 'src/payment.ts', 3, git)), 'uncommitted');
      assert.deepEqual(reasonOf(await blameLine(repo.root, 'src/payment.ts', 99, git)), 'out-of-range');
      assert.deepEqual(reasonOf(await blameLine(repo.root, 'src/payment.ts', 0, git)), 'out-of-range');
      assert.deepEqual(reasonOf(await blameLine(repo.root, 'src/new.ts', 1, git)), 'untracked');
      assert.deepEqual(reasonOf(await blameLine(notARepo, 'a.ts', 1, git)), 'not-a-repository');
    });
  });
});

function reasonOf(result: Awaited<ReturnType<typeof blameLine>>): string | undefined {
  return result.blamed === undefined ? result.reason : undefined;
}
