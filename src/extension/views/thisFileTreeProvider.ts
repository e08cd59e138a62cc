// The This File view: the outcomes the active file serves, each with its reasons (path rule
// and its config line, tag line, ticket, commit) and that outcome's metrics; plus the
// branch's outcome. Paths, tags and tickets come from the index in memory; history reasons
// cost a `git log`, so they are read in the background when the view shows a file, and
// appear when ready — the tree never waits for them.
import path from 'node:path';
import * as vscode from 'vscode';
import { outcomeLabel } from '../../core/config/model';
import type { OutcomeEntry, OutcomeModel, ResolvedMetric } from '../../core/config/model';
import type { OutcomeReason } from '../../core/index/reasons';
import type { WorkspaceIndex } from '../../core/index/workspaceIndex';
import { metricKey } from '../../core/metrics/modelStatus';
import { outcomeSummary, reasonText } from '../../core/metrics/summaryText';
import type { GitStateController } from '../gitStateController';
import type { IndexController } from '../indexController';
import type { Logger } from '../../core/ports';
import type { MetricController } from '../metricController';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { toRange } from '../outcomeConfigController';
import { metricDescription } from './outcomesTreeProvider';
import { statusIcon } from './statusIcons';
import { metricTooltip, openAt, outcomeTooltip } from './treeText';
import { configName } from '../../core/config/configFile';

type HistoryReason = Extract<OutcomeReason, { kind: 'history' }>;

/** Why the branch's outcome shows here: the branch name holds one of its tickets. */
interface BranchReason {
  kind: 'branch';
  outcomeId: string;
  branch: string;
  ticket: string;
}

export type ThisFileReason = OutcomeReason | BranchReason;

export type ThisFileNode =
  | { kind: 'outcome'; model: OutcomeModel; outcome: OutcomeEntry; reasons: ThisFileReason[] }
  | { kind: 'reason'; model: OutcomeModel; outcome: OutcomeEntry; reason: ThisFileReason; file: string; index: number }
  | { kind: 'metric'; model: OutcomeModel; metric: ResolvedMetric }
  | { kind: 'history'; state: 'reading' | 'failed'; message?: string };

type HistoryState = { state: 'reading' } | { state: 'done'; reasons: HistoryReason[] } | { state: 'failed'; message: string };

export interface ThisFileState {
  /** The file shown, or undefined when no file editor is open. */
  file: vscode.Uri | undefined;
  model: OutcomeModel | undefined;
  /** The folder's index is built. */
  indexed: boolean;
  /** Outcomes it serves by path, tag or ticket (history is read later). */
  fileOutcomeCount: number;
  /** The branch's outcomes shown with them. */
  branchOutcomeCount: number;
}

export class ThisFileTreeProvider implements vscode.TreeDataProvider<ThisFileNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ThisFileNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private file: vscode.Uri | undefined;
  /** History per index and path; dropped when the index, the config or HEAD changes. */
  private history = new Map<string, HistoryState>();
  private historyIndex = new WeakMap<WorkspaceIndex, number>();
  private nextIndexId = 0;

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly metrics: MetricController,
    private readonly index: IndexController,
    private readonly git: GitStateController,
    private readonly logger: Logger,
  ) {
    const redraw = (): void => this.redraw();
    this.subscriptions = [
      configs.onDidChange(() => {
        this.history = new Map();
        redraw();
      }),
      metrics.onDidChange(redraw),
      index.onDidChange((change) => {
        // Files re-indexed one by one: only one of them can be this file.
        const shown = this.file?.fsPath;
        if (change.root !== undefined && change.files && !change.files.some((f) => path.join(change.root ?? '', f.path) === shown)) return;
        redraw();
      }),
      git.onDidChange(() => {
        // HEAD may have moved: the index dropped its history cache, and so do we.
        this.history = new Map();
        redraw();
      }),
    ];
  }

  /** Shows `file` (a `file:` URI), or nothing. */
  setFile(file: vscode.Uri | undefined): void {
    if (file?.toString() === this.file?.toString()) return;
    this.file = file;
    this.redraw();
  }

  get state(): ThisFileState {
    const model = this.file && this.configs.forUri(this.file);
    return {
      file: this.file,
      model,
      indexed: this.file !== undefined && this.index.indexFor(this.file) !== undefined,
      fileOutcomeCount: this.file ? this.index.outcomesOf(this.file).length : 0,
      branchOutcomeCount: model ? (this.git.branchOf(model)?.outcomeIds.length ?? 0) : 0,
    };
  }

  private redraw(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: ThisFileNode): ThisFileNode[] {
    if (!node) {
      if (!this.file) return [];
      const outcomes = this.outcomes(this.file, true);
      const history = this.historyState(this.file);
      if (history?.state === 'reading') return [...outcomes, { kind: 'history', state: 'reading' }];
      if (history?.state === 'failed') return [...outcomes, { kind: 'history', state: 'failed', message: history.message }];
      return outcomes;
    }
    if (node.kind !== 'outcome') return [];
    const file = this.file?.fsPath ?? '';
    const reasons: ThisFileNode[] = node.reasons.map((reason, index) => ({ kind: 'reason', model: node.model, outcome: node.outcome, reason, file, index }));
    return [...reasons, ...node.outcome.metrics.map((metric) => ({ kind: 'metric' as const, model: node.model, metric }))];
  }

  /** The file's outcomes from the index, with history reasons when read, then the branch's. */
  private outcomes(file: vscode.Uri, withHistory: boolean): Extract<ThisFileNode, { kind: 'outcome' }>[] {
    const model = this.configs.forUri(file);
    if (!model) return [];
    const byId = new Map<string, ThisFileReason[]>();
    const add = (reason: ThisFileReason): void => {
      const list = byId.get(reason.outcomeId);
      if (list) list.push(reason);
      else byId.set(reason.outcomeId, [reason]);
    };
    for (const outcome of this.index.outcomesOf(file)) for (const reason of outcome.reasons) add(reason);
    if (withHistory) {
      const history = this.historyState(file);
      if (history?.state === 'done') for (const reason of history.reasons) add(reason);
    }
    const branch = this.git.branchOf(model);
    if (branch) {
      for (const outcomeId of branch.outcomeIds) {
        const ticket = branch.tickets.find((t) => model.byId.get(outcomeId)?.tickets.some((ref) => ref.id === t)) ?? '';
        add({ kind: 'branch', outcomeId, branch: branch.name, ticket });
      }
    }
    // Config order, like the index's own grouping.
    return model.outcomes.flatMap((outcome) => {
      const reasons = byId.get(outcome.id);
      return reasons ? [{ kind: 'outcome' as const, model, outcome, reasons }] : [];
    });
  }

  /** Starts reading the file's history the first time it is shown; never waits for it. */
  private historyState(file: vscode.Uri): HistoryState | undefined {
    const index = this.index.indexFor(file);
    const relative = this.index.relativePath(file);
    if (!index || relative === undefined) return undefined;
    let id = this.historyIndex.get(index);
    if (id === undefined) {
      id = this.nextIndexId++;
      this.historyIndex.set(index, id);
    }
    const key = `${id}\0${relative}`;
    const known = this.history.get(key);
    if (known) return known;
    const reading: HistoryState = { state: 'reading' };
    this.history.set(key, reading);
    const cache = this.history;
    index.explain(relative, { history: true }).then(
      (outcomes) => {
        if (cache.get(key) !== reading) return;
        cache.set(key, { state: 'done', reasons: outcomes.flatMap((o) => o.reasons.filter((r): r is HistoryReason => r.kind === 'history')) });
        this.redraw();
      },
      (error: unknown) => {
        if (cache.get(key) !== reading) return;
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`reading the history of ${relative} failed: ${message}`);
        cache.set(key, { state: 'failed', message });
        this.redraw();
      },
    );
    return reading;
  }

  getTreeItem(node: ThisFileNode): vscode.TreeItem {
    switch (node.kind) {
      case 'outcome': {
        const status = this.metrics.statusOf(node.model);
        const item = new vscode.TreeItem(outcomeLabel(node.outcome.id, node.outcome.spec.title), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `outcome/${node.model.file}#${node.outcome.id}`;
        item.iconPath = statusIcon(status.outcomes.get(node.outcome.id)?.status ?? 'no-data');
        const onlyBranch = node.reasons.every((r) => r.kind === 'branch');
        item.description = `${onlyBranch ? 'branch · ' : ''}${outcomeSummary(node.outcome, status)}`;
        item.tooltip = outcomeTooltip(node.model, node.outcome, status);
        item.contextValue = node.outcome.metrics.length > 0 || node.outcome.childIds.length > 0 ? 'outcome.measured' : 'outcome';
        return item;
      }
      case 'reason':
        return reasonItem(node.model, node.outcome, node.reason, node.file, node.index);
      case 'metric': {
        const spec = node.metric.spec;
        const view = this.metrics.statusOf(node.model).metrics.get(metricKey(node.metric.outcomeId, spec.id));
        const item = new vscode.TreeItem(spec.name ?? spec.id, vscode.TreeItemCollapsibleState.None);
        item.id = `metric/${node.model.file}#${node.metric.outcomeId}/${spec.id}`;
        item.iconPath = statusIcon(view?.assessment.status ?? 'no-data');
        item.description = metricDescription(spec.unit, spec.target, view);
        item.tooltip = metricTooltip(node.metric, view);
        item.contextValue = 'metric';
        item.command = openAt(node.model.file, toRange(node.metric.idRange), 'Open in Config');
        return item;
      }
      case 'history': {
        const reading = node.state === 'reading';
        const item = new vscode.TreeItem(reading ? 'Reading history…' : 'History unavailable', vscode.TreeItemCollapsibleState.None);
        item.id = `history/${node.state}`;
        item.iconPath = new vscode.ThemeIcon(reading ? 'loading~spin' : 'warning');
        if (node.message !== undefined) item.tooltip = node.message;
        return item;
      }
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}

const reasonIcons: Record<ThisFileReason['kind'], string> = { path: 'folder-opened', tag: 'tag', ticket: 'issues', history: 'git-commit', branch: 'git-branch' };

function reasonItem(model: OutcomeModel, outcome: OutcomeEntry, reason: ThisFileReason, file: string, index: number): vscode.TreeItem {
  const text =
    reason.kind === 'branch'
      ? { label: `branch ${reason.branch}`, detail: reason.ticket === '' ? '' : `ticket ${reason.ticket}` }
      : reasonText(reason, configName(model));
  const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.None);
  item.id = `reason/${model.file}#${outcome.id}/${index}/${reason.kind}`;
  item.description = text.detail;
  item.iconPath = new vscode.ThemeIcon(reasonIcons[reason.kind]);
  item.contextValue = `reason.${reason.kind}`;
  item.tooltip = `${text.label} — ${text.detail}`;
  switch (reason.kind) {
    case 'path': {
      const rule = outcome.pathRules.find((r) => r.pattern === reason.pattern && r.range.start.line === reason.line);
      const range = rule ? toRange(rule.range) : new vscode.Range(reason.line - 1, 0, reason.line - 1, 0);
      item.command = openAt(model.file, range, 'Open in Config');
      break;
    }
    case 'tag':
      item.command = openAt(file, new vscode.Range(reason.line - 1, reason.column - 1, reason.line - 1, reason.column - 1 + reason.outcomeId.length), 'Go to Tag');
      break;
    case 'ticket':
      item.command = openAt(file, new vscode.Range(reason.line - 1, reason.column - 1, reason.line - 1, reason.column - 1 + reason.ticket.length), 'Go to Ticket');
      break;
    case 'history':
      item.command = { command: 'outcomeLens.showCommit', title: 'Show Commit', arguments: [{ root: model.folder, sha: reason.sha, path: path.relative(model.folder, file).split(path.sep).join('/') }] };
      break;
    case 'branch': {
      const ref = outcome.tickets.find((t) => t.id === reason.ticket);
      if (ref) item.command = openAt(model.file, toRange(ref.range), 'Open in Config');
      break;
    }
  }
  return item;
}
