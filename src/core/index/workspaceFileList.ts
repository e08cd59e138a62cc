// The files an index covers: git's view where there is a repository, a .gitignore-honouring
// walk elsewhere, so the same folder indexes the same before and after `git init`.
import type { WalkFileSystem } from '../files/walk';
import { walkWorkspace } from '../files/walk';
import { listGitWorkspace } from '../git/workspaceFiles';
import type { GitRunner } from '../ports';

export type FileListing =
  | {
      /** `/`-separated, relative to the root, sorted. */
      files: string[];
      source: 'git';
      /** The files git does not track, and those it does not watch (see listGitWorkspace). */
      untracked: string[];
      unwatched: string[];
    }
  | { files: string[]; source: 'walk' };

export async function listIndexFiles(root: string, git: GitRunner, walkFs: WalkFileSystem, signal?: AbortSignal): Promise<FileListing> {
  const fromGit = await listGitWorkspace(root, git, { signal });
  if (fromGit) return { ...fromGit, source: 'git' };
  const walked = await walkWorkspace(root, walkFs, { signal });
  return { files: walked.files, source: 'walk' };
}
