import * as vscode from 'vscode';
import type { CommandContext } from '../commandTable';

/** Opens the outcome config of the active file's folder, or else the first folder that has one. */
export async function openConfig({ configs }: CommandContext): Promise<void> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const model = (active ? configs.forUri(active) : undefined) ?? configs.all()[0];
  if (!model) {
    void vscode.window.showInformationMessage('This workspace has no outcomes.yaml yet.', 'Create outcomes.yaml').then((choice) => {
      if (choice) void vscode.commands.executeCommand('outcomeLens.createConfig');
    });
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(model.file));
}
