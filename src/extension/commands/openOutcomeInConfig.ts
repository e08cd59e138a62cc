import * as vscode from 'vscode';
import type { CommandContext } from '../commandTable';
import { toRange } from '../outcomeConfigController';
import { openConfig } from './openConfig';
import { outcomeTarget } from './outcomeArguments';

/** Opens the config at an outcome's `id:` line (from a tree item, or an outcome ID). */
export async function openOutcomeInConfig(context: CommandContext, argument?: unknown): Promise<void> {
  const target = outcomeTarget(argument, context.configs);
  if (!target) {
    await openConfig(context);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(target.model.file), { selection: toRange(target.outcome.idRange) });
}
