// The files of a workspace folder as git sees them: what a scan should read.
import { mergeSorted } from '../files/sortedPaths';
import type { GitRunner } from '../ports';
import type { GitCallOptions } from './gitCommand';
import { expectSuccess, isNotARepository, runGit, splitNul } from './gitCommand';

const gitlinkMode = '160000 ';
const symlinkMode = '120000 ';

export interface GitWorkspaceListing {
  /** `/`-separated, relative to the root, sorted. */
  files: string[];
  /** The files git does not track (not ignored either), sorted. */
  untracked: string[];
  /**
   * Tracked files whose content git does not vouch for, sorted: symbolic links (reading one
   * reads its target, which git does not watch) and files marked assume-unchanged or
   * skip-worktree (git ignores their changes).
   */
  unwatched: string[];
}

/**
 * Tracked files plus untracked files that are not ignored (`.gitignore`, `.git/info/exclude`,
 * `core.excludesFile`), as `/`-separated paths relative to `root`, sorted. Tracked files
 * deleted from the working tree and submodule folders are left out, since neither can be
 * read as a file. `undefined` when `root` is not inside a git repository (or git is
 * missing); the caller then walks the folder instead (see files/walk.ts).
 */
export async function listWorkspaceFiles(root: string, git: GitRunner, options: GitCallOptions = {}): Promise<string[] | undefined> {
  return (await listGitWorkspace(root, git, options))?.files;
}

/** `listWorkspaceFiles`, with which of the files git does not track, or does not watch. */
export async function listGitWorkspace(root: string, git: GitRunner, options: GitCallOptions = {}): Promise<GitWorkspaceListing | undefined> {
  // `-v` tags each entry: `H` for a plain one, lowercase for assume-unchanged, `S` for skip-worktree.
  const trackedArgs = ['ls-files', '-z', '--stage', '-v'];
  const untrackedArgs = ['ls-files', '-z', '--others', '--exclude-standard'];
  const deletedArgs = ['ls-files', '-z', '--deleted'];
  const [tracked, untracked, deleted] = await Promise.all(
    [trackedArgs, untrackedArgs, deletedArgs].map(async (args) => runGit(git, root, args, options)),
  );
  if (!tracked || !untracked || !deleted) return undefined;
  if (isNotARepository(tracked)) return undefined;

  const trackedOut = expectSuccess(trackedArgs, tracked);
  const deletedOut = expectSuccess(deletedArgs, deleted);
  const untrackedOut = expectSuccess(untrackedArgs, untracked);
  // `--stage -v` lines are "<tag> <mode> <sha> <stage>\t<path>"; a conflicted path has several
  // stages, one after another (git lists paths sorted).
  // Read in place (indexOf, one slice per path): splitting 60,000 entries first doubles the
  // strings made, and the collector's work with them.
  const trackedPaths: string[] = [];
  const unwatched: string[] = [];
  for (let start = 0; start < trackedOut.length; ) {
    let end = trackedOut.indexOf('\0', start);
    if (end < 0) end = trackedOut.length;
    const tab = trackedOut.indexOf('\t', start);
    if (tab >= 0 && tab < end && !trackedOut.startsWith(gitlinkMode, start + 2)) {
      const path = trackedOut.slice(tab + 1, end);
      if (trackedPaths[trackedPaths.length - 1] !== path) {
        trackedPaths.push(path);
        const tag = trackedOut.charAt(start);
        if (tag !== 'H' || trackedOut.startsWith(symlinkMode, start + 2)) unwatched.push(path);
      }
    }
    start = end + 1;
  }
  const deletedPaths = splitNul(deletedOut);
  const untrackedPaths = splitNul(untrackedOut);
  // git sorts by bytes; for ASCII paths that is also JavaScript's order, so the three sorted
  // lists merge without a set or a sort (the common case, and 60,000 paths are worth it).
  if (isAscii(trackedOut) && isAscii(deletedOut) && isAscii(untrackedOut) && isSortedUnique(trackedPaths) && isSortedUnique(untrackedPaths)) {
    return { files: mergeSorted(withoutSorted(trackedPaths, deletedPaths), untrackedPaths), untracked: untrackedPaths, unwatched };
  }
  const files = new Set(trackedPaths);
  for (const path of deletedPaths) files.delete(path);
  for (const path of untrackedPaths) files.add(path);
  return { files: [...files].sort(), untracked: untrackedPaths.sort(), unwatched: unwatched.sort() };
}

function isAscii(text: string): boolean {
  return !/[\u0080-\uffff]/.test(text);
}

function isSortedUnique(paths: readonly string[]): boolean {
  for (let i = 1; i < paths.length; i++) if (!((paths[i - 1] ?? '') < (paths[i] ?? ''))) return false;
  return true;
}

/** `sorted` without the paths in `remove` (any order; usually none). */
function withoutSorted(sorted: string[], remove: readonly string[]): string[] {
  if (remove.length === 0) return sorted;
  const removed = new Set(remove);
  return sorted.filter((path) => !removed.has(path));
}

/**
 * The tracked files under `root` whose working-tree content differs from `commit`'s: edited
 * (staged or not), added since, deleted, or changed in type. A file git does not list here
 * and that is tracked reads exactly as in `commit` (git compares content whenever the file's
 * stat data cannot vouch for it). Untracked files are never listed. `undefined` when git
 * cannot tell (the commit is gone, no repository).
 */
export async function changedSince(root: string, commit: string, git: GitRunner, options: GitCallOptions = {}): Promise<string[] | undefined> {
  // No rename detection (both sides are listed), no external diff or textconv, submodules
  // skipped (never indexed), paths relative to the root and only those under it.
  const args = ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--ignore-submodules=all', '--relative', '--end-of-options', commit, '--'];
  const output = await runGit(git, root, args, options);
  if (output.exitCode !== 0) return undefined;
  return splitNul(output.stdout);
}
