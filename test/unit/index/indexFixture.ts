// The index fixture (test/fixtures/index/workspace) copied into a temporary git repository,
// with a binary file, an ignored file, a history that declares outcomes, and the model loaded
// from it.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadOutcomes } from '../../../src/core/config/loader';
import type { OutcomeModel } from '../../../src/core/config/model';
import type { IndexPorts } from '../../../src/core/index/workspaceIndex';
import { nodeFileSystem, nodeGitRunner, nodeWalkFileSystem } from '../../../src/core/node/nodeHost';
import { silentLogger } from '../../../src/core/ports';
import { TempRepo } from '../git/tempRepo';

export const fixtureFolder = path.resolve(__dirname, '../../../../test/fixtures/index/workspace');

export const nodePorts: IndexPorts = { fs: nodeFileSystem, git: nodeGitRunner, walk: nodeWalkFileSystem, logger: silentLogger };

export interface IndexWorkspace {
  repo: TempRepo;
  root: string;
  model: OutcomeModel;
}

/** Call inside a `describe` that has called `isolateGitConfig()`. */
export async function createIndexWorkspace(init = true): Promise<IndexWorkspace> {
  const repo = await TempRepo.create('outcome-lens-index-', init);
  await cp(fixtureFolder, repo.root, { recursive: true });
  // Binary: a NUL in the first 8 KB, even though a tag follows.
  await writeFile(path.join(repo.root, 'src/checkout/logo.bin'), Buffer.concat([Buffer.from([0x89, 0x50, 0x00, 0x01]), Buffer.from('\n// @outcome KR-2\n')]));
  // Ignored by the fixture's .gitignore, which ignores it in this project's own repository too:
  // so it is made here, not kept in the fixture folder (a clone would not have it).
  await mkdir(path.join(repo.root, 'ignored'), { recursive: true });
  await writeFile(path.join(repo.root, 'ignored/skip.ts'), '// @outcome KR-1\n');
  if (init) {
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'Initial import');
    await writeFile(path.join(repo.root, 'docs/readme.md'), 'Search is documented here.\n');
    await repo.git('commit', '-q', '-am', 'Document search\n\nOutcome: KR-2');
    await writeFile(path.join(repo.root, 'src/other/util.ts'), '// @outcome KR-3\nexport const x = 2;\n');
    await repo.git('commit', '-q', '-am', 'Fix PAY-12 rounding');
  }
  const model = await loadOutcomes(repo.root, nodeFileSystem);
  if (!model) throw new Error('fixture has no config');
  return { repo, root: repo.root, model };
}

/**
 * Fails the test when ripgrep is missing: the pre-filter tests run against the real rg, which
 * `npm test` installs (scripts/systemPackages.mjs); a missing rg must not pass them unseen.
 */
export function requireRipgrep(): void {
  try {
    execFileSync('rg', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('ripgrep (rg) is not installed: `npm test` installs it (scripts/systemPackages.mjs)');
  }
}
