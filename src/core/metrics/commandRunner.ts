// Running a `command` metric source. The core only sees this interface; the Node implementation
// (nodeCommandRunner.ts) is handed in by the CLI and the extension, and never in an untrusted workspace.

export interface CommandRunOptions {
  cwd: string;
  timeoutMs: number;
  /** stdout and stderr together; past it the command is killed. */
  maxOutputBytes: number;
  signal: AbortSignal;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  /** `null` when a signal ended the process. */
  exitCode: number | null;
  signal: string | null;
}

/**
 * Runs `command` through the system shell. Rejects with an `Error` whose message explains a
 * timeout, an oversized output or a failure to start, or with `signal.reason` when cancelled.
 */
export type CommandRunner = (command: string, options: CommandRunOptions) => Promise<CommandResult>;
