import * as vscode from 'vscode';
import { distinctTitle } from '../../core/config/model';
import type { CommandContext } from '../commandTable';
import { toRange } from '../outcomeConfigController';
import { outcomeTarget } from './outcomeArguments';
import type { OutcomeTarget } from './outcomeArguments';

/**
 * Opens an outcome's entry in its config, with the ID selected. Called with a tree element
 * (the views' inline action), or `(id, configFile)` by CodeLens and hover links (`configFile`
 * a path or a Uri, optional in a single-folder workspace); from the palette, asks which outcome.
 */
export async function openOutcome({ configs }: CommandContext, argument?: unknown, configFile?: unknown): Promise<void> {
  const file = configFile instanceof vscode.Uri ? configFile.fsPath : typeof configFile === 'string' ? configFile : undefined;
  const models = configs.all().filter((m) => file === undefined || m.file === file);
  let target: OutcomeTarget | undefined;
  if (typeof argument === 'string') {
    const outcome = models.map((model) => ({ model, outcome: model.byId.get(argument) })).find((t) => t.outcome !== undefined);
    if (!outcome?.outcome) throw new Error(`"${argument}" is not an outcome in ${file ?? 'the outcome config'}`);
    target = { model: outcome.model, outcome: outcome.outcome };
  } else if (argument !== undefined) {
    target = outcomeTarget(argument, configs);
  }
  if (!target) {
    const picked = await vscode.window.showQuickPick(
      models.flatMap((model) =>
        model.outcomes.map((outcome) => ({
          label: outcome.id,
          description: distinctTitle(outcome.id, outcome.spec.title),
          ...(models.length > 1 ? { detail: model.file } : {}),
          target: { model, outcome },
        })),
      ),
      { placeHolder: 'Open which outcome?', matchOnDescription: true },
    );
    if (!picked) return;
    target = picked.target;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(target.model.file), { selection: toRange(target.outcome.idRange) });
}
