import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { WalkFileSystem } from '../../../src/core/files/walk';
import { walkWorkspace } from '../../../src/core/files/walk';
import { listWorkspaceFiles } from '../../../src/core/git/workspaceFiles';
import { nodeGitRunner } from '../../../src/core/node/nodeHost';
import { TempRepo, isolateGitConfig } from '../git/tempRepo';

const nodeWalkFileSystem: WalkFileSystem = {
  readDirectory: async (absolutePath) =>
    (await readdir(absolutePath, { withFileTypes: true })).map((entry) => ({
      name: entry.name,
      kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other',
    })),
  readFile: async (absolutePath) => readFile(absolutePath),
};

describe('walkWorkspace', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let folder: TempRepo;

  before(async () => {
    // A plain folder (no `git init`) with the layout the tests below rely on.
    folder = await TempRepo.create('outcome-lens-walk-', false);
    const files: Record<string, string> = {
      '.gitignore': '# build output\ndist/\n*.log\n!keep.log\n/root-only.txt\nDocs/\n',
      'src/a.ts': '',
      'src/debug.log': '',
      'src/keep.log': '',
      'src/.gitignore': 'generated/\n!important.log\n*.tmp\n',
      'src/important.log': '',
      'src/generated/x.ts': '',
      'src/x.tmp': '',
      'src/root-only.txt': '',
      'root-only.txt': '',
      'dist/bundle.js': '',
      'lib/dist/nested.js': '',
      'docs/guide.md': '',
      'Docs/upper.md': '',
      'a b/c d.md': '',
      'node_modules/pkg/index.js': '',
    };
    for (const [file, content] of Object.entries(files)) await folder.write(file, content);
    await mkdir(path.join(folder.root, '.git', 'objects'), { recursive: true });
    await folder.write('.git/HEAD', 'not really');
    await symlink(path.join(folder.root, 'src'), path.join(folder.root, 'loop'));
  });
  after(async () => folder.dispose());

  it('honours nested .gitignore files, negations and anchoring, and skips .git and symlinks', async () => {
    const { files, truncated } = await walkWorkspace(folder.root, nodeWalkFileSystem);
    assert.equal(truncated, false);
    assert.deepEqual(files, [
      '.gitignore',
      'a b/c d.md',
      'docs/guide.md',
      'node_modules/pkg/index.js',
      'src/.gitignore',
      'src/a.ts',
      'src/important.log',
      'src/keep.log',
      'src/root-only.txt',
    ]);
  });

  it('lists what git lists for the same folder', async () => {
    const repo = await TempRepo.create('outcome-lens-walk-git-', false);
    try {
      for (const file of (await walkWorkspace(folder.root, nodeWalkFileSystem)).files) {
        await repo.write(file, '');
      }
      // Write the ignored files too: git has to ignore them by itself.
      for (const file of ['src/debug.log', 'src/generated/x.ts', 'src/x.tmp', 'root-only.txt', 'dist/bundle.js', 'lib/dist/nested.js', 'Docs/upper.md']) {
        await repo.write(file, '');
      }
      await repo.write('.gitignore', await readFile(path.join(folder.root, '.gitignore'), 'utf8'));
      await repo.write('src/.gitignore', await readFile(path.join(folder.root, 'src', '.gitignore'), 'utf8'));
      const walked = (await walkWorkspace(repo.root, nodeWalkFileSystem)).files;
      await repo.git('init', '-q');
      assert.deepEqual(await listWorkspaceFiles(repo.root, nodeGitRunner), walked);
    } finally {
      await repo.dispose();
    }
  });

  it('stops at maxFiles and says so', async () => {
    const { files, truncated } = await walkWorkspace(folder.root, nodeWalkFileSystem, { maxFiles: 3 });
    assert.equal(files.length, 3);
    assert.equal(truncated, true);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(walkWorkspace(folder.root, nodeWalkFileSystem, { signal: controller.signal }));
  });
});
