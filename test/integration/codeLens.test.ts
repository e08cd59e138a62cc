import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { statusLabel } from '../../src/core/metrics/metricText';
import type { OutcomeLensApi } from '../../src/extension/extension';
import { activeExtension, waitFor, workspaceRoot } from './helpers';

const uri = (p: string) => vscode.Uri.joinPath(workspaceRoot(), p);

/** Lenses as the editor shows them, up to `resolve` of them resolved (titled). */
async function lenses(file: string, resolve = 100): Promise<vscode.CodeLens[]> {
  // The command answers for documents the editor has loaded.
  await vscode.workspace.openTextDocument(uri(file));
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(file), resolve);
}

/** What the user reads: `line: title`, lines 0-based. */
async function titles(file: string): Promise<string[]> {
  return (await lenses(file)).map((l) => `${l.range.start.line}: ${l.command?.title ?? '(unresolved)'}`);
}

/** The status the extension computes now for an outcome (KR-1 and KR-2 depend on today's date). */
function statusOf(api: OutcomeLensApi, id: string): string {
  const model = api.configs.all()[0];
  assert.ok(model);
  const status = api.metrics.statusOf(model).outcomes.get(id)?.status;
  assert.ok(status, `${id} has a status`);
  return statusLabel(status);
}

async function metricsLoaded(api: OutcomeLensApi): Promise<void> {
  await api.index.whenBuilt();
  await waitFor('the demo metrics', () => {
    const model = api.configs.all()[0];
    const status = model && api.metrics.statusOf(model);
    return status && [...status.metrics.values()].every((m) => m.reading.value !== null);
  });
}

describe('CodeLens', () => {
  it('shows the outcome, its headline metric as value of target, and its status on tags and line 1', async () => {
    const api = await activeExtension();
    await metricsLoaded(api);
    // KR-3 has no schedule: (47.5 − 41) / (55 − 41) > 0 is on track whatever the date.
    assert.deepEqual(await titles('src/onboarding/tour.ts'), ['0: KR-3 Activate new accounts within 24 hours · 47.5 % of 55 % · on track'], 'path rule on line 1; the unknown KR-9 tag gets no lens');
    assert.deepEqual(await titles('src/onboarding/welcome.sql'), ['0: KR-3 Activate new accounts within 24 hours · 47.5 % of 55 % · on track'], 'one lens when the tag is on line 1');
    const kr1 = statusOf(api, 'KR-1');
    assert.match(kr1, /^(on track|at risk|off track)$/);
    assert.deepEqual(await titles('src/checkout/cart.ts'), [`0: KR-1 Raise checkout conversion · 3.4 % of 4 % · ${kr1}`]);
    assert.deepEqual(await titles('src/checkout/payment.ts'), [`0: KR-1 Raise checkout conversion · 3.4 % of 4 % · ${kr1}`]);
    const kr2 = `KR-2 Cut search latency (p95) · 630 ms of 400 ms · ${statusOf(api, 'KR-2')}`;
    assert.deepEqual(await titles('src/search/ranking.py'), [`0: ${kr2}`, `2: ${kr2}`], 'line 1, and the tag in the docstring');
    assert.deepEqual(await titles('src/checkout/legacy/oldCart.js'), [], 'a file that serves nothing has no lens');
    assert.deepEqual(await titles('outcomes.yaml'), [], 'none in the config itself');
  });

  it('puts lenses in place before resolving them, and clicking one opens the outcome in the config', async () => {
    const api = await activeExtension();
    await metricsLoaded(api);
    // What the provider hands the editor first: positions, no titles (so nothing waits for metrics).
    const document = await vscode.workspace.openTextDocument(uri('src/search/ranking.py'));
    const unresolved = api.codeLens.provideCodeLenses(document);
    const resolved = await lenses('src/search/ranking.py', 100);
    assert.equal((await lenses('src/search/ranking.py', 1)).length, 1, 'the editor resolves them one at a time, as they scroll into view');
    assert.deepEqual(
      unresolved.map((l) => [l.range.start.line, l.command]),
      [
        [0, undefined],
        [2, undefined],
      ],
      'positions come without titles',
    );
    assert.deepEqual(
      resolved.map((l) => l.range.start.line),
      unresolved.map((l) => l.range.start.line),
      'resolving never moves a lens',
    );
    const command = resolved[1]?.command;
    assert.ok(command);
    assert.equal(command.command, 'outcomeLens.openOutcome');
    assert.deepEqual(command.arguments, ['KR-2', uri('outcomes.yaml').fsPath]);
    await vscode.commands.executeCommand(command.command, ...(command.arguments as unknown[]));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, uri('outcomes.yaml').fsPath);
    assert.equal(editor.document.getText(editor.selection), 'KR-2');
    assert.equal(editor.document.lineAt(editor.selection.start.line).text, '  - id: KR-2');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows the metric: a new value re-titles the lens in place', async () => {
    const api = await activeExtension();
    await metricsLoaded(api);
    const file = uri('metrics/nightly.json').fsPath;
    const original = await readFile(file, 'utf8');
    try {
      await writeFile(file, original.replace('"conversion": 3.4', '"conversion": 4.2'));
      await waitFor('the new value in the lens', async () => (await titles('src/checkout/cart.ts'))[0] === '0: KR-1 Raise checkout conversion · 4.2 % of 4 % · achieved', 15_000);
    } finally {
      await writeFile(file, original);
    }
    await waitFor('the old value again', async () => (await titles('src/checkout/cart.ts'))[0]?.startsWith('0: KR-1 Raise checkout conversion · 3.4 % of 4 %'), 15_000);
  });

  it('follows typing: a new tag gets its lens on its line', async () => {
    await activeExtension();
    const document = await vscode.workspace.openTextDocument(uri('src/checkout/payment.ts'));
    const editor = await vscode.window.showTextDocument(document);
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '// @outcome KR-3\n'));
      const found = await titles('src/checkout/payment.ts');
      assert.ok(found.some((t) => t.startsWith('2: KR-3 Activate new accounts within 24 hours · ')), found.join('\n'));
      assert.ok(found.some((t) => t.startsWith('0: KR-1 Raise checkout conversion · ')), found.join('\n'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('drops a deleted tag’s outcome from line 1 at once, before the index has heard of the change', async () => {
    await activeExtension();
    const document = await vscode.workspace.openTextDocument(uri('src/checkout/payment.ts'));
    const editor = await vscode.window.showTextDocument(document);
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '// @outcome KR-3\n'));
      // Once the index has the tag, line 1 lists KR-3 too (beside KR-1, from the path rule).
      await waitFor('KR-3 on line 1', async () => (await titles('src/checkout/payment.ts')).some((t) => t.startsWith('0: KR-3')), 15_000);
      await vscode.commands.executeCommand('undo');
      assert.ok(!document.getText().includes('KR-3'));
      const found = await titles('src/checkout/payment.ts');
      assert.deepEqual(found.map((t) => t.slice(0, 7)), ['0: KR-1'], found.join('\n'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('turns off with outcomeLens.codeLens', async () => {
    await activeExtension();
    const settings = vscode.workspace.getConfiguration('outcomeLens');
    await settings.update('codeLens', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('no lenses', async () => (await lenses('src/checkout/cart.ts')).length === 0);
    } finally {
      await settings.update('codeLens', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the lenses back', async () => (await lenses('src/checkout/cart.ts')).length > 0).catch(() => undefined);
    assert.match((await titles('src/checkout/cart.ts')).join('\n'), /^0: KR-1 Raise checkout conversion · 3\.4 % of 4 % · /);
  });
});
