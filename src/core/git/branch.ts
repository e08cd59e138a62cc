import type { GitRunner } from '../ports';
import type { GitCallOptions } from './gitCommand';
import { GitCommandError, runGit } from './gitCommand';

/**
 * The checked-out branch's short name, also before its first commit. `undefined` on a
 * detached HEAD or outside a repository.
 */
export async function readBranch(root: string, git: GitRunner, options: GitCallOptions = {}): Promise<string | undefined> {
  const args = ['symbolic-ref', '--quiet', '--short', 'HEAD'];
  const output = await runGit(git, root, args, options);
  if (output.exitCode === 0) return output.stdout.trim() || undefined;
  // Exit 1 is symbolic-ref's "HEAD is detached"; 128 means no repository.
  if (output.exitCode === 1 || output.exitCode === 128) return undefined;
  throw new GitCommandError(args, output.exitCode, output.stderr);
}

/** The commit HEAD points at; `undefined` before the first commit or outside a repository. */
export async function readHeadCommit(root: string, git: GitRunner, options: GitCallOptions = {}): Promise<string | undefined> {
  const args = ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'];
  const output = await runGit(git, root, args, options);
  if (output.exitCode === 0) return output.stdout.trim() || undefined;
  if (output.exitCode === 1 || output.exitCode === 128) return undefined;
  throw new GitCommandError(args, output.exitCode, output.stderr);
}
