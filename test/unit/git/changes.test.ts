// Changed files and the default base revision, against real git repositories.
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { changedFilesSince, defaultBaseRevision, resolveChangeRange } from '../../../src/core/git/changes';
import { countLines } from '../../../src/core/files/lineCount';
import { nodeFileSystem, nodeGitRunner } from '../../../src/core/node/nodeHost';
import { isolateGitConfig, TempRepo } from './tempRepo';

const ports = { fs: nodeFileSystem, git: nodeGitRunner };

describe('changed files since a revision', function () {
  this.timeout(30_000);
  isolateGitConfig();
  const repos: TempRepo[] = [];
  afterEach(async () => Promise.all(repos.splice(0).map(async (r) => r.dispose())));

  async function repo(): Promise<TempRepo> {
    const r = await TempRepo.create('outcome-lens-changes-');
    repos.push(r);
    return r;
  }

  it('counts lines as git does', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    assert.equal(countLines(bytes('')), 0);
    assert.equal(countLines(bytes('a')), 1);
    assert.equal(countLines(bytes('a\n')), 1);
    assert.equal(countLines(bytes('a\nb')), 2);
    assert.equal(countLines(bytes('a\r\nb\r\n')), 2);
    assert.equal(countLines(new Uint8Array([97, 0, 98])), null);
  });

  it('staged, unstaged, deleted-in-the-working-tree, renamed-with-edits and untracked files', async () => {
    const r = await repo();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
    await r.write('keep.txt', 'a\n');
    await r.write('gone.txt', 'x\ny\n');
    await r.write('old/name.ts', body);
    await r.write('staged.txt', 'one\n');
    const base = await r.commitAll('base');
    await r.write('keep.txt', 'a\nb\n');
    await rm(path.join(r.root, 'gone.txt'));
    await mkdir(path.join(r.root, 'new'));
    await r.git('mv', 'old/name.ts', 'new/name.ts');
    await r.write('new/name.ts', body + 'line 20\n');
    await r.write('staged.txt', 'two\n');
    await r.git('add', 'staged.txt');
    await r.write('fresh.md', 'new\n');
    assert.deepEqual(await changedFilesSince(r.root, base, ports), [
      { path: 'fresh.md', change: 'added', linesAdded: 1, linesDeleted: 0, uncommitted: true },
      { path: 'gone.txt', change: 'deleted', linesAdded: 0, linesDeleted: 2, uncommitted: true },
      { path: 'keep.txt', change: 'modified', linesAdded: 1, linesDeleted: 0, uncommitted: true },
      { path: 'new/name.ts', oldPath: 'old/name.ts', change: 'renamed', linesAdded: 1, linesDeleted: 0, uncommitted: true },
      { path: 'staged.txt', change: 'modified', linesAdded: 1, linesDeleted: 1, uncommitted: true },
    ]);
  });

  it('paths with spaces, quotes and non-ASCII characters come through as they are', async () => {
    const r = await repo();
    await r.write('a.txt', 'a\n');
    const base = await r.commitAll('base');
    await r.write('dir with space/"quoted" é.txt', 'x\n');
    await r.commitAll('add');
    assert.deepEqual(
      (await changedFilesSince(r.root, base, ports)).map((f) => f.path),
      ['dir with space/"quoted" é.txt'],
    );
  });

  it('a shallow clone without the merge base says how to fix it', async () => {
    const origin = await repo();
    await origin.commitAll('base');
    await origin.git('switch', '-q', '-c', 'feature');
    await origin.commitAll('one');
    await origin.commitAll('two');
    await origin.git('switch', '-q', 'main');
    await origin.commitAll('main work');
    const clone = await TempRepo.create('outcome-lens-changes-', false);
    repos.push(clone);
    await clone.git('clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin.root}`, '.');
    await clone.git('fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
    await assert.rejects(resolveChangeRange(clone.root, 'origin/main', nodeGitRunner), /"origin\/main" and HEAD have no common history in this shallow clone; fetch the history \(e\.g\. actions\/checkout with fetch-depth: 0\)/);
  });

  it('the range is the merge base with HEAD', async () => {
    const r = await repo();
    await r.write('a.txt', 'a\n');
    const base = await r.commitAll('base');
    await r.git('switch', '-q', '-c', 'topic');
    const head = await r.commitAll('topic work');
    await r.git('switch', '-q', 'main');
    const mainTip = await r.commitAll('main work');
    await r.git('switch', '-q', 'topic');
    assert.deepEqual(await resolveChangeRange(r.root, 'main', nodeGitRunner), { since: 'main', sinceSha: mainTip, base, head });
  });
});

describe('default base revision', function () {
  this.timeout(30_000);
  isolateGitConfig();
  const repos: TempRepo[] = [];
  afterEach(async () => Promise.all(repos.splice(0).map(async (r) => r.dispose())));

  async function repo(init = true): Promise<TempRepo> {
    const r = await TempRepo.create('outcome-lens-base-', init);
    repos.push(r);
    return r;
  }

  it('HEAD without commits, and outside a repository', async () => {
    assert.equal(await defaultBaseRevision((await repo()).root, nodeGitRunner), 'HEAD');
    assert.equal(await defaultBaseRevision((await repo(false)).root, nodeGitRunner), 'HEAD');
  });

  it('HEAD on main with nothing to compare with; main on a branch off main', async () => {
    const r = await repo();
    await r.commitAll('one');
    assert.equal(await defaultBaseRevision(r.root, nodeGitRunner), 'HEAD');
    await r.git('switch', '-q', '-c', 'PAY-12-retry');
    assert.equal(await defaultBaseRevision(r.root, nodeGitRunner), 'HEAD', 'no commits of its own yet');
    await r.commitAll('retry');
    assert.equal(await defaultBaseRevision(r.root, nodeGitRunner), 'main');
  });

  it("origin's default branch when there is a remote, also for unpushed work on main", async () => {
    const origin = await repo();
    await origin.write('a.txt', 'a\n');
    await origin.commitAll('one');
    await origin.git('switch', '-q', '-c', 'trunk');
    await origin.git('branch', '-q', '-D', 'main');
    const clone = await repo(false);
    await clone.git('clone', '-q', origin.root, '.');
    assert.equal((await clone.git('symbolic-ref', '--short', 'refs/remotes/origin/HEAD')).trim(), 'origin/trunk');
    assert.equal(await defaultBaseRevision(clone.root, nodeGitRunner), 'HEAD', 'up to date with origin');
    await clone.commitAll('unpushed');
    assert.equal(await defaultBaseRevision(clone.root, nodeGitRunner), 'origin/trunk');
    await clone.git('switch', '-q', '-c', 'feature');
    await clone.commitAll('feature');
    assert.equal(await defaultBaseRevision(clone.root, nodeGitRunner), 'origin/trunk');
  });
});
