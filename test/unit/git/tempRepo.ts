// Temporary git repositories for tests, driven through the same `nodeGitRunner` the CLI uses.
// The machine's own git configuration is shut out so hooks, signing or templates on a
// developer's box cannot change what the tests see.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeGitRunner } from '../../../src/core/node/nodeHost';

const isolatedEnv: Record<string, string> = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.invalid',
  // A folder meant to be "not a repository" must not find one further up.
  GIT_CEILING_DIRECTORIES: tmpdir(),
};

/** Call from a `describe` block: isolates git from the user's config for its tests. */
export function isolateGitConfig(): void {
  const saved = new Map<string, string | undefined>();
  before(() => {
    for (const [key, value] of Object.entries(isolatedEnv)) {
      saved.set(key, process.env[key]);
      process.env[key] = value;
    }
  });
  after(() => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

export class TempRepo {
  private constructor(readonly root: string) {}

  static async create(prefix = 'outcome-lens-test-', init = true): Promise<TempRepo> {
    const repo = new TempRepo(await mkdtemp(path.join(tmpdir(), prefix)));
    if (init) await repo.git('init', '-q', '-b', 'main');
    return repo;
  }

  async git(...args: string[]): Promise<string> {
    const result = await nodeGitRunner(args, { cwd: this.root });
    assert.equal(result.exitCode, 0, `git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  async write(relativePath: string, content = ''): Promise<void> {
    const file = path.join(this.root, ...relativePath.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }

  /** Commits everything, with a fixed author date so histories are reproducible. */
  async commitAll(message: string, authorDate = '2026-01-02T03:04:05Z'): Promise<string> {
    await this.git('add', '-A');
    await this.git('commit', '-q', '--allow-empty', '--no-verify', `--date=${authorDate}`, '-m', message);
    return (await this.git('rev-parse', 'HEAD')).trim();
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
