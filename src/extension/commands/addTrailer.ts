// Add Outcome Trailer to Commit Message: `Outcome: KR-1` appended to the Source Control
// message box as a git trailer, the outcome defaulting to the branch's or the staged files'.
import path from 'node:path';
import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';
import { addTrailer as addTrailerTo } from '../../core/edit/commitTrailer';
import { outcomesForTickets, ticketsInName } from '../../core/index/branchOutcomes';
import { explainFile } from '../../core/index/explainFile';
import { nodeFileSystem } from '../../core/node/nodeHost';
import type { CommandContext } from '../commandTable';
import type { TagResult } from '../tagging/configEditor';
import { gitApi, repositoryFor } from '../tagging/gitApi';
import type { GitRepository } from '../tagging/gitApi';
import { pickOutcome } from '../tagging/outcomePick';
import { relativeTo } from '../tagging/targets';
import { trustedGitRunner } from '../trustedGit';

/** Staged files looked at for the suggestion; a huge commit only needs a hint, not a census. */
const maxStagedFiles = 200;

export async function addTrailer(context: CommandContext, sourceControl?: unknown): Promise<TagResult> {
  const api = await gitApi();
  if (typeof api === 'string') {
    void vscode.window.showWarningMessage(`Outcome Lens: cannot reach the commit message box: ${api}.`);
    return 'refused';
  }
  const repository = repositoryFor(api, sourceControl);
  if (!repository) {
    void vscode.window.showWarningMessage('Outcome Lens: no git repository is open.');
    return 'refused';
  }
  const model = context.configs.forUri(repository.rootUri) ?? context.configs.all().find((m) => !path.relative(repository.rootUri.fsPath, m.folder).startsWith('..'));
  if (!model) {
    void vscode.window.showInformationMessage(`Outcome Lens: ${path.basename(repository.rootUri.fsPath)} has no outcomes.yaml.`);
    return 'refused';
  }
  const outcome = await pickOutcome(context, model, { title: 'Add Outcome Trailer to Commit Message', suggested: await suggestions(model, repository) });
  if (!outcome) return 'cancelled';
  // Read the box only now: the user may have typed while the pick was open.
  const result = addTrailerTo(repository.inputBox.value, 'Outcome', outcome.id);
  if (result.status === 'unchanged') {
    void vscode.window.showInformationMessage(`Outcome Lens: ${result.reason}.`);
    return 'unchanged';
  }
  repository.inputBox.value = result.message;
  void vscode.commands.executeCommand('workbench.view.scm');
  return 'edited';
}

/** Outcome ID → why: the branch's tickets first, then the outcomes the staged files serve. */
async function suggestions(model: OutcomeModel, repository: GitRepository): Promise<Map<string, string>> {
  const suggested = new Map<string, string>();
  const branch = repository.state.HEAD?.name;
  if (branch !== undefined) {
    const tickets = ticketsInName(branch, model.ticketPatterns);
    for (const id of outcomesForTickets(model, tickets)) suggested.set(id, `branch ${branch}`);
  }
  const staged = repository.state.indexChanges.slice(0, maxStagedFiles);
  const byOutcome = new Map<string, string[]>();
  await Promise.all(
    staged.map(async ({ uri }) => {
      const relative = relativeTo(model, uri);
      if (relative === undefined) return;
      try {
        const explained = await explainFile(model.folder, model, relative, { fs: nodeFileSystem, git: trustedGitRunner });
        for (const { outcomeId } of explained.outcomes) byOutcome.set(outcomeId, [...(byOutcome.get(outcomeId) ?? []), path.basename(relative)]);
      } catch {
        // A staged deletion or an unreadable file suggests nothing.
      }
    }),
  );
  for (const [id, files] of byOutcome) {
    if (suggested.has(id)) continue;
    const names = files.sort();
    suggested.set(id, `staged ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`);
  }
  return suggested;
}
