import { loadOutcomes } from '../core/config/loader';
import type { OutcomeModel } from '../core/config/model';
import { configFileNames } from '../core/config/schema';
import { nodeFileSystem } from '../core/node/nodeHost';
import type { CliIo } from './cliCommand';

/** The config, or `undefined` after telling the user there is none (the caller exits 2). */
export async function loadModelOrReport(commandName: string, root: string, io: CliIo): Promise<OutcomeModel | undefined> {
  const model = await loadOutcomes(root, nodeFileSystem);
  if (!model) io.stderr(`outcome-lens ${commandName}: no outcome config found in ${root} (looked for ${configFileNames.join(', ')})\n`);
  return model;
}
