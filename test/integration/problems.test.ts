import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, discardEditors, waitFor, workspaceRoot } from './helpers';

const uri = (p: string) => vscode.Uri.joinPath(workspaceRoot(), p);

/** Our tag problems on a file, as `line:col severity code: message` (1-based). */
function problems(file: string): string[] {
  return vscode.languages
    .getDiagnostics(uri(file))
    .filter((d) => d.source === 'Outcome Lens')
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}: ${d.message}`);
}

async function quickFixes(target: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', target, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
}

describe('Problems with outcome tags, and their quick fixes', () => {
  before(async () => {
    const api = await activeExtension();
    await api.index.whenBuilt();
  });
  afterEach(async () => {
    await discardEditors();
  });

  it('reports an unknown ID in a tag, with "did you mean" and "add it to outcomes.yaml"', async () => {
    const tour = 'src/onboarding/tour.ts';
    await waitFor('the tag problem', () => problems(tour).length > 0);
    assert.deepEqual(problems(tour), ['1:13 Error unknown-outcome: "KR-9" is not a known outcome (did you mean KR-1?)']);
    const [diagnostic] = vscode.languages.getDiagnostics(uri(tour)).filter((d) => d.source === 'Outcome Lens');
    assert.ok(diagnostic);

    const fixes = await quickFixes(uri(tour), diagnostic.range);
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Did you mean KR-1?', 'Add KR-9 to outcomes.yaml'],
    );
    const add = fixes[1];
    assert.equal(add?.command?.command, 'outcomeLens.addOutcome');
    const [id, configUri] = (add?.command?.arguments ?? []) as [unknown, unknown];
    assert.equal(id, 'KR-9');
    assert.ok(configUri instanceof vscode.Uri);
    assert.equal(configUri.fsPath, uri('outcomes.yaml').fsPath);

    const document = await vscode.workspace.openTextDocument(uri(tour));
    await vscode.window.showTextDocument(document);
    const replace = fixes[0]?.edit;
    assert.ok(replace && fixes[0]?.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(replace));
    assert.equal(document.lineAt(0).text, '// @outcome KR-1');
    await waitFor('the problem to clear once fixed', () => problems(tour).length === 0);
  });

  it('flags tags naming dropped (warning, struck through) and achieved (information) outcomes, following the config', async () => {
    const sql = 'src/onboarding/welcome.sql';
    assert.deepEqual(problems(sql), []);
    const config = await vscode.workspace.openTextDocument(uri('outcomes.yaml'));
    const editor = await vscode.window.showTextDocument(config);
    const line = config.getText().split('\n').findIndex((l) => l.includes('title: Activate new accounts within 24 hours'));
    await editor.edit((edit) => edit.insert(new vscode.Position(line + 1, 0), '    status: dropped\n'));
    await waitFor('the dropped tag', () => problems(sql).length > 0);
    assert.deepEqual(problems(sql), ['1:13 Warning dropped-outcome: "KR-3" is a dropped outcome; remove the tag or point it at the outcome that replaced it']);
    assert.deepEqual(vscode.languages.getDiagnostics(uri(sql)).find((d) => d.source === 'Outcome Lens')?.tags, [vscode.DiagnosticTag.Deprecated]);

    await editor.edit((edit) => edit.replace(config.lineAt(line + 1).range, '    status: achieved'));
    await waitFor('the achieved tag', () => problems(sql)[0]?.includes('achieved-outcome'));
    assert.deepEqual(problems(sql), ['1:13 Information achieved-outcome: "KR-3" is marked achieved; tag new work with an outcome that is still open']);

    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the problem to clear with the config restored', () => problems(sql).length === 0);
  });

  it('offers "did you mean" for an unknown parent in the config too', async () => {
    const config = await vscode.workspace.openTextDocument(uri('outcomes.yaml'));
    const editor = await vscode.window.showTextDocument(config);
    const line = config.getText().split('\n').findIndex((l) => l.includes('parent: OBJ-2'));
    const column = config.lineAt(line).text.indexOf('OBJ-2');
    await editor.edit((edit) => edit.replace(new vscode.Range(line, column, line, column + 5), 'OBJ-22'));
    const diagnostic = await waitFor('the unknown parent', () => vscode.languages.getDiagnostics(config.uri).find((d) => d.code === 'unknown-parent'));
    const fixes = await quickFixes(config.uri, diagnostic.range);
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Did you mean OBJ-2?', 'Add OBJ-22 to outcomes.yaml'],
    );
  });
});
