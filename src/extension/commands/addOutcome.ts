// Add Outcome…: a new `{ id, title }` entry at the end of `outcomes`, its placeholder title
// selected for the user to type over. Quick fixes call it with the unknown ID of a tag
// ("Add KR-7 to outcomes.yaml") and the config to add it to.
import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';
import { outcomeIdPattern } from '../../core/tags/outcomeId';
import type { CommandContext } from '../commandTable';
import { configParser } from '../configParser';
import { applyConfigEdit, configFor, editableConfig } from '../tagging/configEditor';
import type { TagResult } from '../tagging/configEditor';
import { toRange } from '../outcomeConfigController';

export const placeholderTitle = 'Describe what should change for users or the business';

export async function addOutcome(context: CommandContext, idArgument?: unknown, configArgument?: unknown): Promise<TagResult> {
  const model = await modelFor(context, configArgument);
  if (!model) return 'refused';
  // An empty file is the one error this command fixes.
  const config = await editableConfig(context, model, ['empty-file']);
  if (!config) return 'refused';
  const id = typeof idArgument === 'string' ? idArgument.trim() : await askId(context, config.model);
  if (id === undefined) return 'cancelled';
  const problem = idProblem(id, config.model);
  if (problem !== undefined) {
    const existing = config.model.byId.get(id);
    if (existing) {
      await vscode.window.showTextDocument(config.document, { selection: toRange(existing.idRange), preview: false });
      void vscode.window.showInformationMessage(`Outcome Lens: ${problem}.`);
      return 'unchanged';
    }
    void vscode.window.showWarningMessage(`Outcome Lens: ${problem}.`);
    return 'refused';
  }
  // The config may have changed while the ID was typed.
  const current = await editableConfig(context, model, ['empty-file']);
  if (!current) return 'refused';
  const result = (await configParser()).addOutcomeEntry(current.document.getText(), id, placeholderTitle);
  return applyConfigEdit(current, result, () => `added outcome ${id}; type its title`, { focus: true });
}

async function modelFor(context: CommandContext, configArgument: unknown): Promise<OutcomeModel | undefined> {
  if (configArgument instanceof vscode.Uri) {
    const exact = context.configs.all().find((m) => m.file === configArgument.fsPath);
    return exact ?? configFor(context, configArgument, false);
  }
  return configFor(context, vscode.window.activeTextEditor?.document.uri, false);
}

function idProblem(id: string, model: OutcomeModel): string | undefined {
  if (!outcomeIdPattern.test(id)) return `"${id}" is not an outcome ID: start with a letter, then letters, digits, -, _ or .`;
  if (model.byId.has(id)) return `${id} is already in ${vscode.workspace.asRelativePath(model.file)}`;
  return undefined;
}

function askId(context: CommandContext, model: OutcomeModel): Promise<string | undefined> {
  return context.inputs.input({ title: 'Add Outcome', prompt: 'ID of the new outcome', placeholder: 'KR-7', validate: (text) => idProblem(text.trim(), model) });
}
