// Running git for the core: one place that turns exit codes and stderr into either output,
// a well-known "this is not a repository" answer, or a GitCommandError worth reporting.
import type { GitRunner } from '../ports';

export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim() || 'no message'}`);
    this.name = 'GitCommandError';
  }
}

export interface GitCallOptions {
  signal?: AbortSignal | undefined;
}

export interface GitOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Flags that keep output machine-readable whatever the user's config says: no colour, no
 * signature checks interleaved with log output, no pager. (`nodeGitRunner` also sets LC_ALL=C.)
 */
const stableOutput = ['-c', 'color.ui=false', '-c', 'log.showSignature=false', '--no-pager'];

export async function runGit(git: GitRunner, cwd: string, args: readonly string[], options: GitCallOptions & { input?: string | undefined } = {}): Promise<GitOutput> {
  try {
    return await git([...stableOutput, ...args], {
      cwd,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.input !== undefined ? { input: options.input } : {}),
    });
  } catch (error) {
    // No git on this machine: for the core that is the same as "no repository here".
    if (isMissingExecutable(error)) return { stdout: '', stderr: 'fatal: not a git repository (git is not installed)', exitCode: 128 };
    throw error;
  }
}

export function isNotARepository(output: GitOutput): boolean {
  return output.exitCode !== 0 && /not a git repository/i.test(output.stderr);
}

/** Output of a command that must succeed; throws GitCommandError otherwise. */
export function expectSuccess(args: readonly string[], output: GitOutput): string {
  if (output.exitCode !== 0) throw new GitCommandError(args, output.exitCode, output.stderr);
  return output.stdout;
}

function isMissingExecutable(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** `-z` output: NUL-separated, possibly NUL-terminated. */
export function splitNul(output: string): string[] {
  const parts = output.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}
