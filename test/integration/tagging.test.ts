// The tagging commands in a real VS Code: each runs with its quick picks answered through the
// real widgets, and the resulting text is compared byte for byte with fixtures. Every test
// puts the demo config back and removes the files it added, for the test files after it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OutcomeLensApi } from '../../src/extension/extension';
import { activeExtension, waitFor, workspaceRoot } from './helpers';
import { choose, openQuickInput, typeAndAccept } from './quickInputDriver';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/tagging');
const fixture = (name: string): Promise<string> => readFile(path.join(fixtures, name), 'utf8');
const crlf = (text: string): string => text.replaceAll('\n', '\r\n');

const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'outcomes.yaml');
const uriOf = (relative: string): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
const onDisk = (uri: vscode.Uri): Promise<string> => readFile(uri.fsPath, 'utf8');

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
}

function run(command: string, ...args: unknown[]): Thenable<unknown> {
  return vscode.commands.executeCommand(command, ...args);
}

/** Real git, fed on standard input (the way a hook or script would read a message). */
function git(args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd: workspaceRoot().fsPath, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } }, (error, stdout, stderr) =>
      error ? reject(new Error(`git ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
    // A git that reads no input (`git add`) may exit before it is written: a closed pipe is no
    // failure of its own (the exit status above tells that).
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

describe('Tagging work', function () {
  this.timeout(90_000);
  let api: OutcomeLensApi;
  let original: string;
  const created: vscode.Uri[] = [];

  /** Writes the config on disk (as a user's other tool would) and waits until the editor and the model read it. */
  async function setConfig(text: string): Promise<void> {
    await writeFile(configUri().fsPath, text);
    const open = openDocument(configUri());
    if (open && open.getText() !== text) {
      await vscode.window.showTextDocument(open);
      await run('workbench.action.files.revert');
      await waitFor('the open config to read the file again', () => open.getText() === text);
    }
    await api.configs.reload();
    await waitFor('the config model', () => api.configs.forUri(configUri()));
  }

  /** Reverts unsaved buffers (nothing may prompt "Save?" later) and closes every editor. */
  async function discardEditors(): Promise<void> {
    if (api.quickInputs.current) await run('workbench.action.closeQuickOpen');
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
      await vscode.window.showTextDocument(document);
      await run('workbench.action.files.revert');
    }
    await run('workbench.action.closeAllEditors');
  }

  async function addFile(relative: string, content: string): Promise<vscode.Uri> {
    const uri = uriOf(relative);
    await mkdir(path.dirname(uri.fsPath), { recursive: true });
    await writeFile(uri.fsPath, content);
    created.push(uri);
    return uri;
  }

  before(async () => {
    api = await activeExtension();
    original = await onDisk(configUri());
  });

  afterEach(async () => {
    await discardEditors();
    for (const uri of created.splice(0).reverse()) await rm(uri.fsPath, { recursive: true, force: true });
    await setConfig(original);
  });

  it('Tag Folder adds /docs/ to the outcome, keeping comments, blank lines and quoting; one undo restores the file', async () => {
    const before = await fixture('commented.yaml');
    await setConfig(before);
    const result = run('outcomeLens.tagFolder', uriOf('docs'), [uriOf('docs')]);
    const pick = await choose(api, 'Tag docs/ with Outcome', 'KR-2');
    assert.deepEqual(pick.labels, ['KR-1', 'KR-2', 'KR-3', 'OBJ-1'], 'active outcomes first, then the achieved objective');
    const details = (pick.widget as vscode.QuickPick<vscode.QuickPickItem>).items.map((i) => `${i.label}: ${i.description ?? ''} — ${i.detail ?? ''}`);
    assert.ok(details.includes("KR-2: Cut search latency (p95) — no data"), details.join('\n'));
    assert.ok(details.some((d) => d.startsWith('OBJ-1: Customers finish buying without friction — ') && d.includes('achieved')), details.join('\n'));
    assert.equal(await result, 'edited');

    const document = await vscode.workspace.openTextDocument(configUri());
    assert.equal(document.getText(), await fixture('commented.tagFolder.expected.yaml'));
    assert.equal(await onDisk(configUri()), before, 'the edit waits in the buffer for the user to save');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    assert.ok(editor, 'the config is shown');
    assert.equal(document.getText(editor.selection), '/docs/', 'with the new rule selected');

    await vscode.window.showTextDocument(document);
    await run('undo');
    await waitFor('undo to restore the file', () => document.getText() === before);
    assert.equal(document.isDirty, false, 'one undo step: back to the saved text');
  });

  it('Tag File adds a path rule to a CRLF config, saved byte for byte with CRLF', async () => {
    await setConfig(crlf(await fixture('commented.yaml')));
    const result = run('outcomeLens.tagFile', uriOf('src/onboarding/tour.ts'));
    await choose(api, 'Tag tour.ts with Outcome', 'KR-3');
    const action = await choose(api, 'Tag with KR-3: Activate new accounts within 24 hours', '$(list-unordered) Add a path rule to outcomes.yaml');
    assert.deepEqual(action.labels, ['$(comment) Insert a tag comment', '$(list-unordered) Add a path rule to outcomes.yaml']);
    assert.equal(await result, 'edited');
    const document = await vscode.workspace.openTextDocument(configUri());
    const expected = crlf(await fixture('commented.tagFilePath.expected.yaml'));
    assert.equal(document.getText(), expected);
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    assert.ok(await document.save());
    assert.deepEqual(await readFile(configUri().fsPath), Buffer.from(expected, 'utf8'));
  });

  it('Tag File inserts the tag comment after the shebang and license header, and not twice', async () => {
    const uri = await addFile('scripts-tagging/deploy.sh', await fixture('deploy.sh'));
    const result = run('outcomeLens.tagFile', uri);
    await choose(api, 'Tag deploy.sh with Outcome', 'KR-1');
    await choose(api, 'Tag with KR-1: Raise checkout conversion', '$(comment) Insert a tag comment');
    assert.equal(await result, 'edited');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), await fixture('deploy.expected.sh'));
    assert.equal(vscode.window.activeTextEditor?.document, document, 'the tagged file is shown');
    assert.equal(vscode.window.activeTextEditor.selection.active.line, 2, 'at the tag');

    // The tag button on an outcome in the Outcomes view passes the tree element and tags the active file.
    const [objective] = api.outcomesTree.getChildren();
    const kr1 = objective ? api.outcomesTree.getChildren(objective).find((n) => n.kind === 'outcome' && n.outcome.id === 'KR-1') : undefined;
    assert.ok(kr1, 'KR-1 in the Outcomes view');
    const again = run('outcomeLens.tagFile', kr1);
    await choose(api, 'Tag with KR-1: Raise checkout conversion', '$(comment) Insert a tag comment');
    assert.equal(await again, 'unchanged');
    assert.equal(document.getText(), await fixture('deploy.expected.sh'));
  });

  it('Tag Selection inserts the tag above the enclosing method, indented like it', async () => {
    const uri = await addFile('src-tagging/cart.ts', await fixture('cart.ts'));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').findIndex((l) => l.includes('const sum'));
    editor.selection = new vscode.Selection(line, 6, line, 11);
    // The TypeScript server starts on first use; the command falls back to the selection's own line without it.
    await waitFor(
      'the TypeScript outline',
      async () => ((await vscode.commands.executeCommand<unknown[] | undefined>('vscode.executeDocumentSymbolProvider', uri)) ?? []).length > 0,
      45_000,
    );
    const result = run('outcomeLens.tagSelection');
    await choose(api, /^Tag the code at src-tagging\/cart\.ts:\d+ with Outcome$/, 'KR-1');
    assert.equal(await result, 'edited');
    assert.equal(document.getText(), await fixture('cart.expected.ts'));
  });

  it('Tag Ticket takes the Tickets view element or a string, and does not add a ticket twice', async () => {
    await setConfig(await fixture('commented.yaml'));
    const result = run('outcomeLens.tagTicket', { ticket: 'PAY-77', label: 'PAY-77' });
    const pick = await choose(api, 'Tag ticket PAY-77 with Outcome', 'KR-2');
    assert.deepEqual(pick.labels, ['KR-1', 'KR-2', 'KR-3', 'OBJ-1']);
    assert.equal(await result, 'edited');
    const document = await vscode.workspace.openTextDocument(configUri());
    assert.equal(document.getText(), await fixture('commented.tagTicket.expected.yaml'));

    const duplicate = run('outcomeLens.tagTicket', 'PAY-12');
    const again = await choose(api, 'Tag ticket PAY-12 with Outcome', 'KR-1');
    assert.ok((again.widget as vscode.QuickPick<vscode.QuickPickItem>).items.some((i) => i.label === 'KR-1' && i.detail?.includes('already lists PAY-12')));
    assert.equal(await duplicate, 'unchanged');
    assert.equal(document.getText(), await fixture('commented.tagTicket.expected.yaml'));
  });

  it('Tag Ticket offers the branch ticket, and checks a typed one against tickets.patterns', async () => {
    await setConfig(await fixture('commented.yaml'));
    const result = run('outcomeLens.tagTicket');
    const source = await choose(api, 'Tag Ticket with Outcome', '$(edit) Type a ticket ID…');
    assert.deepEqual(source.labels, ['PAY-12', '$(edit) Type a ticket ID…'], 'the demo branch is PAY-12-faster-checkout');
    assert.equal(await typeAndAccept(api, 'Tag Ticket with Outcome', 'PAY 78'), 'A ticket ID has no spaces');
    assert.match((await typeAndAccept(api, 'Tag Ticket with Outcome', 'pay-78')) ?? '', /does not match tickets\.patterns/);
    assert.equal(await typeAndAccept(api, 'Tag Ticket with Outcome', 'PAY-78'), undefined);
    await choose(api, 'Tag ticket PAY-78 with Outcome', 'KR-3');
    assert.equal(await result, 'edited');
    assert.equal((await vscode.workspace.openTextDocument(configUri())).getText(), await fixture('commented.typedTicket.expected.yaml'));
  });

  it('edits an open, unsaved config in its buffer and leaves the file on disk alone', async () => {
    const before = await fixture('commented.yaml');
    await setConfig(before);
    const document = await vscode.workspace.openTextDocument(configUri());
    const editor = await vscode.window.showTextDocument(document);
    const draft = '# Draft: review KR-2 with @search on Monday.\n';
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), draft));
    assert.ok(document.isDirty);
    const result = run('outcomeLens.tagTicket', 'PAY-77');
    await choose(api, 'Tag ticket PAY-77 with Outcome', 'KR-2');
    assert.equal(await result, 'edited');
    assert.equal(document.getText(), draft + (await fixture('commented.tagTicket.expected.yaml')));
    assert.equal(await onDisk(configUri()), before);
  });

  it('keeps tab-indented (JSON-style) YAML tab-indented', async () => {
    await setConfig(await fixture('tabs.yaml'));
    const result = run('outcomeLens.tagFolder', uriOf('docs'));
    await choose(api, 'Tag docs/ with Outcome', 'KR-2');
    assert.equal(await result, 'edited');
    const document = await vscode.workspace.openTextDocument(configUri());
    assert.equal(document.getText(), await fixture('tabs.tagFolder.expected.yaml'));
  });

  it('leaves a config with errors untouched and says why', async () => {
    const broken = await fixture('broken.yaml');
    await setConfig(broken);
    assert.equal(await run('outcomeLens.tagFolder', uriOf('docs')), 'refused');
    assert.equal(api.quickInputs.current, undefined, 'nothing is asked before refusing');
    assert.equal(await run('outcomeLens.tagTicket', 'PAY-77'), 'refused');
    assert.equal(await run('outcomeLens.addOutcome', 'KR-7', configUri()), 'refused');
    const document = await vscode.workspace.openTextDocument(configUri());
    assert.equal(document.getText(), broken);
    assert.equal(document.isDirty, false);
    assert.equal(await onDisk(configUri()), broken);
  });

  it('Add Outcome (as the quick fix calls it) appends the entry and selects its title', async () => {
    await setConfig(await fixture('commented.yaml'));
    assert.equal(await run('outcomeLens.addOutcome', 'KR-7', configUri()), 'edited');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, configUri().fsPath);
    assert.equal(editor.document.getText(), await fixture('commented.addOutcome.expected.yaml'));
    assert.equal(editor.document.getText(editor.selection), 'Describe what should change for users or the business');
    assert.equal(await run('outcomeLens.addOutcome', 'KR-1', configUri()), 'unchanged');
    const revealed = vscode.window.activeTextEditor;
    assert.equal(revealed?.document.getText(revealed.selection), 'KR-1', 'an existing ID is revealed instead');
  });

  it('Add Outcome without arguments asks for a new, valid ID', async () => {
    await setConfig(await fixture('commented.yaml'));
    const result = run('outcomeLens.addOutcome');
    assert.match((await typeAndAccept(api, 'Add Outcome', 'KR-1')) ?? '', /^KR-1 is already in outcomes\.yaml$/);
    assert.match((await typeAndAccept(api, 'Add Outcome', '7-KR')) ?? '', /is not an outcome ID/);
    assert.equal(await typeAndAccept(api, 'Add Outcome', 'KR-7'), undefined);
    assert.equal(await result, 'edited');
    assert.equal(vscode.window.activeTextEditor?.document.getText(), await fixture('commented.addOutcome.expected.yaml'));
  });

  it('Create outcomes.yaml writes the starter config, and opens the existing one afterwards', async () => {
    await rm(configUri().fsPath);
    await api.configs.reload();
    await waitFor('the config to be gone', () => api.configs.all().length === 0);
    assert.equal(await run('outcomeLens.createConfig'), 'edited');
    assert.deepEqual(await readFile(configUri().fsPath), await readFile(path.join(fixtures, 'starter.expected.yaml')));
    const model = await waitFor('the starter config to load', () => api.configs.forUri(configUri()));
    assert.deepEqual(model.problems, []);
    assert.deepEqual(model.outcomes.map((o) => o.id), ['OBJ-1', 'KR-1']);
    await run('workbench.action.closeAllEditors');
    assert.equal(await run('outcomeLens.createConfig'), 'unchanged');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, configUri().fsPath);
  });

  describe('the commit message trailer', () => {
    interface Repository {
      rootUri: vscode.Uri;
      inputBox: { value: string };
      state: { indexChanges: { uri: vscode.Uri }[] };
    }

    async function repository(): Promise<Repository> {
      const extension = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: Repository[] } }>('vscode.git');
      assert.ok(extension, 'the built-in git extension');
      const gitApi = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
      return waitFor('the demo repository', () => gitApi.repositories.find((r) => r.rootUri.fsPath === workspaceRoot().fsPath), 30_000);
    }

    afterEach(async () => {
      (await repository()).inputBox.value = '';
    });

    it('adds Outcome: KR-1 (the branch PAY-12-…) to an empty message box, as git reads a trailer', async () => {
      const repo = await repository();
      repo.inputBox.value = '';
      const result = run('outcomeLens.addTrailer', { rootUri: repo.rootUri });
      const pick = await choose(api, 'Add Outcome Trailer to Commit Message', 'KR-1');
      assert.equal(pick.labels[0], 'KR-1', 'the branch outcome comes first');
      assert.equal(await result, 'edited');
      assert.equal(repo.inputBox.value, '\n\nOutcome: KR-1');
      assert.equal(await git(['interpret-trailers', '--parse'], repo.inputBox.value), 'Outcome: KR-1\n');
    });

    it('joins the existing trailer block of a message, and never adds a trailer twice', async () => {
      const repo = await repository();
      const message = 'Fix rounding in totals\n\nTotals were off by a cent.\n\nSigned-off-by: Demo <demo@example.invalid>';
      repo.inputBox.value = message;
      const result = run('outcomeLens.addTrailer', { rootUri: repo.rootUri });
      await choose(api, 'Add Outcome Trailer to Commit Message', 'KR-2');
      assert.equal(await result, 'edited');
      assert.equal(repo.inputBox.value, `${message}\nOutcome: KR-2`);
      assert.equal(await git(['interpret-trailers', '--parse'], repo.inputBox.value), 'Signed-off-by: Demo <demo@example.invalid>\nOutcome: KR-2\n');

      const again = run('outcomeLens.addTrailer', { rootUri: repo.rootUri });
      await choose(api, 'Add Outcome Trailer to Commit Message', 'KR-2');
      assert.equal(await again, 'unchanged');
      assert.equal(repo.inputBox.value, `${message}\nOutcome: KR-2`);
    });

    it('suggests the outcomes of the staged files after the branch outcome', async () => {
      const repo = await repository();
      const uri = await addFile('src/search/taggingStaged.py', '# new search helper\n');
      await git(['add', '--', 'src/search/taggingStaged.py'], '');
      try {
        await run('git.refresh');
        await waitFor('the staged file in the git view', () => repo.state.indexChanges.some((c) => c.uri.fsPath === uri.fsPath), 20_000);
        const result = run('outcomeLens.addTrailer', { rootUri: repo.rootUri });
        const open = await openQuickInput(api, 'Add Outcome Trailer to Commit Message');
        assert.deepEqual(open.labels.slice(0, 2), ['KR-1', 'KR-2']);
        const kr2 = (open.widget as vscode.QuickPick<vscode.QuickPickItem>).items.find((i) => i.label === 'KR-2');
        assert.match(kr2?.detail ?? '', /staged taggingStaged\.py/);
        await choose(api, 'Add Outcome Trailer to Commit Message', 'KR-2');
        assert.equal(await result, 'edited');
        assert.equal(repo.inputBox.value, '\n\nOutcome: KR-2');
      } finally {
        await git(['reset', '-q', '--', 'src/search/taggingStaged.py'], '');
      }
    });
  });
});
