// Tag Selection with Outcome…: a tag comment above the symbol that encloses the selection
// (from the language's outline), or above the selection's first line when there is none.
import * as vscode from 'vscode';
import type { OutlineSymbol } from '../../core/edit/tagComment';
import { enclosingSymbolLine, tagAboveLineEdit } from '../../core/edit/tagComment';
import type { CommandContext } from '../commandTable';
import { applyTextEdits, configFor } from '../tagging/configEditor';
import type { TagResult } from '../tagging/configEditor';
import { pickOutcome } from '../tagging/outcomePick';

/** A language server that is still starting must not hold the command up for long. */
const outlineTimeoutMs = 3_000;

export async function tagSelection(context: CommandContext): Promise<TagResult> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Outcome Lens: put the cursor in the code to tag, then run Tag Selection with Outcome.');
    return 'cancelled';
  }
  const { document } = editor;
  const model = await configFor(context, document.uri);
  if (!model) return 'refused';
  const selectionLine = editor.selection.start.line;
  // Asked first, while the user picks: a language server may still be starting.
  const outline = outlineOf(document);
  const outcome = await pickOutcome(context, model, { title: `Tag the code at ${vscode.workspace.asRelativePath(document.uri)}:${selectionLine + 1} with Outcome` });
  if (!outcome) return 'cancelled';
  const line = enclosingSymbolLine(await outline, selectionLine) ?? selectionLine;
  const result = tagAboveLineEdit(document.getText(), line, { languageId: document.languageId, fileName: document.fileName, outcomeId: outcome.id });
  if (result.status !== 'edited') {
    void vscode.window.showInformationMessage(`Outcome Lens: ${result.reason}.`);
    return result.status === 'unchanged' ? 'unchanged' : 'refused';
  }
  await applyTextEdits(document, result.edits);
  return 'edited';
}

async function outlineOf(document: vscode.TextDocument): Promise<OutlineSymbol[]> {
  const request = Promise.resolve(vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri)).then(
    (symbols) => (symbols ?? []).map(toOutline),
    () => [],
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<OutlineSymbol[]>((resolve) => (timer = setTimeout(() => resolve([]), outlineTimeoutMs)));
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toOutline(symbol: vscode.DocumentSymbol | vscode.SymbolInformation): OutlineSymbol {
  const range = 'location' in symbol ? symbol.location.range : symbol.range;
  const children = 'children' in symbol ? symbol.children.map(toOutline) : [];
  return { kind: vscode.SymbolKind[symbol.kind], startLine: range.start.line, endLine: range.end.line, children };
}
