import * as vscode from 'vscode';
import { configFileNames } from '../../core/config/schema';
import type { CommandContext } from '../commandTable';

/** Opens the outcome config of the active file's folder (or the first folder that has one). */
export async function openConfig(_context: CommandContext): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  const ordered = activeFolder ? [activeFolder, ...folders.filter((f) => f !== activeFolder)] : folders;
  for (const folder of ordered) {
    for (const name of configFileNames) {
      const uri = vscode.Uri.joinPath(folder.uri, name);
      try {
        await vscode.workspace.fs.stat(uri);
        await vscode.window.showTextDocument(uri);
        return;
      } catch {
        // Not there: try the next name.
      }
    }
  }
  void vscode.window.showInformationMessage('This workspace has no outcomes.yaml yet.');
}
