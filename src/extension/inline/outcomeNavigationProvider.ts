// Go to Definition from an outcome ID (code, comments, the config's `parent:`, commit
// messages) to its entry in the config; Find All References: the config's places (entry,
// `parent:` values, path rules, tickets) and the tags and ticket mentions in files, from the
// index — no file is read.
import * as vscode from 'vscode';
import { outcomeLocations } from '../../core/index/outcomeLocations';
import { outcomeIdAt } from '../../core/tags/idContext';
import { toRange } from '../outcomeConfigController';
import type { FoundOutcome, OutcomeLookup } from './outcomeLookup';
import { definitionOf } from './outcomeLookup';

export class OutcomeNavigationProvider implements vscode.DefinitionProvider, vscode.ReferenceProvider {
  constructor(private readonly lookup: OutcomeLookup) {}

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.DefinitionLink[] | undefined {
    const found = this.outcomeAt(document, position);
    if (!found) return undefined;
    const target = definitionOf(found.outcome);
    // A link (not a bare Location) so the editor underlines the whole ID, trailing dots excluded.
    return [{ originSelectionRange: found.range, targetUri: target.uri, targetRange: toRange(found.outcome.outcome.range), targetSelectionRange: target.range }];
  }

  provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): vscode.Location[] | undefined {
    const found = this.outcomeAt(document, position);
    if (!found) return undefined;
    const { model, outcome } = found.outcome;
    return outcomeLocations(model, this.lookup.indexOf(model), outcome.id, { includeDefinition: context.includeDeclaration }).map(
      (location) => new vscode.Location(vscode.Uri.file(location.file), toRange(location.range)),
    );
  }

  private outcomeAt(document: vscode.TextDocument, position: vscode.Position): { outcome: FoundOutcome; range: vscode.Range } | undefined {
    const token = outcomeIdAt(document.lineAt(position.line).text, position.character);
    const outcome = token && this.lookup.find(document.uri, token.id);
    return outcome && token ? { outcome, range: new vscode.Range(position.line, token.start, position.line, token.end) } : undefined;
  }
}
