// Create outcomes.yaml: the commented starter config at a workspace folder's root, or the
// existing config opened when the folder has one.
import * as vscode from 'vscode';
import { findConfigFile } from '../../core/config/configFile';
import { starterConfig } from '../../core/edit/starterConfig';
import { nodeFileSystem } from '../../core/node/nodeHost';
import type { CommandContext } from '../commandTable';
import type { TagResult } from '../tagging/configEditor';

export async function createConfig(context: CommandContext, target?: unknown): Promise<TagResult> {
  const folder = await chooseFolder(context, target);
  if (!folder) return 'cancelled';
  const existing = await findConfigFile(folder.uri.fsPath, nodeFileSystem);
  if (existing !== undefined) {
    await vscode.window.showTextDocument(vscode.Uri.file(existing), { preview: false });
    void vscode.window.showInformationMessage(`Outcome Lens: ${folder.name} already has ${vscode.workspace.asRelativePath(existing, false)}; opened it.`);
    return 'unchanged';
  }
  const uri = vscode.Uri.joinPath(folder.uri, 'outcomes.yaml');
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(starterConfig(lineEndingFor(folder))) });
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not create ${uri.fsPath}`);
  await context.reload();
  const document = await vscode.workspace.openTextDocument(uri);
  const firstOutcome = document.getText().indexOf('- id: ');
  const at = document.positionAt(firstOutcome < 0 ? 0 : firstOutcome + '- id: '.length);
  await vscode.window.showTextDocument(document, { preview: false, selection: new vscode.Range(at, at) });
  return 'edited';
}

async function chooseFolder(context: CommandContext, target: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (target instanceof vscode.Uri) {
    const folder = vscode.workspace.getWorkspaceFolder(target);
    if (folder) return folder;
  }
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Outcome Lens: open a folder first; outcomes.yaml lives at its root.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  const withConfig = new Set(context.configs.all().map((m) => m.folder));
  return context.inputs.pick(
    folders.map((folder) => ({ label: folder.name, description: withConfig.has(folder.uri.fsPath) ? 'has a config: open it' : '', value: folder })),
    { title: 'Create outcomes.yaml', placeholder: 'In which workspace folder?' },
  );
}

/** The line ending VS Code would give a new file in this folder (`files.eol`). */
function lineEndingFor(folder: vscode.WorkspaceFolder): '\n' | '\r\n' {
  const eol = vscode.workspace.getConfiguration('files', folder.uri).get<string>('eol');
  if (eol === '\r\n' || eol === '\n') return eol;
  return process.platform === 'win32' ? '\r\n' : '\n';
}
