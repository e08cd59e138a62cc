import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, reasonSummary, waitFor, workspaceRoot } from './helpers';

describe('Workspace index', () => {
  it('indexes the demo workspace in the background: paths, tags and tickets per file', async () => {
    const api = await activeExtension();
    await api.index.whenBuilt();
    const uri = (p: string) => vscode.Uri.joinPath(workspaceRoot(), p);
    assert.deepEqual(reasonSummary(api.index.outcomesOf(uri('src/checkout/cart.ts'))), ['KR-1: path, tag, ticket']);
    assert.deepEqual(reasonSummary(api.index.outcomesOf(uri('src/checkout/legacy/oldCart.js'))), [], 'the negation excludes legacy/');
    assert.deepEqual(reasonSummary(api.index.outcomesOf(uri('src/search/ranking.py'))), ['KR-2: path, tag, ticket']);
    assert.deepEqual(
      api.index.all()[0]?.unknownIds().map((p) => `${p.file}:${p.line}:${p.column} ${p.id}`),
      ['src/onboarding/tour.ts:1:13 KR-9'],
    );
  });

  it('follows typing in an open editor, and a file created and deleted on disk', async () => {
    const api = await activeExtension();
    await api.index.whenBuilt();
    const docUri = vscode.Uri.joinPath(workspaceRoot(), 'src/checkout/payment.ts');
    const document = await vscode.workspace.openTextDocument(docUri);
    const editor = await vscode.window.showTextDocument(document);
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// @outcome KR-3\n'));
      await waitFor('the typed tag to be indexed', () => reasonSummary(api.index.outcomesOf(docUri)).includes('KR-3: tag') || undefined);
      assert.deepEqual(reasonSummary(api.index.outcomesOf(docUri)), ['KR-1: path', 'KR-3: tag']);
    } finally {
      await vscode.commands.executeCommand('undo');
      await document.save();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    await waitFor('the undone tag to leave the index', () => reasonSummary(api.index.outcomesOf(docUri)).length === 1 || undefined);

    const created = vscode.Uri.joinPath(workspaceRoot(), 'docs/onboarding-faq.md');
    await vscode.workspace.fs.writeFile(created, new TextEncoder().encode('<!-- TODO(SRCH-7) -->\n'));
    try {
      await waitFor('the new file to be indexed', () => api.index.entryFor(created));
      assert.deepEqual(reasonSummary(api.index.outcomesOf(created)), ['KR-2: ticket', 'KR-3: path']);
    } finally {
      await vscode.workspace.fs.delete(created);
    }
    await waitFor('the deleted file to leave the index', () => api.index.entryFor(created) === undefined || undefined);
  });
});
