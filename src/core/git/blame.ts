// Who last changed a line, and which outcomes that commit declared.
import type { GitRunner } from '../ports';
import type { GitCallOptions } from './gitCommand';
import { GitCommandError, isNotARepository, runGit } from './gitCommand';
import type { CommitTrailer } from './history';
import { readCommit } from './history';

export interface BlamedLine {
  sha: string;
  shortSha: string;
  /** The author's name as git records it. */
  author: string;
  /** Author date, milliseconds since the epoch. */
  authorTime: number;
  summary: string;
  /** The whole message, for ticket IDs mentioned outside the subject. */
  message: string;
  trailers: CommitTrailer[];
}

export interface BlameOptions extends GitCallOptions {
  /**
   * The file's current text (an editor's unsaved buffer), blamed instead of the file on disk
   * (`git blame --contents -`): lines changed in it are `uncommitted`, and unchanged lines
   * keep their commit even when edits above them moved them.
   */
  contents?: string | undefined;
}

export type BlameMissReason =
  /** The line is changed in the working tree and not committed yet. */
  | 'uncommitted'
  /** git does not know the file at HEAD (new file, or no commit yet). */
  | 'untracked'
  /** The file has fewer lines. */
  | 'out-of-range'
  | 'not-a-repository';

export type BlameResult = { blamed: BlamedLine } | { blamed: undefined; reason: BlameMissReason; detail: string };

const uncommittedSha = /^0{40}$|^0{64}$/;

/** Blames one 1-based line of `relativePath` (relative to `root`) in the working tree, or in `options.contents`. */
export async function blameLine(root: string, relativePath: string, line: number, git: GitRunner, options: BlameOptions = {}): Promise<BlameResult> {
  if (!Number.isInteger(line) || line < 1) return { blamed: undefined, reason: 'out-of-range', detail: `line ${line} is not a line number` };
  const contents = options.contents === undefined ? [] : ['--contents', '-'];
  const args = ['blame', '--porcelain', ...contents, '-L', `${line},${line}`, '--', relativePath];
  const output = await runGit(git, root, args, { signal: options.signal, input: options.contents });
  if (output.exitCode !== 0) {
    const detail = output.stderr.trim();
    if (isNotARepository(output)) return { blamed: undefined, reason: 'not-a-repository', detail };
    if (/has only \d+ lines?/i.test(detail)) return { blamed: undefined, reason: 'out-of-range', detail };
    if (/no such path|no such ref|bad revision|does not have any commits/i.test(detail)) return { blamed: undefined, reason: 'untracked', detail };
    throw new GitCommandError(args, output.exitCode, output.stderr);
  }
  // Porcelain output starts "<sha> <original line> <final line> <count>".
  const sha = output.stdout.slice(0, output.stdout.indexOf(' '));
  if (uncommittedSha.test(sha)) return { blamed: undefined, reason: 'uncommitted', detail: `line ${line} has changes that are not committed yet` };

  const commit = await readCommit(root, sha, git, { signal: options.signal });
  if (!commit) throw new GitCommandError(['log', sha], 128, `blamed commit ${sha} could not be read`);
  return {
    blamed: {
      sha: commit.sha,
      shortSha: commit.shortSha,
      author: porcelainField(output.stdout, 'author') ?? '',
      authorTime: commit.authorTime,
      summary: commit.subject,
      message: commit.message,
      trailers: commit.trailers,
    },
  };
}

/** A header field (`author Jane Doe`) of `git blame --porcelain` output. */
function porcelainField(stdout: string, key: string): string | undefined {
  const match = new RegExp(`^${key} (.*)$`, 'm').exec(stdout);
  return match?.[1];
}
