import type { CliCommand } from './cliCommand';
import { checkCommand } from './commands/check';
import { coverageCommand } from './commands/coverage';
import { explainCommand } from './commands/explain';
import { reportCommand } from './commands/report';
import { scanCommand } from './commands/scan';
import { statusCommand } from './commands/status';

/** Every CLI command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [checkCommand, explainCommand, scanCommand, statusCommand, reportCommand, coverageCommand];
