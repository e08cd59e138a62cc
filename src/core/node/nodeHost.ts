// Node implementations of the core's ports, shared by the extension host and the CLI.
import { execFile } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import type { WalkFileSystem } from '../files/walk';
import type { FileSystem, GitRunner } from '../ports';

export const nodeFileSystem: FileSystem = {
  readFile: async (absolutePath) => readFile(absolutePath),
  stat: async (absolutePath) => {
    try {
      const s = await stat(absolutePath);
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  },
};

/** For folders that are not git repositories (see files/walk.ts). */
export const nodeWalkFileSystem: WalkFileSystem = {
  readDirectory: async (absolutePath) =>
    (await readdir(absolutePath, { withFileTypes: true })).map((entry) => ({
      name: entry.name,
      kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other',
    })),
  readFile: async (absolutePath) => readFile(absolutePath),
};

const maxGitOutput = 256 * 1024 * 1024;

export const nodeGitRunner: GitRunner = (args, options) =>
  new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      {
        cwd: options.cwd,
        maxBuffer: maxGitOutput,
        encoding: 'utf8',
        windowsHide: true,
        // Never let git prompt or page: the core runs headless.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error instanceof Error ? error : new Error(String(error.message)));
          return;
        }
        resolve({ stdout, stderr, exitCode: error ? Number(error.code) : 0 });
      },
    );
    if (options.input !== undefined) {
      // git may exit before reading its input (not a repository, no such path): the exit
      // code says what happened, the broken pipe must not become an uncaught error.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
  });
