// The shape every CLI command has. Commands live one per file under src/cli/commands/ and
// are listed once, in src/cli/commandTable.ts.
import type { ParseArgsConfig } from 'node:util';

export interface CliIo {
  /** Text, or UTF-8 bytes (a stored output, passed on as it is). */
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is a terminal (progress is only drawn there). */
  stderrIsTTY: boolean;
}

export type CliOptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CliInvocation {
  /** Absolute workspace root (`--root`, default the current directory). */
  root: string;
  json: boolean;
  values: CliOptionValues;
  positionals: string[];
  io: CliIo;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Usage line after `outcome-lens <name>`, e.g. `FILE... [--root DIR] [--json]`. */
  usage: string;
  /** Options beyond the common `--root`, `--json` and `--help`. */
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals: boolean;
  /** Resolves to the exit code: 0 success, 1 the command's own failure condition, 2 usage or I/O error. */
  run(invocation: CliInvocation): Promise<number>;
}

/** Thrown for bad command-line use; main prints the message and exits 2. */
export class UsageError extends Error {}
