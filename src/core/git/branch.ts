import type { GitRunner } from '../ports';
import type { GitCallOptions } from './gitCommand';
import { GitCommandError, runGit } from './gitCommand';

/**
 * The checked-out branch's short name, also before its first commit. `undefined` on a
 * detached HEAD or outside a repository.
 */
export async function readBranch(root: string, git: GitRunner, options: GitCallOptions = {}): Promise<string | undefined> {
  // Exit 1 is symbolic-ref's "HEAD is detached".
  return readHeadValue(root, git, ['symbolic-ref', '--quiet', '--short', 'HEAD'], options);
}

/** The commit HEAD points at; `undefined` before the first commit or outside a repository. */
export async function readHeadCommit(root: string, git: GitRunner, options: GitCallOptions = {}): Promise<string | undefined> {
  // Exit 1 is rev-parse --verify's "no such commit" (an unborn branch).
  return readHeadValue(root, git, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], options);
}

/** One line git prints about HEAD; `undefined` on exit 1 (no such value) or 128 (no repository). */
async function readHeadValue(root: string, git: GitRunner, args: readonly string[], options: GitCallOptions): Promise<string | undefined> {
  const output = await runGit(git, root, args, options);
  if (output.exitCode === 0) return output.stdout.trim() || undefined;
  if (output.exitCode === 1 || output.exitCode === 128) return undefined;
  throw new GitCommandError(args, output.exitCode, output.stderr);
}
