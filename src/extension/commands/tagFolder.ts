// Tag Folder with Outcome…: `folder/` in the outcome's `paths`.
import * as vscode from 'vscode';
import { pathRuleFor } from '../../core/edit/pathRule';
import { rulesFor } from '../../core/index/explainFile';
import type { CommandContext } from '../commandTable';
import { configParser } from '../configParser';
import { applyConfigEdit, configFor, editableConfig } from '../tagging/configEditor';
import type { TagResult } from '../tagging/configEditor';
import { pickOutcome } from '../tagging/outcomePick';
import { baseName, relativeTo, targetUris } from '../tagging/targets';

export async function tagFolder(context: CommandContext, target?: unknown, selection?: unknown): Promise<TagResult> {
  let folders = targetUris(target, selection, undefined);
  if (folders.length === 0) {
    const defaultUri = vscode.workspace.workspaceFolders?.[0]?.uri;
    folders =
      (await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: true, openLabel: 'Tag Folder', title: 'Tag Folder with Outcome', ...(defaultUri ? { defaultUri } : {}) })) ?? [];
    if (folders.length === 0) return 'cancelled';
  }
  const model = await configFor(context, folders[0]);
  if (!model) return 'refused';
  const relatives = folders.map((uri) => relativeTo(model, uri));
  if (relatives.some((r) => r === undefined)) {
    void vscode.window.showWarningMessage(
      `Outcome Lens: tag a folder inside ${vscode.workspace.asRelativePath(model.folder, true)}, not the workspace folder itself or one outside it. (To tag everything, add a rule such as "*" by hand.)`,
    );
    return 'refused';
  }
  const config = await editableConfig(context, model);
  if (!config) return 'refused';
  const label = folders.length === 1 ? `${baseName(folders[0] as vscode.Uri)}/` : `${folders.length} folders`;
  const outcome = await pickOutcome(context, config.model, { title: `Tag ${label} with Outcome` });
  if (!outcome) return 'cancelled';

  // The model may have moved on while the pick was open.
  const current = await editableConfig(context, model);
  if (!current) return 'refused';
  const rules: string[] = [];
  const covered: string[] = [];
  for (const relative of relatives as string[]) {
    const match = rulesFor(current.model, `${relative}/`)
      .match(`${relative}/`)
      .find((m) => m.outcomeId === outcome.id);
    if (match) covered.push(`${relative}/ already serves ${outcome.id} through "${match.rule.pattern}" (line ${match.rule.line})`);
    else rules.push(pathRuleFor(relative, 'folder'));
  }
  if (rules.length === 0) {
    void vscode.window.showInformationMessage(`Outcome Lens: ${covered.join('; ')}; ${vscode.workspace.asRelativePath(current.model.file)} is unchanged.`);
    return 'unchanged';
  }
  const result = (await configParser()).addToOutcomeList(current.document.getText(), outcome.id, 'paths', rules);
  return applyConfigEdit(current, result, () => `added ${rules.map((r) => `"${r}"`).join(', ')} to the paths of ${outcome.id}`);
}
