// Tag File with Outcome…: an `@outcome` comment in the file, or a `paths` rule in the config.
import * as vscode from 'vscode';
import { distinctTitle } from '../../core/config/model';
import type { OutcomeEntry, OutcomeModel } from '../../core/config/model';
import { pathRuleFor } from '../../core/edit/pathRule';
import { tagComment, tagFileEdit } from '../../core/edit/tagComment';
import { rulesFor } from '../../core/index/explainFile';
import type { CommandContext } from '../commandTable';
import { configParser } from '../configParser';
import { applyConfigEdit, configFor, editableConfig } from '../tagging/configEditor';
import type { TagResult } from '../tagging/configEditor';
import { pickOutcome } from '../tagging/outcomePick';
import { baseName, outcomeIdOf, relativeTo, targetUris } from '../tagging/targets';

type Action = 'comment' | 'path';

export async function tagFile(context: CommandContext, target?: unknown, selection?: unknown): Promise<TagResult> {
  const presetId = outcomeIdOf(target);
  const active = vscode.window.activeTextEditor?.document.uri;
  const uris = presetId === undefined ? targetUris(target, selection, active) : active ? [active] : [];
  if (uris.length === 0) {
    void vscode.window.showInformationMessage('Outcome Lens: open the file to tag, or pick it in the Explorer.');
    return 'cancelled';
  }
  const model = await configFor(context, uris[0]);
  if (!model) return 'refused';
  const files = uris.filter((uri) => relativeTo(model, uri) !== undefined);
  if (files.length < uris.length) void vscode.window.showWarningMessage(`Outcome Lens: ${uris.length - files.length} of the files are outside ${vscode.workspace.asRelativePath(model.folder)} and were left out.`);
  if (files.length === 0) return 'refused';

  const label = files.length === 1 ? baseName(files[0] as vscode.Uri) : `${files.length} files`;
  const outcome = presetId !== undefined ? model.byId.get(presetId) : await pickOutcome(context, model, { title: `Tag ${label} with Outcome` });
  if (!outcome) return 'cancelled';

  const documents = await openAll(files);
  const action = await pickAction(context, model, outcome, files, documents);
  if (action === undefined) return 'cancelled';
  return action === 'comment' ? insertComments(documents.filter((d): d is vscode.TextDocument => d !== undefined), outcome) : addPathRules(context, model, outcome, files);
}

async function openAll(uris: readonly vscode.Uri[]): Promise<(vscode.TextDocument | undefined)[]> {
  return Promise.all(
    uris.map(async (uri) => {
      try {
        return await vscode.workspace.openTextDocument(uri);
      } catch {
        return undefined; // a binary file: no comments, a path rule still works
      }
    }),
  );
}

async function pickAction(
  context: CommandContext,
  model: OutcomeModel,
  outcome: OutcomeEntry,
  files: readonly vscode.Uri[],
  documents: readonly (vscode.TextDocument | undefined)[],
): Promise<Action | undefined> {
  const comments = documents.map((d) => (d ? tagComment({ languageId: d.languageId, fileName: d.fileName, outcomeId: outcome.id }) : { reason: 'it is not a text file' }));
  const cannot = comments.find((c): c is { reason: string } => 'reason' in c);
  const first = comments[0];
  const configName = vscode.workspace.asRelativePath(model.file);
  const rules = files.map((uri) => pathRuleFor(relativeTo(model, uri) ?? '', 'file'));
  const hasErrors = model.problems.some((p) => p.severity === 'error');
  const items = [
    ...(cannot === undefined && first && 'comment' in first
      ? [
          {
            label: '$(comment) Insert a tag comment',
            description: files.length === 1 ? first.comment : `@outcome ${outcome.id}`,
            detail: `At the top of ${files.length === 1 ? baseName(files[0] as vscode.Uri) : 'each file'}, after any shebang or license header. The tag travels with the file.`,
            value: 'comment' as Action,
          },
        ]
      : []),
    {
      label: `$(list-unordered) Add a path rule to ${configName}`,
      description: rules.join(', '),
      detail: hasErrors ? `${configName} has errors: Outcome Lens will not edit it until they are fixed.` : `Appended to the paths of ${outcome.id}. The team sees it in the shared config.`,
      value: 'path' as Action,
    },
  ];
  const placeholder = cannot ? `No tag comment: ${cannot.reason}.` : 'How to tag it';
  const title = distinctTitle(outcome.id, outcome.spec.title);
  return context.inputs.pick(items, { title: `Tag with ${outcome.id}${title === '' ? '' : `: ${title}`}`, placeholder });
}

async function insertComments(documents: readonly vscode.TextDocument[], outcome: OutcomeEntry): Promise<TagResult> {
  const edit = new vscode.WorkspaceEdit();
  const tagged: { document: vscode.TextDocument; line: number }[] = [];
  const notes: string[] = [];
  for (const document of documents) {
    const result = tagFileEdit(document.getText(), { languageId: document.languageId, fileName: document.fileName, outcomeId: outcome.id });
    const name = vscode.workspace.asRelativePath(document.uri);
    if (result.status !== 'edited') {
      notes.push(`${name}: ${result.reason}`);
      continue;
    }
    for (const e of result.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.text);
    tagged.push({ document, line: result.line });
  }
  if (tagged.length > 0 && !(await vscode.workspace.applyEdit(edit))) throw new Error('the tag comments were not inserted');
  const [shown] = tagged;
  if (shown && tagged.length === 1) {
    const at = new vscode.Position(shown.line, shown.document.lineAt(shown.line).text.length);
    await vscode.window.showTextDocument(shown.document, { selection: new vscode.Range(at, at), preview: false });
  }
  if (notes.length > 0) void vscode.window.showInformationMessage(`Outcome Lens: ${notes.join('; ')}.`);
  if (tagged.length > 1) void vscode.window.showInformationMessage(`Outcome Lens: tagged ${tagged.length} files with ${outcome.id} (not saved yet).`);
  return tagged.length > 0 ? 'edited' : 'unchanged';
}

async function addPathRules(context: CommandContext, model: OutcomeModel, outcome: OutcomeEntry, files: readonly vscode.Uri[]): Promise<TagResult> {
  const config = await editableConfig(context, model);
  if (!config) return 'refused';
  const fresh = config.model;
  if (!fresh.byId.has(outcome.id)) {
    void vscode.window.showWarningMessage(`Outcome Lens: ${outcome.id} is no longer in the config.`);
    return 'refused';
  }
  const covered: string[] = [];
  const rules: string[] = [];
  for (const uri of files) {
    const relative = relativeTo(fresh, uri) ?? '';
    const match = rulesFor(fresh, relative)
      .match(relative)
      .find((m) => m.outcomeId === outcome.id);
    if (match) covered.push(`${relative} already serves ${outcome.id} through "${match.rule.pattern}" (line ${match.rule.line})`);
    else rules.push(pathRuleFor(relative, 'file'));
  }
  if (rules.length === 0) {
    void vscode.window.showInformationMessage(`Outcome Lens: ${covered.join('; ')}; ${vscode.workspace.asRelativePath(fresh.file)} is unchanged.`);
    return 'unchanged';
  }
  const result = (await configParser()).addToOutcomeList(config.document.getText(), outcome.id, 'paths', rules);
  return applyConfigEdit(config, result, () => `added ${rules.map((r) => `"${r}"`).join(', ')} to the paths of ${outcome.id}${covered.length > 0 ? ` (${covered.join('; ')})` : ''}`);
}
