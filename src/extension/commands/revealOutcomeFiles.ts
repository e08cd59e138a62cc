import path from 'node:path';
import * as vscode from 'vscode';
import { distinctTitle, outcomeLabel } from '../../core/config/model';
import type { CommandContext } from '../commandTable';
import { outcomeTarget } from './outcomeArguments';

/**
 * A quick pick of the files serving an outcome, from the index (no scan); the picked file
 * opens. Without an argument, asks for the outcome first.
 */
export async function revealOutcomeFiles(context: CommandContext, argument?: unknown): Promise<void> {
  let target = outcomeTarget(argument, context.configs);
  if (!target) {
    const picks = context.configs.all().flatMap((model) => model.outcomes.map((outcome) => ({ label: outcome.id, description: distinctTitle(outcome.id, outcome.spec.title), target: { model, outcome } })));
    target = (await vscode.window.showQuickPick(picks, { title: 'Reveal Files', placeHolder: 'Which outcome’s files' }))?.target;
    if (!target) return;
  }
  const { model, outcome } = target;
  const index = context.index.indexFor(vscode.Uri.file(model.folder));
  if (!index) {
    void vscode.window.showInformationMessage('Outcome Lens is still indexing this workspace; try again in a moment.');
    return;
  }
  const files = index.filesServing(outcome.id);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(`No file serves ${outcome.id} yet.`);
    return;
  }
  const items = files.map((file) => {
    const reasons = index.entry(file)?.outcomes.find((o) => o.outcomeId === outcome.id)?.reasons ?? [];
    const folder = path.posix.dirname(file);
    return {
      label: path.posix.basename(file),
      description: folder === '.' ? '' : folder,
      detail: [...new Set(reasons.map((r) => r.kind))].join(', '),
      uri: vscode.Uri.file(path.join(model.folder, file)),
    };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `${outcomeLabel(outcome.id, outcome.spec.title)}: ${files.length} file${files.length === 1 ? '' : 's'}`,
    placeHolder: 'Open a file that serves this outcome',
    matchOnDescription: true,
  });
  if (picked) await vscode.window.showTextDocument(picked.uri);
}
