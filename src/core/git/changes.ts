/*
 * What a change consists of, as git sees it: the files changed since a revision (committed and
 * in the working tree, untracked files that are not ignored included) with their changed
 * lines, and the commits of the change. The basis of the change report.
 *
 * "Since REV" means what a pull request shows:
 * - files: the difference between the merge base of REV and HEAD and the working tree, so
 *   work that landed on REV after the branch point is not counted as this change's;
 * - commits: those reachable from HEAD and not from REV (`git log REV..HEAD`).
 * Renames are detected (`-M`, git's default 50 % similarity) and reported once, under the new
 * path with the old one alongside; copies are not detected (a copy is an added file).
 */
import { countLinesOfFiles } from '../files/lineCount';
import type { FileSystem, GitRunner } from '../ports';
import type { GitCallOptions, GitOutput } from './gitCommand';
import { GitCommandError, isNotARepository, runGit, splitNul } from './gitCommand';
import { commitFormat, parseCommits } from './history';
import type { CommitInfo } from './history';
import { compareText } from '../files/sortedPaths';

/** A change that cannot be reported: unknown revision, no repository, no commits. */
export class ChangeRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChangeRangeError';
  }
}

export interface ChangeRange {
  /** The revision as the user gave it. */
  since: string;
  /** Full SHA of `since`. */
  sinceSha: string;
  /** Merge base of `since` and HEAD: what the files are compared against. */
  base: string;
  head: string;
}

export type FileChangeKind = 'added' | 'modified' | 'deleted' | 'renamed';

export interface ChangedFile {
  /** `/`-separated, relative to the root; for a deleted file, its path before. */
  path: string;
  /** The path before a rename. */
  oldPath?: string;
  change: FileChangeKind;
  /** `null` when git cannot count lines (a binary file), as `git diff --numstat` shows `-`. */
  linesAdded: number | null;
  linesDeleted: number | null;
  /** Differs between HEAD and the working tree (or untracked): not committed yet. */
  uncommitted: boolean;
}

export interface RangeCommit extends CommitInfo {
  parents: string[];
}

async function gitOrThrow(git: GitRunner, root: string, args: readonly string[], options: GitCallOptions): Promise<string> {
  const output = await runGit(git, root, args, options);
  if (output.exitCode !== 0) throw repositoryError(args, output, root);
  return output.stdout;
}

function repositoryError(args: readonly string[], output: GitOutput, root: string): Error {
  if (isNotARepository(output)) return new ChangeRangeError(`${root} is not inside a git repository`);
  return new GitCommandError(args, output.exitCode, output.stderr);
}

/** The full SHA of a commit, or undefined when `revision` names none. */
export async function resolveCommit(root: string, revision: string, git: GitRunner, options: GitCallOptions = {}): Promise<string | undefined> {
  // `--end-of-options` keeps a revision such as `--output=x` from being read as an option.
  const args = ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`];
  const output = await runGit(git, root, args, options);
  if (output.exitCode === 0) return output.stdout.trim();
  if (isNotARepository(output)) throw new ChangeRangeError(`${root} is not inside a git repository`);
  return undefined;
}

async function mergeBase(root: string, a: string, b: string, git: GitRunner, options: GitCallOptions): Promise<string | undefined> {
  const args = ['merge-base', a, b];
  const output = await runGit(git, root, args, options);
  if (output.exitCode === 0) return output.stdout.trim();
  // Exit 1 with no output: no common ancestor.
  if (output.exitCode === 1) return undefined;
  throw repositoryError(args, output, root);
}

export async function resolveChangeRange(root: string, since: string, git: GitRunner, options: GitCallOptions = {}): Promise<ChangeRange> {
  if (since.trim() === '') throw new ChangeRangeError('name the revision to report changes since (a branch, tag or commit)');
  if (since.startsWith('-')) throw new ChangeRangeError(`"${since}" is not a revision`);
  const head = await resolveCommit(root, 'HEAD', git, options);
  if (head === undefined) throw new ChangeRangeError('the repository has no commits yet');
  const sinceSha = await resolveCommit(root, since, git, options);
  if (sinceSha === undefined) throw new ChangeRangeError(`unknown revision "${since}" (fetch it first, e.g. git fetch origin main)`);
  const base = await mergeBase(root, sinceSha, head, git, options);
  if (base === undefined) {
    const shallow = await runGit(git, root, ['rev-parse', '--is-shallow-repository'], options);
    const hint = shallow.stdout.trim() === 'true' ? ' in this shallow clone; fetch the history (e.g. actions/checkout with fetch-depth: 0)' : '';
    throw new ChangeRangeError(`"${since}" and HEAD have no common history${hint}`);
  }
  return { since, sinceSha, base, head };
}

// Stable diff output whatever the user's config: no external diff or textconv, renames found
// the same way everywhere, paths relative to the root (and only those under it).
const diffOptions = ['--no-ext-diff', '--no-textconv', '--ignore-submodules=all', '--relative', '-M'];

interface NameStatus {
  path: string;
  oldPath?: string;
  change: FileChangeKind;
}

function parseNameStatus(stdout: string): NameStatus[] {
  const tokens = splitNul(stdout);
  const entries: NameStatus[] = [];
  for (let i = 0; i < tokens.length; ) {
    const status = tokens[i++] ?? '';
    const letter = status.charAt(0);
    if (letter === 'R' || letter === 'C') {
      const oldPath = tokens[i++] ?? '';
      const path = tokens[i++] ?? '';
      // A copy (only with diff.renames=copies in the user's config) is a new file.
      entries.push(letter === 'R' ? { path, oldPath, change: 'renamed' } : { path, change: 'added' });
      continue;
    }
    const path = tokens[i++] ?? '';
    entries.push({ path, change: letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : 'modified' });
  }
  return entries;
}

interface LineCounts {
  added: number | null;
  deleted: number | null;
}

/** `--numstat -z`: "A\tD\tpath\0", or for a rename "A\tD\t\0old\0new\0". Keyed by the new path. */
function parseNumstat(stdout: string): Map<string, LineCounts> {
  const tokens = splitNul(stdout);
  const counts = new Map<string, LineCounts>();
  for (let i = 0; i < tokens.length; ) {
    const [added = '', deleted = '', inlinePath = ''] = (tokens[i++] ?? '').split('\t');
    let path = inlinePath;
    if (path === '') {
      i++; // the old path
      path = tokens[i++] ?? '';
    }
    counts.set(path, { added: added === '-' ? null : Number(added), deleted: deleted === '-' ? null : Number(deleted) });
  }
  return counts;
}

/**
 * Every file that differs between `base` and the working tree (staged or not), plus untracked
 * files that are not ignored (as added), sorted by path.
 */
export async function changedFilesSince(root: string, base: string, ports: { git: GitRunner; fs: FileSystem }, options: GitCallOptions = {}): Promise<ChangedFile[]> {
  const { git, fs } = ports;
  const [nameStatus, numstat, dirty, untracked] = await Promise.all([
    gitOrThrow(git, root, ['diff', ...diffOptions, '-z', '--name-status', base, '--'], options),
    gitOrThrow(git, root, ['diff', ...diffOptions, '-z', '--numstat', base, '--'], options),
    gitOrThrow(git, root, ['diff', '--no-ext-diff', '--ignore-submodules=all', '--relative', '--no-renames', '-z', '--name-only', 'HEAD', '--'], options),
    gitOrThrow(git, root, ['ls-files', '-z', '--others', '--exclude-standard'], options),
  ]);
  const counts = parseNumstat(numstat);
  const uncommitted = new Set(splitNul(dirty));
  const files = new Map<string, ChangedFile>();
  for (const entry of parseNameStatus(nameStatus)) {
    const lines = counts.get(entry.path) ?? { added: null, deleted: null };
    files.set(entry.path, {
      path: entry.path,
      ...(entry.oldPath === undefined ? {} : { oldPath: entry.oldPath }),
      change: entry.change,
      linesAdded: lines.added,
      linesDeleted: lines.deleted,
      uncommitted: uncommitted.has(entry.path) || (entry.oldPath !== undefined && uncommitted.has(entry.oldPath)),
    });
  }
  const newFiles = splitNul(untracked).filter((path) => !files.has(path));
  const lineCounts = await countLinesOfFiles(fs, root, newFiles);
  newFiles.forEach((path) => {
    const lines = lineCounts.get(path) ?? null;
    files.set(path, { path, change: 'added', linesAdded: lines, linesDeleted: lines === null ? null : 0, uncommitted: true });
  });
  return [...files.values()].sort((a, b) => compareText(a.path, b.path));
}

/** The commits of the change (`since..head`), oldest first, parents before children. */
export async function commitsInRange(root: string, range: ChangeRange, git: GitRunner, options: GitCallOptions = {}): Promise<RangeCommit[]> {
  const spec = `${range.sinceSha}..${range.head}`;
  const [log, parents] = await Promise.all([
    gitOrThrow(git, root, ['log', '-z', '--topo-order', '--reverse', `--format=${commitFormat}`, spec, '--'], options),
    gitOrThrow(git, root, ['rev-list', '--parents', spec, '--'], options),
  ]);
  const parentsOf = new Map<string, string[]>();
  for (const line of parents.split('\n')) {
    const [sha, ...rest] = line.trim().split(' ');
    if (sha) parentsOf.set(sha, rest);
  }
  return parseCommits(log).map((commit) => ({ ...commit, parents: parentsOf.get(commit.sha) ?? [] }));
}

/** A file's text at a revision; `undefined` when it is not there, binary or too large. */
export async function readTextAt(root: string, revision: string, relativePath: string, git: GitRunner, maxBytes: number, options: GitCallOptions = {}): Promise<string | undefined> {
  // `./` makes the path relative to the root (git reads `rev:path` from the top level).
  const output = await runGit(git, root, ['cat-file', '-s', `${revision}:./${relativePath}`], options);
  if (output.exitCode !== 0 || Number(output.stdout.trim()) > maxBytes) return undefined;
  const blob = await runGit(git, root, ['cat-file', 'blob', `${revision}:./${relativePath}`], options);
  if (blob.exitCode !== 0 || blob.stdout.slice(0, 8000).includes('\0')) return undefined;
  return blob.stdout;
}

/**
 * A sensible "since" for a report of the current work: the default branch (origin's HEAD,
 * else origin/main, origin/master, main, master) when HEAD has commits it lacks; else the
 * upstream branch when HEAD is ahead of it; else HEAD (the uncommitted changes only).
 */
export async function defaultBaseRevision(root: string, git: GitRunner, options: GitCallOptions = {}): Promise<string> {
  const head = await resolveCommit(root, 'HEAD', git, options).catch(() => undefined);
  if (head === undefined) return 'HEAD';
  const candidates: string[] = [];
  const originHead = await runGit(git, root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], options);
  if (originHead.exitCode === 0 && originHead.stdout.trim() !== '') candidates.push(originHead.stdout.trim());
  candidates.push('origin/main', 'origin/master', 'main', 'master');
  const upstream = await runGit(git, root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], options);
  if (upstream.exitCode === 0 && upstream.stdout.trim() !== '') candidates.push(upstream.stdout.trim());
  for (const candidate of new Set(candidates)) {
    const sha = await resolveCommit(root, candidate, git, options);
    if (sha === undefined) continue;
    const base: string | undefined = await mergeBase(root, sha, head, git, options).catch(() => undefined);
    if (base !== undefined && base !== head) return candidate;
  }
  return 'HEAD';
}
