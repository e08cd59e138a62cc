// The status bar item: the outcome the active file serves (or, when it serves none, the
// branch's, through the ticket in the branch name) and its status; several → the worst and
// how many more. Clicking it opens the This File view. Hidden when nothing applies.
import path from 'node:path';
import * as vscode from 'vscode';
import { outcomeLabel } from '../core/config/model';
import type { OutcomeModel } from '../core/config/model';
import { statusLabel } from '../core/metrics/metricText';
import { worstFirst, worstSummary } from '../core/metrics/summaryText';
import type { MetricStatus } from '../core/metrics/status';
import type { GitStateController } from './gitStateController';
import type { IndexController } from './indexController';
import type { MetricController } from './metricController';
import type { OutcomeConfigController } from './outcomeConfigController';
import { bold } from './views/treeText';
import { Coalesced } from './coalesced';

/** Loud colours only where they help: an outcome that is off track or at risk. */
const backgrounds: Partial<Record<MetricStatus, string>> = {
  'off-track': 'statusBarItem.errorBackground',
  'at-risk': 'statusBarItem.warningBackground',
};

export class StatusBarController implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('outcomeLens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];
  /** Several events often arrive together (a config load fires three); one update serves them. */
  private readonly updates = new Coalesced(() => this.update());
  private servesOutcome: boolean | undefined;

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly metrics: MetricController,
    private readonly index: IndexController,
    private readonly git: GitStateController,
  ) {
    this.item.name = 'Outcome Lens';
    this.item.command = 'outcomeLens.thisFile.focus';
    const update = (): void => this.updates.schedule();
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(update),
      configs.onDidChange(update),
      metrics.onDidChange(update),
      index.onDidChange(update),
      git.onDidChange(update),
    ];
  }

  update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const fileUri = uri?.scheme === 'file' ? uri : undefined;
    const model = fileUri ? this.configs.forUri(fileUri) : this.configs.all()[0];
    const fileIds = fileUri ? this.index.outcomesOf(fileUri).map((o) => o.outcomeId) : [];
    this.setServesOutcome(fileIds.length > 0);
    if (!model) {
      this.item.hide();
      return;
    }
    const branch = fileIds.length === 0 ? this.git.branchOf(model) : undefined;
    const ids = fileIds.length > 0 ? fileIds : (branch?.outcomeIds ?? []);
    if (ids.length === 0) {
      this.item.hide();
      return;
    }
    const status = this.metrics.statusOf(model);
    const items = ids.map((id) => ({ id, status: status.outcomes.get(id)?.status ?? ('no-data'), title: model.byId.get(id)?.spec.title ?? '' }));
    const [worst] = worstFirst(items);
    this.item.text = `$(${branch ? 'git-branch' : 'target'}) ${worstSummary(items) ?? ''}`;
    const background = worst && backgrounds[worst.status];
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    this.item.tooltip = tooltip(model, items, fileUri, branch?.name);
    this.item.accessibilityInformation = {
      label: `${branch ? `Branch ${branch.name} serves` : 'This file serves'} ${items.map((i) => `${i.id}, ${statusLabel(i.status)}`).join('; ')}`,
    };
    this.item.show();
  }

  /** For the walkthrough's "tag a file" step, which completes once a file serves an outcome. */
  private setServesOutcome(serves: boolean): void {
    if (serves === this.servesOutcome) return;
    this.servesOutcome = serves;
    void vscode.commands.executeCommand('setContext', 'outcomeLens.activeFileServesOutcome', serves);
  }

  dispose(): void {
    this.updates.dispose();
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.item.dispose();
  }
}

function tooltip(model: OutcomeModel, items: readonly { id: string; status: MetricStatus; title: string }[], file: vscode.Uri | undefined, branch: string | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  const subject = branch !== undefined ? `Branch ${branch}` : file ? path.basename(file.fsPath) : 'This file';
  bold(md, `${subject} serves ${items.length === 1 ? 'one outcome' : `${items.length} outcomes`}`);
  for (const item of worstFirst(items)) {
    md.appendMarkdown('- ').appendText(`${outcomeLabel(item.id, item.title)} — ${statusLabel(item.status)}`).appendMarkdown('\n');
  }
  md.appendMarkdown('\n').appendText(`Click to see why, in the This File view. Config: ${path.relative(model.folder, model.file)}`);
  return md;
}
