import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { activeExtension, waitFor, workspaceRoot } from './helpers';
import type { OutcomesNode } from '../../src/extension/views/outcomesTreeProvider';
import type { OutcomeLensApi } from '../../src/extension/extension';

function configUri(): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), 'outcomes.yaml');
}

/** What the user reads in the Outcomes view under `node`. */
function labels(api: OutcomeLensApi, node?: OutcomesNode): string[] {
  return api.outcomesTree.getChildren(node).map((child) => {
    const label = api.outcomesTree.getTreeItem(child).label;
    return typeof label === 'string' ? label : (label?.label ?? '');
  });
}

function outcomeDiagnostics(): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(configUri()).filter((d) => d.source === 'Outcome Lens');
}

describe('The outcome config in the editor', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the objectives and their outcomes in the Outcomes view', async () => {
    const api = await activeExtension();
    assert.deepEqual(labels(api), ['OBJ-1 Customers finish buying without friction', 'OBJ-2 New customers get value on day one']);
    const [obj1] = api.outcomesTree.getChildren();
    assert.ok(obj1);
    assert.deepEqual(labels(api, obj1), ['KR-1 Raise checkout conversion', 'KR-2 Cut search latency (p95)']);
  });

  it('reports a problem at its place as you type, and clears it on undo', async () => {
    await activeExtension();
    const document = await vscode.workspace.openTextDocument(configUri());
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').findIndex((l) => l.includes('parent: OBJ-1'));
    assert.ok(line >= 0);
    const column = document.lineAt(line).text.indexOf('OBJ-1');
    assert.equal(outcomeDiagnostics().length, 0, 'the demo config starts clean');

    await editor.edit((edit) => edit.replace(new vscode.Range(line, column, line, column + 5), 'OBJ-9'));
    const [diagnostic] = await waitFor('a diagnostic for the unknown parent', () => {
      const found = outcomeDiagnostics();
      return found.length > 0 ? found : undefined;
    });
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /parent "OBJ-9" is not a known outcome \(did you mean "?OBJ-1"?\?\)/);
    assert.equal(diagnostic.range.start.line, line);
    assert.equal(diagnostic.range.start.character, column);
    assert.ok(!(await readFile(configUri().fsPath, 'utf8')).includes('OBJ-9'), 'typing did not touch the file on disk');

    await vscode.commands.executeCommand('undo');
    await waitFor('the diagnostic to clear', () => outcomeDiagnostics().length === 0);
    assert.equal(document.isDirty, false);
  });

  it('reloads when the file changes on disk, without reloading the window', async () => {
    const api = await activeExtension();
    const original = await readFile(configUri().fsPath, 'utf8');
    try {
      await writeFile(configUri().fsPath, original + '\n  - id: OBJ-3\n    title: Support answers within an hour\n');
      await waitFor('the new objective in the Outcomes view', () => labels(api).includes('OBJ-3 Support answers within an hour'));
    } finally {
      await writeFile(configUri().fsPath, original);
    }
    await waitFor('the objective to go again', () => !labels(api).includes('OBJ-3 Support answers within an hour'));
  });
});
