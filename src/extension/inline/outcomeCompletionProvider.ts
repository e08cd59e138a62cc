// Completion of outcome IDs where one is being typed: after `@outcome ` (or `, ` in its
// list) in any language's comments, after `parent:` in the config, after `Outcome:` in a
// commit message. Items carry the title and status; IDs already in the list are left out.
import * as vscode from 'vscode';
import { distinctTitle } from '../../core/config/model';
import type { OutcomeEntry, OutcomeModel } from '../../core/config/model';
import { statusLabel } from '../../core/metrics/metricText';
import { outcomeStatusOf } from '../../core/metrics/outcomeText';
import { idCompletionContext } from '../../core/tags/idContext';
import type { OutcomeLookup } from './outcomeLookup';
import { isCommitMessage } from './outcomeLookup';

export const completionTriggers = [' ', ','];

export class OutcomeCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly lookup: OutcomeLookup) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const commit = isCommitMessage(document);
    const config = this.lookup.isConfig(document.uri);
    // Called on every space typed in any file: leave at once unless the line could hold an ID list.
    const before = document.lineAt(position.line).text.slice(0, position.character);
    if (!before.includes('@outcome') && !(config && before.includes('parent:')) && !(commit && /outcome:/i.test(before))) return undefined;

    const model = this.lookup.modelFor(document.uri) ?? this.lookup.configs.all()[0];
    if (!model) return undefined;
    const offset = document.offsetAt(position);
    const context = idCompletionContext(document.getText(), offset, {
      languageId: document.languageId,
      fileName: document.fileName,
      isConfig: config,
      isCommitMessage: commit,
    });
    if (!context) return undefined;
    const range = new vscode.Range(document.positionAt(context.start), position);
    const listed = new Set(context.listed);
    const excluded = context.kind === 'parent' ? selfAndDescendants(model, position.line + 1) : new Set<string>();
    const status = this.lookup.status(model);
    return model.outcomes
      .filter((o) => !listed.has(o.id) && !excluded.has(o.id))
      .map((outcome, i) => {
        const item = new vscode.CompletionItem({ label: outcome.id, description: distinctTitle(outcome.id, outcome.spec.title) }, vscode.CompletionItemKind.Reference);
        const state = statusLabel(outcomeStatusOf(outcome, status));
        const lifecycle = outcome.status === 'active' ? '' : `${outcome.status} · `;
        item.detail = `${outcome.spec.title} — ${lifecycle}${state}`;
        if (outcome.spec.owner !== undefined) item.documentation = new vscode.MarkdownString().appendText(`Owner: ${outcome.spec.owner}`);
        item.range = range;
        item.filterText = outcome.id;
        // Config order, with outcomes nobody should tag new work with last.
        const closed = outcome.status === 'dropped' || outcome.status === 'achieved';
        item.sortText = `${closed ? 1 : 0}${String(i).padStart(6, '0')}`;
        if (outcome.status === 'dropped') item.tags = [vscode.CompletionItemTag.Deprecated];
        return item;
      });
  }
}

/** The outcome whose entry holds 1-based `line`, and everything under it: a parent there would make a cycle. */
function selfAndDescendants(model: OutcomeModel, line: number): Set<string> {
  const self = model.outcomes.find((o) => o.range.start.line <= line && line <= o.range.end.line);
  const excluded = new Set<string>();
  const visit = (outcome: OutcomeEntry | undefined): void => {
    if (!outcome || excluded.has(outcome.id)) return;
    excluded.add(outcome.id);
    for (const child of outcome.childIds) visit(model.byId.get(child));
  };
  visit(self);
  return excluded;
}
