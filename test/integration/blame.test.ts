import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { OutcomeLensApi } from '../../src/extension/extension';
import { activeExtension, discardEditors, waitFor, workspaceRoot } from './helpers';

const uri = (p: string) => vscode.Uri.joinPath(workspaceRoot(), p);

async function place(editor: vscode.TextEditor, line: number): Promise<void> {
  editor.selection = new vscode.Selection(line, 0, line, 0);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The annotation once it settles for `line` (or stays empty for a while). */
async function annotationOn(api: OutcomeLensApi, line: number, timeoutMs = 5000): Promise<string | undefined> {
  await waitFor(`the annotation on line ${line + 1}`, () => api.blame.lastRendered?.line === line, timeoutMs).catch(() => undefined);
  const rendered = api.blame.lastRendered;
  return rendered?.line === line ? rendered.text : undefined;
}

describe('Outcome blame', () => {
  let api: OutcomeLensApi;
  const settings = () => vscode.workspace.getConfiguration('outcomeLens');

  before(async () => {
    api = await activeExtension();
    await api.index.whenBuilt();
  });
  afterEach(async () => {
    await settings().update('blame', undefined, vscode.ConfigurationTarget.Global);
    await discardEditors();
  });

  it('is off by default', async () => {
    const editor = await vscode.window.showTextDocument(uri('src/checkout/cart.ts'));
    await place(editor, 3);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(api.blame.lastRendered, undefined);
  });

  it("names the outcome the current line's last commit served, and follows the cursor", async () => {
    await settings().update('blame', true, vscode.ConfigurationTarget.Global);
    const editor = await vscode.window.showTextDocument(uri('src/checkout/cart.ts'));
    await place(editor, 3);
    // The demo workspace is one commit, "Demo workspace" with the trailer `Outcome: KR-1`, made when the run began.
    const short = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: workspaceRoot().fsPath, encoding: 'utf8' }).trim();
    const text = await annotationOn(api, 3);
    assert.match(text ?? '', new RegExp(`^KR-1 · ${short} · (just now|\\d+ minutes? ago)$`));
    assert.equal(api.blame.lastRendered?.uri, uri('src/checkout/cart.ts').toString());

    const seen: (number | undefined)[] = [];
    const listener = api.blame.onDidRender((rendered) => seen.push(rendered?.line));
    try {
      await place(editor, 9);
      assert.match((await annotationOn(api, 9)) ?? '', /^KR-1 · /);
    } finally {
      listener.dispose();
    }
    assert.deepEqual(seen, [undefined, 9], 'moving clears the old line at once, then annotates the new one');
  });

  it('shows nothing on a line edited and not committed, while unchanged lines keep their commit', async () => {
    await settings().update('blame', true, vscode.ConfigurationTarget.Global);
    const editor = await vscode.window.showTextDocument(uri('src/checkout/cart.ts'));
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// a new first line\n'));
    await place(editor, 0);
    assert.equal(await annotationOn(api, 0, 1500), undefined, 'the new line is not committed');
    await place(editor, 4);
    assert.match((await annotationOn(api, 4)) ?? '', /^KR-1 · /, 'a line moved by the edit still has its commit');
  });

  it('shows nothing for a file git does not track, and goes when turned off', async () => {
    await settings().update('blame', true, vscode.ConfigurationTarget.Global);
    const created = uri('src/checkout/scratch.ts');
    await vscode.workspace.fs.writeFile(created, new TextEncoder().encode('// @outcome KR-1\nexport const scratch = 1;\n'));
    try {
      const scratch = await vscode.window.showTextDocument(created);
      await place(scratch, 1);
      assert.equal(await annotationOn(api, 1, 1500), undefined);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(created);
    }
    const editor = await vscode.window.showTextDocument(uri('src/checkout/cart.ts'));
    await place(editor, 2);
    assert.match((await annotationOn(api, 2)) ?? '', /^KR-1 · /);
    await settings().update('blame', false, vscode.ConfigurationTarget.Global);
    await waitFor('the annotation to go', () => api.blame.lastRendered === undefined);
  });
});
