import type { CliCommand } from './cliCommand';
import { checkCommand } from './commands/check';

/** Every CLI command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [checkCommand];
