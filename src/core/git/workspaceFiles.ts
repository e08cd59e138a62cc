// The files of a workspace folder as git sees them: what a scan should read.
import type { GitRunner } from '../ports';
import type { GitCallOptions } from './gitCommand';
import { expectSuccess, isNotARepository, runGit, splitNul } from './gitCommand';

const gitlinkModePrefix = '160000 ';

/**
 * Tracked files plus untracked files that are not ignored (`.gitignore`, `.git/info/exclude`,
 * `core.excludesFile`), as `/`-separated paths relative to `root`, sorted. Tracked files
 * deleted from the working tree and submodule folders are left out, since neither can be
 * read as a file. `undefined` when `root` is not inside a git repository (or git is
 * missing); the caller then walks the folder instead (see files/walk.ts).
 */
export async function listWorkspaceFiles(root: string, git: GitRunner, options: GitCallOptions = {}): Promise<string[] | undefined> {
  const trackedArgs = ['ls-files', '-z', '--stage'];
  const untrackedArgs = ['ls-files', '-z', '--others', '--exclude-standard'];
  const deletedArgs = ['ls-files', '-z', '--deleted'];
  const [tracked, untracked, deleted] = await Promise.all(
    [trackedArgs, untrackedArgs, deletedArgs].map(async (args) => runGit(git, root, args, options)),
  );
  if (!tracked || !untracked || !deleted) return undefined;
  if (isNotARepository(tracked)) return undefined;

  const files = new Set<string>();
  // `--stage` lines are "<mode> <sha> <stage>\t<path>"; a conflicted path has several stages.
  for (const entry of splitNul(expectSuccess(trackedArgs, tracked))) {
    const tab = entry.indexOf('\t');
    if (tab < 0 || entry.startsWith(gitlinkModePrefix)) continue;
    files.add(entry.slice(tab + 1));
  }
  for (const path of splitNul(expectSuccess(deletedArgs, deleted))) files.delete(path);
  for (const path of splitNul(expectSuccess(untrackedArgs, untracked))) files.add(path);
  return [...files].sort();
}
