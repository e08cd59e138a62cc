// The Outcomes view: objectives → outcomes → their metrics, files and tickets, with live
// status, a filter by status and owner, and "only the outcomes of open editors". Converts
// the loaded models, the index, the ticket catalog and the current metric status into tree
// items; never reads files or the network.
import path from 'node:path';
import * as vscode from 'vscode';
import { outcomeLabel } from '../../core/config/model';
import type { OutcomeEntry, OutcomeModel, ResolvedMetric } from '../../core/config/model';
import { filesByOutcome, patchFilesByOutcome, sameFileOutcomes } from '../../core/index/outcomeFiles';
import type { OutcomeFile } from '../../core/index/outcomeFiles';
import type { WorkspaceIndex } from '../../core/index/workspaceIndex';
import { metricKey } from '../../core/metrics/modelStatus';
import type { MetricStatusView, ModelStatus } from '../../core/metrics/modelStatus';
import { noFilter, visibleOutcomeIds } from '../../core/metrics/outcomeFilter';
import type { OutcomeFilter } from '../../core/metrics/outcomeFilter';
import { metricSummary, outcomeSummary } from '../../core/metrics/summaryText';
import type { GitStateController } from '../gitStateController';
import type { IndexController } from '../indexController';
import type { MetricController } from '../metricController';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { statusIcon } from './statusIcons';
import type { TicketCatalogCache } from './ticketCatalogCache';
import { sightingChildren, sightingItem, ticketItem, ticketTooltip } from './ticketItems';
import type { SightingElement, TicketElement } from './ticketItems';
import { metricTooltip, openInConfig, outcomeTooltip, startingState } from './treeText';

/** An outcome with thousands of files lists this many; "Reveal Files" picks from all. */
export const maxFilesListed = 200;

export type OutcomesNode =
  | { kind: 'outcome'; model: OutcomeModel; outcome: OutcomeEntry }
  | { kind: 'metric'; model: OutcomeModel; metric: ResolvedMetric }
  | { kind: 'files'; model: OutcomeModel; outcome: OutcomeEntry }
  | { kind: 'file'; model: OutcomeModel; outcome: OutcomeEntry; file: OutcomeFile }
  | { kind: 'moreFiles'; model: OutcomeModel; outcome: OutcomeEntry; count: number }
  | { kind: 'tickets'; model: OutcomeModel; outcome: OutcomeEntry }
  | TicketElement
  | SightingElement;

interface ModelView {
  status: ModelStatus;
  /** Undefined: every outcome is shown. */
  visible: Set<string> | undefined;
  /** Undefined while the folder's index is being built. */
  files: Map<string, OutcomeFile[]> | undefined;
}

type OutcomeNode = Extract<OutcomesNode, { kind: 'outcome' }>;

export class OutcomesTreeProvider implements vscode.TreeDataProvider<OutcomesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OutcomesNode | OutcomesNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Status, filter and files are computed once per redraw per model, not once per tree item. */
  private views = new Map<OutcomeModel, ModelView>();
  private filesCache = new Map<WorkspaceIndex, Map<string, OutcomeFile[]>>();
  private filterValue: OutcomeFilter = noFilter;
  /**
   * The outcome rows given to VS Code, by config file and ID: the same object every time, so a
   * change to a few outcomes' files refreshes those rows only (VS Code knows rows by object).
   */
  private outcomeNodes = new Map<string, OutcomeNode>();
  /** Outcome IDs served by open editors, per config file; undefined when the toggle is off. */
  private openEditorOutcomes: ReadonlyMap<string, ReadonlySet<string>> | undefined;

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly metrics: MetricController,
    private readonly index: IndexController,
    private readonly git: GitStateController,
    private readonly tickets: TicketCatalogCache,
  ) {
    this.subscriptions = [
      configs.onDidChange(() => this.redraw()),
      metrics.onDidChange(() => this.redraw()),
      index.onDidChange((change) => {
        if (!change.files) {
          this.filesCache = new Map();
          return this.redraw();
        }
        // Typing in a file mostly leaves what it serves as it was: then no file list changed.
        // Otherwise only the rows of the outcomes it served or serves now are drawn again.
        const affected = new Set<string>();
        for (const { before, after } of change.files) {
          if (sameFileOutcomes(before, after)) continue;
          for (const served of [...before, ...after]) affected.add(served.outcomeId);
        }
        if (affected.size === 0) return;
        // The lists already made are patched: a pass over 60,000 files is what this avoids.
        for (const [index, files] of this.filesCache) if (index.root === change.root) patchFilesByOutcome(files, change.files);
        this.views = new Map();
        const nodes = [...this.outcomeNodes.values()].filter((node) => node.model.folder === change.root && affected.has(node.outcome.id));
        if (nodes.length > 0) this.changed.fire(nodes);
      }),
      tickets.onDidChange(() => this.redraw()),
    ];
  }

  get filter(): OutcomeFilter {
    return this.filterValue;
  }

  setFilter(filter: OutcomeFilter): void {
    this.filterValue = filter;
    this.redraw();
  }

  /** Undefined shows every outcome; a map shows only those outcomes (and their ancestors) per config file. */
  setOpenEditorOutcomes(outcomes: ReadonlyMap<string, ReadonlySet<string>> | undefined): void {
    this.openEditorOutcomes = outcomes;
    this.redraw();
  }

  /** Whether the current filter hides every outcome (the view then says so). */
  isEmptyUnderFilter(): boolean {
    const models = this.configs.all().filter((m) => m.outcomes.length > 0);
    return models.length > 0 && models.every((m) => this.view(m).visible?.size === 0);
  }

  private redraw(): void {
    this.views = new Map();
    this.outcomeNodes = new Map();
    this.changed.fire(undefined);
  }

  /** The row of an outcome: the object given before while its model and entry are the same. */
  private outcomeNode(model: OutcomeModel, outcome: OutcomeEntry): OutcomeNode {
    const key = `${model.file}#${outcome.id}`;
    const known = this.outcomeNodes.get(key);
    if (known?.model === model && known.outcome === outcome) return known;
    const node: OutcomeNode = { kind: 'outcome', model, outcome };
    this.outcomeNodes.set(key, node);
    return node;
  }

  private view(model: OutcomeModel): ModelView {
    let view = this.views.get(model);
    if (!view) {
      const status = this.metrics.statusOf(model);
      const statusOf = (id: string) => status.outcomes.get(id)?.status ?? 'no-data';
      const only = this.openEditorOutcomes ? (this.openEditorOutcomes.get(model.file) ?? new Set<string>()) : undefined;
      view = { status, visible: visibleOutcomeIds(model, statusOf, this.filterValue, only), files: this.filesOf(model) };
      this.views.set(model, view);
    }
    return view;
  }

  private filesOf(model: OutcomeModel): Map<string, OutcomeFile[]> | undefined {
    const index = this.index.indexFor(vscode.Uri.file(model.folder));
    if (!index) return undefined;
    let files = this.filesCache.get(index);
    if (!files) {
      files = filesByOutcome(index);
      this.filesCache.set(index, files);
    }
    return files;
  }

  /** The files serving an outcome, or undefined while its folder is being indexed. */
  filesServing(model: OutcomeModel, outcomeId: string): readonly OutcomeFile[] | undefined {
    const files = this.filesOf(model);
    return files ? (files.get(outcomeId) ?? []) : undefined;
  }

  getChildren(node?: OutcomesNode): OutcomesNode[] {
    if (!node) {
      return this.configs.all().flatMap((model) => {
        const { visible } = this.view(model);
        return model.outcomes.filter((o) => o.parentId === undefined && (!visible || visible.has(o.id))).map((outcome) => this.outcomeNode(model, outcome));
      });
    }
    switch (node.kind) {
      case 'outcome':
        return this.outcomeChildren(node.model, node.outcome);
      case 'files':
        return this.fileChildren(node.model, node.outcome);
      case 'tickets':
        return this.ticketChildren(node.model, node.outcome);
      case 'ticket':
        return sightingChildren(node);
      default:
        return [];
    }
  }

  private outcomeChildren(model: OutcomeModel, outcome: OutcomeEntry): OutcomesNode[] {
    const { visible } = this.view(model);
    const children: OutcomesNode[] = [];
    for (const id of outcome.childIds) {
      const child = model.byId.get(id);
      if (child && (!visible || visible.has(id))) children.push(this.outcomeNode(model, child));
    }
    for (const metric of outcome.metrics) children.push({ kind: 'metric', model, metric });
    if (this.hasFilesGroup(model, outcome)) children.push({ kind: 'files', model, outcome });
    if (outcome.tickets.length > 0) children.push({ kind: 'tickets', model, outcome });
    return children;
  }

  /** Outcomes with paths always get the group (it says "indexing…" until the index is built). */
  private hasFilesGroup(model: OutcomeModel, outcome: OutcomeEntry): boolean {
    const files = this.view(model).files;
    return files ? (files.get(outcome.id)?.length ?? 0) > 0 : outcome.pathRules.length > 0;
  }

  private fileChildren(model: OutcomeModel, outcome: OutcomeEntry): OutcomesNode[] {
    const files = this.view(model).files?.get(outcome.id) ?? [];
    const nodes: OutcomesNode[] = files.slice(0, maxFilesListed).map((file) => ({ kind: 'file', model, outcome, file }));
    if (files.length > maxFilesListed) nodes.push({ kind: 'moreFiles', model, outcome, count: files.length - maxFilesListed });
    return nodes;
  }

  private ticketChildren(model: OutcomeModel, outcome: OutcomeEntry): OutcomesNode[] {
    const catalog = this.tickets.ticketsOf(model);
    const parentKey = `${model.file}#${outcome.id}`;
    return outcome.tickets.flatMap((ref) => {
      const info = catalog.find((t) => t.id === ref.id);
      return info ? [{ kind: 'ticket' as const, model, ticket: info.id, info, parentKey }] : [];
    });
  }

  getTreeItem(node: OutcomesNode): vscode.TreeItem {
    switch (node.kind) {
      case 'outcome':
        return this.outcomeItem(node.model, node.outcome);
      case 'metric':
        return this.metricItem(node.model, node.metric);
      case 'files':
        return this.filesItem(node.model, node.outcome);
      case 'file':
        return fileItem(node.model, node.outcome, node.file);
      case 'moreFiles': {
        const item = new vscode.TreeItem(`${node.count} more…`, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.model.file}#${node.outcome.id}/files/more`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'outcomeLens.revealOutcomeFiles', title: 'Reveal Files', arguments: [{ kind: 'outcome', model: node.model, outcome: node.outcome }] };
        return item;
      }
      case 'tickets': {
        const item = new vscode.TreeItem('Tickets', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.model.file}#${node.outcome.id}/tickets`;
        item.description = String(node.outcome.tickets.length);
        item.iconPath = new vscode.ThemeIcon('issues');
        item.contextValue = 'tickets';
        return item;
      }
      case 'ticket': {
        const branch = this.git.branchOf(node.model);
        return ticketItem(node, branch?.tickets.includes(node.ticket) ?? false);
      }
      case 'sighting':
        return sightingItem(node);
    }
  }

  /**
   * Tooltips are made when a row is hovered, from the state at that moment: a redraw of
   * thousands of outcomes (after every change to the index) makes none.
   */
  resolveTreeItem(item: vscode.TreeItem, node: OutcomesNode): vscode.TreeItem {
    item.tooltip ??= this.tooltipOf(node);
    return item;
  }

  private tooltipOf(node: OutcomesNode): vscode.MarkdownString | undefined {
    switch (node.kind) {
      case 'outcome':
        return outcomeTooltip(node.model, node.outcome, this.view(node.model).status);
      case 'metric':
        return metricTooltip(node.metric, this.view(node.model).status.metrics.get(metricKey(node.metric.outcomeId, node.metric.spec.id)));
      case 'ticket':
        return ticketTooltip(node);
      default:
        return undefined;
    }
  }

  private outcomeItem(model: OutcomeModel, outcome: OutcomeEntry): vscode.TreeItem {
    const { status } = this.view(model);
    const item = new vscode.TreeItem(outcomeLabel(outcome.id, outcome.spec.title), startingState(model.outcomes.length));
    if (this.outcomeChildren(model, outcome).length === 0) item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    item.id = `${model.file}#${outcome.id}`;
    item.iconPath = statusIcon(status.outcomes.get(outcome.id)?.status ?? 'no-data');
    item.description = outcomeSummary(outcome, status);
    item.contextValue = outcome.metrics.length > 0 || outcome.childIds.length > 0 ? 'outcome.measured' : 'outcome';
    item.command = openInConfig(model, outcome.idRange);
    return item;
  }

  private metricItem(model: OutcomeModel, metric: ResolvedMetric): vscode.TreeItem {
    const spec = metric.spec;
    const view = this.view(model).status.metrics.get(metricKey(metric.outcomeId, spec.id));
    const item = new vscode.TreeItem(spec.name ?? spec.id, vscode.TreeItemCollapsibleState.None);
    item.id = `${model.file}#${metric.outcomeId}/${spec.id}`;
    item.iconPath = statusIcon(view?.assessment.status ?? 'no-data');
    item.description = metricDescription(spec.unit, spec.target, view);
    item.contextValue = 'metric';
    item.command = openInConfig(model, metric.idRange);
    return item;
  }

  private filesItem(model: OutcomeModel, outcome: OutcomeEntry): vscode.TreeItem {
    const files = this.view(model).files?.get(outcome.id);
    const item = new vscode.TreeItem('Files', files ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${model.file}#${outcome.id}/files`;
    item.description = files ? String(files.length) : 'indexing…';
    item.iconPath = new vscode.ThemeIcon('files');
    item.contextValue = 'files';
    return item;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}

/** `3.4 % → 4 % · at risk` */
export function metricDescription(unit: string | undefined, target: number | undefined, view: MetricStatusView | undefined): string {
  return metricSummary(unit, target, view);
}

function fileItem(model: OutcomeModel, outcome: OutcomeEntry, file: OutcomeFile): vscode.TreeItem {
  const uri = vscode.Uri.file(path.join(model.folder, file.path));
  const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
  item.id = `${model.file}#${outcome.id}/file/${file.path}`;
  item.label = path.posix.basename(file.path);
  const folder = path.posix.dirname(file.path);
  item.description = `${folder === '.' ? '' : `${folder} · `}${file.kinds.join(', ')}`;
  item.tooltip = `${file.path}\nServes ${outcome.id} by ${file.kinds.join(', ')}`;
  item.contextValue = 'file';
  item.command = { command: 'vscode.open', title: 'Open File', arguments: [uri] };
  return item;
}
