import * as vscode from 'vscode';
import type { OutcomeEntry, OutcomeModel } from '../../core/config/model';
import type { CommandContext } from '../commandTable';
import { toRange } from '../outcomeConfigController';

/**
 * Opens an outcome's entry in its config, with the ID selected. Called with `(id, configFile)`
 * by CodeLens and hover links (`configFile` a path or a Uri, optional in a single-folder
 * workspace); from the palette, asks which outcome.
 */
export async function openOutcome({ configs }: CommandContext, id?: unknown, configFile?: unknown): Promise<void> {
  const file = configFile instanceof vscode.Uri ? configFile.fsPath : typeof configFile === 'string' ? configFile : undefined;
  const models = configs.all().filter((m) => file === undefined || m.file === file);
  let target: { model: OutcomeModel; outcome: OutcomeEntry } | undefined;
  if (typeof id === 'string') {
    for (const model of models) {
      const outcome = model.byId.get(id);
      if (outcome) {
        target = { model, outcome };
        break;
      }
    }
    if (!target) throw new Error(`"${id}" is not an outcome in ${file ?? 'the outcome config'}`);
  } else {
    const picked = await vscode.window.showQuickPick(
      models.flatMap((model) =>
        model.outcomes.map((outcome) => ({
          label: outcome.id,
          description: outcome.spec.title,
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
