// Quick fixes for outcome IDs that name no outcome, in tags and in the config: "Did you mean
// KR-12?" replaces the ID with the nearest known one; "Add KR-7 to outcomes.yaml" runs
// `outcomeLens.addOutcome(id, configUri)`, which creates the entry.
import path from 'node:path';
import * as vscode from 'vscode';
import { nearestOutcomeId } from '../../core/config/outcomeReferences';
import { trimmedOutcomeIdLength } from '../../core/tags/outcomeId';
import type { OutcomeLookup } from './outcomeLookup';

export const addOutcomeCommand = 'outcomeLens.addOutcome';

/** Diagnostic codes (ours) whose range holds an outcome ID that is not in the config. */
const unknownIdCodes = new Set(['unknown-outcome', 'unknown-parent']);

export class TagQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly lookup: OutcomeLookup) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const model = this.lookup.modelFor(document.uri) ?? this.lookup.configs.all()[0];
    if (!model) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'Outcome Lens' || typeof diagnostic.code !== 'string' || !unknownIdCodes.has(diagnostic.code)) continue;
      // The diagnostic may span quotes (`parent: "KR-9"`): take the ID inside it.
      const { start } = diagnostic.range;
      const match = /[A-Za-z][A-Za-z0-9_.-]*/.exec(document.getText(diagnostic.range));
      if (!match) continue;
      const token = { id: match[0].slice(0, trimmedOutcomeIdLength(match[0])), start: start.character + match.index };
      const idRange = new vscode.Range(start.line, token.start, start.line, token.start + token.id.length);
      if (model.byId.has(token.id)) continue;

      const suggestion = nearestOutcomeId(model, token.id);
      if (suggestion !== undefined) {
        const fix = new vscode.CodeAction(`Did you mean ${suggestion}?`, vscode.CodeActionKind.QuickFix);
        fix.edit = new vscode.WorkspaceEdit();
        fix.edit.replace(document.uri, idRange, suggestion);
        fix.diagnostics = [diagnostic];
        fix.isPreferred = true;
        actions.push(fix);
      }
      const add = new vscode.CodeAction(`Add ${token.id} to ${path.basename(model.file)}`, vscode.CodeActionKind.QuickFix);
      add.command = { title: add.title, command: addOutcomeCommand, arguments: [token.id, vscode.Uri.file(model.file)] };
      add.diagnostics = [diagnostic];
      actions.push(add);
    }
    return actions;
  }
}
