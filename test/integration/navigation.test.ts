import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, discardEditors, workspaceRoot } from './helpers';

const uri = (p: string) => vscode.Uri.joinPath(workspaceRoot(), p);

function positionOf(document: vscode.TextDocument, text: string, delta = 1): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `${text} in ${document.uri.fsPath}`);
  return document.positionAt(offset + delta);
}

/** `file:line: text of that line`, lines 1-based, as the References view lists them. */
async function describeLocations(locations: readonly (vscode.Location | vscode.LocationLink)[]): Promise<string[]> {
  const out: string[] = [];
  for (const location of locations) {
    const target = 'targetUri' in location ? location.targetUri : location.uri;
    const range = 'targetUri' in location ? (location.targetSelectionRange ?? location.targetRange) : location.range;
    const document = await vscode.workspace.openTextDocument(target);
    out.push(`${path.relative(workspaceRoot().fsPath, target.fsPath)}:${range.start.line + 1}: ${document.getText(range)}`);
  }
  return out;
}

/** Completion labels from our provider (label with the outcome title as description). */
async function completions(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  return list.items.filter((item) => typeof item.label !== 'string' && item.kind === vscode.CompletionItemKind.Reference);
}

function labels(items: readonly vscode.CompletionItem[]): string[] {
  return items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

describe('Navigation and completion of outcome IDs', () => {
  before(async () => {
    const api = await activeExtension();
    await api.index.whenBuilt();
  });
  afterEach(async () => {
    await discardEditors();
  });

  it('goes to the outcome entry from a tag, and from parent: in the config', async () => {
    const cart = await vscode.workspace.openTextDocument(uri('src/checkout/cart.ts'));
    const fromTag = await vscode.commands.executeCommand<vscode.LocationLink[]>('vscode.executeDefinitionProvider', cart.uri, positionOf(cart, 'KR-1'));
    assert.deepEqual(await describeLocations(fromTag), ['outcomes.yaml:24: KR-1']);
    assert.equal(fromTag[0]?.originSelectionRange?.start.character, 12, 'the whole ID is the link');

    const config = await vscode.workspace.openTextDocument(uri('outcomes.yaml'));
    const fromParent = await vscode.commands.executeCommand<vscode.LocationLink[]>('vscode.executeDefinitionProvider', config.uri, positionOf(config, 'OBJ-1\n    title: Raise'));
    assert.deepEqual(await describeLocations(fromParent), ['outcomes.yaml:20: OBJ-1']);

    const prose = await vscode.commands.executeCommand<vscode.LocationLink[]>('vscode.executeDefinitionProvider', cart.uri, positionOf(cart, 'Cart totals'));
    assert.deepEqual(prose, [], 'a word that is no outcome goes nowhere');
  });

  it('finds every reference: the entry, parent: values, path rules, tickets in the config, tags and tickets in files', async () => {
    const cart = await vscode.workspace.openTextDocument(uri('src/checkout/cart.ts'));
    const kr1 = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', cart.uri, positionOf(cart, 'KR-1'));
    assert.deepEqual(await describeLocations(kr1), [
      'outcomes.yaml:24: KR-1',
      'outcomes.yaml:38: src/checkout/',
      'outcomes.yaml:39: "!src/checkout/legacy/"',
      'outcomes.yaml:40: PAY-12',
      'outcomes.yaml:40: PAY-31',
      'src/checkout/cart.ts:1: KR-1',
      'src/checkout/cart.ts:14: PAY-31',
    ]);
    const config = await vscode.workspace.openTextDocument(uri('outcomes.yaml'));
    const obj1 = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', config.uri, positionOf(config, 'OBJ-1'));
    assert.deepEqual(await describeLocations(obj1), ['outcomes.yaml:20: OBJ-1', 'outcomes.yaml:25: OBJ-1', 'outcomes.yaml:43: OBJ-1']);
  });

  it('completes IDs after @outcome and after a comma in the list, with title and status', async () => {
    const document = await vscode.workspace.openTextDocument(uri('src/checkout/payment.ts'));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), '// @outcome KR-1, \nconst s = "@outcome ";\n'));
    const items = await completions(document, new vscode.Position(1, '// @outcome KR-1, '.length));
    assert.deepEqual(labels(items), ['OBJ-1', 'KR-2', 'OBJ-2', 'KR-3'], 'config order, without KR-1 already in the list');
    const kr2 = items.find((i) => labels([i])[0] === 'KR-2');
    assert.equal(typeof kr2?.label === 'string' ? undefined : kr2?.label.description, 'Cut search latency (p95)');
    assert.match(kr2?.detail ?? '', /^Cut search latency \(p95\) — (on track|at risk|off track)$/);
    const inserted = kr2?.range instanceof vscode.Range ? kr2.range : undefined;
    assert.equal(inserted?.start.character, '// @outcome KR-1, '.length);
    assert.deepEqual(labels(await completions(document, new vscode.Position(2, 'const s = "@outcome '.length))), [], 'not inside a string');
  });

  it('completes parent: values in the config (not the outcome itself) and Outcome: trailers in commit messages', async () => {
    const config = await vscode.workspace.openTextDocument(uri('outcomes.yaml'));
    const editor = await vscode.window.showTextDocument(config);
    const at = positionOf(config, 'parent: OBJ-1\n    title: Raise', 'parent: '.length);
    await editor.edit((edit) => edit.delete(new vscode.Range(at, at.translate(0, 'OBJ-1'.length))));
    assert.deepEqual(labels(await completions(config, at)), ['OBJ-1', 'KR-2', 'OBJ-2', 'KR-3']);

    const message = await vscode.workspace.openTextDocument({ language: 'git-commit', content: 'Show delivery estimates\n\nOutcome: KR-1, ' });
    assert.deepEqual(labels(await completions(message, new vscode.Position(2, 'Outcome: KR-1, '.length))), ['OBJ-1', 'KR-2', 'OBJ-2', 'KR-3']);
  });
});
