// Commits and their trailers: the history reason a file serves an outcome
// (`Outcome: KR-1` in the message of a commit that touched it).
import { normalizeOutcomeId } from '../tags/outcomeId';
import type { GitRunner } from '../ports';
import type { GitCallOptions } from './gitCommand';
import { GitCommandError, isNotARepository, runGit, splitNul } from './gitCommand';

export interface CommitTrailer {
  key: string;
  value: string;
}

export interface CommitInfo {
  sha: string;
  shortSha: string;
  /** Author date, milliseconds since the epoch. */
  authorTime: number;
  subject: string;
  /** The whole message, for ticket IDs mentioned outside the subject. */
  message: string;
  trailers: CommitTrailer[];
}

export interface FileHistoryOptions extends GitCallOptions {
  /** Newest first; at most this many commits. */
  maxCount?: number | undefined;
  /** Follow the file across renames (default true). */
  follow?: boolean | undefined;
}

const fieldSeparator = '%x00';
const trailerSeparator = '\x1e';
const keyValueSeparator = '\x1f';
/**
 * One field per NUL: no commit message can hold a NUL, so splitting is exact whatever the
 * subject or trailers contain. Trailers come unfolded and normalised to key/value pairs.
 */
export const commitFormat = [
  '%H',
  '%h',
  '%at',
  '%s',
  '%B',
  '%(trailers:only,unfold,separator=%x1e,key_value_separator=%x1f)',
].join(fieldSeparator);
const fieldsPerCommit = 6;

/**
 * Commits that touched `relativePath` (relative to `root`), newest first, following renames.
 * Empty outside a repository, before the first commit and for untracked files.
 */
export async function fileHistory(root: string, relativePath: string, git: GitRunner, options: FileHistoryOptions = {}): Promise<CommitInfo[]> {
  const args = [
    '--literal-pathspecs',
    'log',
    '-z',
    `--format=${commitFormat}`,
    ...(options.follow === false ? [] : ['--follow']),
    ...(options.maxCount === undefined ? [] : [`--max-count=${Math.max(0, Math.floor(options.maxCount))}`]),
    '--',
    relativePath,
  ];
  return readCommits(root, git, args, options);
}

/** One commit by any revision git understands; `undefined` when there is no such commit. */
export async function readCommit(root: string, revision: string, git: GitRunner, options: GitCallOptions = {}): Promise<CommitInfo | undefined> {
  // A "revision" starting with a dash would be read as an option.
  if (revision.startsWith('-')) return undefined;
  const args = ['log', '-z', '--max-count=1', '--no-walk', `--format=${commitFormat}`, revision, '--'];
  const commits = await readCommits(root, git, args, options);
  return commits[0];
}

/**
 * The newest commits reachable from HEAD, newest first, at most `maxCount` (the Tickets view
 * reads their messages). Empty outside a repository and before the first commit.
 */
export async function recentCommits(root: string, git: GitRunner, options: GitCallOptions & { maxCount: number }): Promise<CommitInfo[]> {
  const args = ['log', '-z', `--format=${commitFormat}`, `--max-count=${Math.max(0, Math.floor(options.maxCount))}`];
  return readCommits(root, git, args, options);
}

async function readCommits(root: string, git: GitRunner, args: readonly string[], options: GitCallOptions): Promise<CommitInfo[]> {
  const output = await runGit(git, root, args, options);
  if (output.exitCode !== 0) {
    if (isNotARepository(output) || /does not have any commits|unknown revision|bad revision|bad object/i.test(output.stderr)) return [];
    throw new GitCommandError(args, output.exitCode, output.stderr);
  }
  return parseCommits(output.stdout);
}

export function parseCommits(stdout: string): CommitInfo[] {
  const fields = splitNul(stdout);
  const commits: CommitInfo[] = [];
  for (let i = 0; i + fieldsPerCommit <= fields.length; i += fieldsPerCommit) {
    const [sha = '', shortSha = '', authorSeconds = '', subject = '', message = '', trailers = ''] = fields.slice(i, i + fieldsPerCommit);
    commits.push({
      sha,
      shortSha,
      authorTime: Number(authorSeconds) * 1000,
      subject,
      message: message.replace(/\n+$/, ''),
      trailers: parseTrailers(trailers),
    });
  }
  return commits;
}

function parseTrailers(field: string): CommitTrailer[] {
  const trailers: CommitTrailer[] = [];
  for (const entry of field.split(trailerSeparator)) {
    const split = entry.indexOf(keyValueSeparator);
    if (split <= 0) continue;
    trailers.push({ key: entry.slice(0, split).trim(), value: entry.slice(split + 1).trim() });
  }
  return trailers;
}

/**
 * The outcome IDs a commit declares in `Outcome:` trailers (key case-insensitive, as git
 * compares trailer keys), several per trailer allowed: `Outcome: KR-1, KR-2`. In order,
 * each once.
 */
export function outcomeTrailers(commit: Pick<CommitInfo, 'trailers'>): string[] {
  const ids = new Set<string>();
  for (const { key, value } of commit.trailers) {
    if (key.toLowerCase() !== 'outcome') continue;
    for (const token of value.split(/[\s,;]+/)) {
      const id = normalizeOutcomeId(token);
      if (id !== undefined) ids.add(id);
    }
  }
  return [...ids];
}
