import { configName } from '../../core/config/configFile';
import * as vscode from 'vscode';
import { defaultBaseRevision } from '../../core/git/changes';
import { nodeFileSystem } from '../../core/node/nodeHost';
import { collectChanges } from '../../core/report/changeReport';
import type { CommandContext } from '../commandTable';
import { trustedGitRunner } from '../trustedGit';

/**
 * Shows the outcome report of the changes since a revision (asked for, with the default branch
 * or upstream offered; or passed by another command or a test) for the active file's folder,
 * else the first folder with a config.
 */
export async function showReport({ configs, reports }: CommandContext, revisionArgument?: unknown): Promise<void> {
  // A repository's own git config can make git run programs (core.fsmonitor, hooks): only in
  // a trusted workspace.
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    const picked = await vscode.window.showWarningMessage('The outcome report runs git, which a repository can configure to run programs. Trust this workspace to use it.', manage);
    if (picked === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const model = (active ? configs.forUri(active) : undefined) ?? configs.all()[0];
  if (!model) {
    void vscode.window.showInformationMessage('This workspace has no outcomes.yaml yet.');
    return;
  }
  let since = typeof revisionArgument === 'string' ? revisionArgument : undefined;
  if (since === undefined) {
    since = await vscode.window.showInputBox({
      title: 'Show Outcome Report',
      prompt: 'Changes since which revision? A branch, tag or commit; files are compared with where HEAD branched from it.',
      value: await defaultBaseRevision(model.folder, trustedGitRunner),
      validateInput: (text) => (text.trim() === '' ? 'Name a branch, tag or commit' : text.trim().startsWith('-') ? 'A revision cannot start with "-"' : undefined),
    });
    if (since === undefined) return;
  }
  const revision = since.trim();
  const changes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Outcome report since ${revision}` }, () =>
    collectChanges(model.folder, model, revision, { fs: nodeFileSystem, git: trustedGitRunner }),
  );
  reports.show(changes, model, configName(model));
}
