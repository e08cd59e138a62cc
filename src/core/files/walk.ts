// Lists a workspace folder that is not a git repository, honouring the .gitignore files in it
// the way git would, so a folder scans the same before and after `git init`.
import ignore from 'ignore';
import type { Ignore } from 'ignore';

export interface DirectoryEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
}

/** The file access a walk needs; the Node host implements it over `fs/promises`. */
export interface WalkFileSystem {
  readDirectory(absolutePath: string): Promise<DirectoryEntry[]>;
  /** Rejects when the file does not exist. */
  readFile(absolutePath: string): Promise<Uint8Array>;
}

export interface WalkOptions {
  signal?: AbortSignal | undefined;
  /** Stop after this many files (a runaway folder should not stall a scan). */
  maxFiles?: number | undefined;
}

export interface WalkResult {
  /** `/`-separated paths relative to the root, sorted. */
  files: string[];
  /** True when `maxFiles` cut the listing short. */
  truncated: boolean;
}

interface IgnoreScope {
  /** Folder of the .gitignore, relative to the root, '' or ending in '/'. */
  base: string;
  rules: Ignore;
}

/**
 * Every file under `root` that git would not ignore. `.git` folders are skipped, and symbolic
 * links are neither listed nor followed, which rules out cycles.
 */
export async function walkWorkspace(root: string, fs: WalkFileSystem, options: WalkOptions = {}): Promise<WalkResult> {
  const files: string[] = [];
  const maxFiles = options.maxFiles ?? Number.POSITIVE_INFINITY;
  const rootPath = root.replace(/[\\/]+$/, '');

  const walkFolder = async (relativeFolder: string, scopes: readonly IgnoreScope[]): Promise<boolean> => {
    options.signal?.throwIfAborted();
    const absoluteFolder = relativeFolder === '' ? rootPath : `${rootPath}/${relativeFolder.slice(0, -1)}`;
    const ownRules = await readGitignore(fs, `${absoluteFolder}/.gitignore`);
    const activeScopes = ownRules ? [...scopes, { base: relativeFolder, rules: ownRules }] : scopes;
    const entries = (await fs.readDirectory(absoluteFolder)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.kind === 'directory') {
        if (entry.name === '.git') continue;
        const folder = `${relativeFolder}${entry.name}/`;
        if (isIgnored(activeScopes, folder)) continue;
        if (!(await walkFolder(folder, activeScopes))) return false;
      } else if (entry.kind === 'file') {
        const file = `${relativeFolder}${entry.name}`;
        if (isIgnored(activeScopes, file)) continue;
        if (files.length >= maxFiles) return false;
        files.push(file);
      }
    }
    return true;
  };

  const complete = await walkFolder('', []);
  return { files: files.sort(), truncated: !complete };
}

/**
 * The deepest .gitignore with an opinion decides, as in git. Parent folders need no check:
 * the walk never enters an ignored folder.
 */
function isIgnored(scopes: readonly IgnoreScope[], relativePath: string): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    if (!scope) continue;
    const result = scope.rules.test(relativePath.slice(scope.base.length));
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

async function readGitignore(fs: WalkFileSystem, absolutePath: string): Promise<Ignore | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(absolutePath);
  } catch {
    return undefined;
  }
  // Case-sensitive like git on Linux; see matching/singlePattern.ts.
  return ignore({ ignorecase: false }).add(new TextDecoder().decode(bytes));
}
