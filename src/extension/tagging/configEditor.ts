// Applying the core's config edits through the editor: the open buffer is what gets edited
// (unsaved changes included, never clobbered from disk), as one WorkspaceEdit so one undo
// reverts it, and never to a config that has errors.
import path from 'node:path';
import * as vscode from 'vscode';
import type { OutcomeModel, Problem } from '../../core/config/model';
import type { Focus } from '../../core/edit/configEdits';
import type { EditOutcome, TextEdit } from '../../core/edit/textEdit';
import type { CommandContext } from '../commandTable';
import { toRange } from '../outcomeConfigController';

/** What a tagging command did; returned by the command (for callers and tests). */
export type TagResult = 'edited' | 'unchanged' | 'refused' | 'cancelled';

export interface EditableConfig {
  document: vscode.TextDocument;
  model: OutcomeModel;
}

/**
 * The config of the folder holding `uri`; otherwise the only config, or the one the user picks.
 * `forFile`: `uri` is what gets tagged, so only its own folder's config will do. Undefined
 * (after telling the user) when there is none.
 */
export async function configFor(context: CommandContext, uri: vscode.Uri | undefined, forFile = true): Promise<OutcomeModel | undefined> {
  const models = context.configs.all();
  const fromUri = uri ? context.configs.forUri(uri) : undefined;
  if (fromUri) return fromUri;
  if (forFile && uri && vscode.workspace.getWorkspaceFolder(uri)) {
    offerCreate('This folder has no outcomes.yaml yet.');
    return undefined;
  }
  if (models.length <= 1) {
    if (models[0]) return models[0];
    offerCreate('This workspace has no outcomes.yaml yet.');
    return undefined;
  }
  const names = new Map(models.map((m) => [m, vscode.workspace.getWorkspaceFolder(vscode.Uri.file(m.file))?.name ?? path.basename(m.folder)]));
  return context.inputs.pick(
    models.map((m) => ({ label: names.get(m) ?? m.folder, description: vscode.workspace.asRelativePath(m.file), value: m })),
    { title: 'Which outcome config?', placeholder: 'Workspace folder' },
  );
}

function offerCreate(message: string): void {
  void vscode.window.showInformationMessage(`Outcome Lens: ${message}`, 'Create outcomes.yaml').then((choice) => {
    if (choice) void vscode.commands.executeCommand('outcomeLens.createConfig');
  });
}

/**
 * The config's document as it reads now, or undefined (after saying why) when it has errors:
 * a file Outcome Lens cannot read fully is a file it must not rewrite.
 */
export async function editableConfig(context: CommandContext, model: OutcomeModel, allowedErrors: readonly string[] = []): Promise<EditableConfig | undefined> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(model.file));
  const fresh = context.configs.modelOfDocument(document) ?? model;
  const errors = fresh.problems.filter((p) => p.severity === 'error' && !allowedErrors.includes(p.code));
  if (errors.length > 0) {
    refuseBrokenConfig(fresh, errors);
    return undefined;
  }
  return { document, model: fresh };
}

export function refuseBrokenConfig(model: OutcomeModel, errors: readonly Problem[]): void {
  const [first] = errors;
  if (!first) return;
  const name = vscode.workspace.asRelativePath(model.file);
  const count = errors.length === 1 ? 'an error' : `${errors.length} errors`;
  const where = `line ${first.range.start.line}, column ${first.range.start.column}: ${first.message}`;
  void vscode.window
    .showWarningMessage(`Outcome Lens did not change ${name}: it has ${count} (${where}). Fix the config first, then try again.`, 'Open Config')
    .then((choice) => {
      if (choice) void vscode.window.showTextDocument(vscode.Uri.file(model.file), { selection: toRange(first.range) });
    });
}

/** Applies core text edits to a document as one WorkspaceEdit (one undo step). */
export async function applyTextEdits(document: vscode.TextDocument, edits: readonly TextEdit[]): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`the edit to ${vscode.workspace.asRelativePath(document.uri)} was not applied`);
}

/**
 * Applies a core config edit (computed from `config.document`'s current text) and shows it:
 * in the editor already showing the config, else beside the current one, with the new text
 * selected. The edit is left unsaved: save the file to keep it, undo to drop it. (Saving here
 * would run the user's save participants, such as a YAML formatter, over their file.)
 */
export async function applyConfigEdit(
  config: EditableConfig,
  result: EditOutcome<{ focus: Focus }>,
  describe: () => string,
  options: { focus?: boolean } = {},
): Promise<TagResult> {
  const name = vscode.workspace.asRelativePath(config.document.uri);
  if (result.status === 'unchanged') {
    void vscode.window.showInformationMessage(`Outcome Lens: ${result.reason}; ${name} is unchanged.`);
    return 'unchanged';
  }
  if (result.status === 'failed') {
    void vscode.window.showWarningMessage(`Outcome Lens did not change ${name}: ${result.reason}.`);
    return 'refused';
  }
  const { document } = config;
  await applyTextEdits(document, result.edits);
  const selection = new vscode.Range(document.positionAt(result.focus.offset), document.positionAt(result.focus.offset + result.focus.length));
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Beside,
    preserveFocus: options.focus !== true,
    preview: false,
    selection,
  });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  void vscode.window.showInformationMessage(`Outcome Lens: ${describe()} in ${name} (not saved yet: save to keep it, undo to drop it).`);
  return 'edited';
}
