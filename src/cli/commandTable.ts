import type { CliCommand } from './cliCommand';

/** Every CLI command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [];
