// What the core needs from its host. The extension, the CLI and the tests each pass their
// own (real) implementations in; the core never reaches for globals it could be handed.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface FileSystem {
  readFile(absolutePath: string): Promise<Uint8Array>;
  /** `undefined` when nothing is there. */
  stat(absolutePath: string): Promise<FileStat | undefined>;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface GitRunOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Written to git's standard input. */
  input?: string;
}

/** Runs `git` with the given arguments (never through a shell). */
export type GitRunner = (args: readonly string[], options: GitRunOptions) => Promise<GitResult>;

export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

export const systemClock: Clock = { now: () => Date.now() };
