// The Outcomes view: objectives → outcomes → metrics, with live status. Converts the loaded
// models and the current metric status into tree items; never reads files or the network.
import * as vscode from 'vscode';
import type { OutcomeEntry, OutcomeModel, ResolvedMetric } from '../../core/config/model';
import { formatPercent, formatValue, statusLabel } from '../../core/metrics/metricText';
import { metricKey } from '../../core/metrics/modelStatus';
import type { MetricStatusView, ModelStatus } from '../../core/metrics/modelStatus';
import type { MetricController } from '../metricController';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { toRange } from '../outcomeConfigController';
import { statusIcon } from './statusIcons';

export type OutcomesNode =
  | { kind: 'outcome'; model: OutcomeModel; outcome: OutcomeEntry }
  | { kind: 'metric'; model: OutcomeModel; metric: ResolvedMetric };

export class OutcomesTreeProvider implements vscode.TreeDataProvider<OutcomesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OutcomesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Status is computed once per redraw per model, not once per tree item. */
  private statusCache = new Map<OutcomeModel, ModelStatus>();

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly metrics: MetricController,
  ) {
    const redraw = (): void => {
      this.statusCache = new Map();
      this.changed.fire(undefined);
    };
    this.subscriptions = [configs.onDidChange(redraw), metrics.onDidChange(redraw)];
  }

  private status(model: OutcomeModel): ModelStatus {
    let status = this.statusCache.get(model);
    if (!status) {
      status = this.metrics.statusOf(model);
      this.statusCache.set(model, status);
    }
    return status;
  }

  getChildren(node?: OutcomesNode): OutcomesNode[] {
    if (!node) {
      return this.configs
        .all()
        .flatMap((model) => model.outcomes.filter((o) => o.parentId === undefined).map((outcome) => ({ kind: 'outcome' as const, model, outcome })));
    }
    if (node.kind === 'metric') return [];
    const { model, outcome } = node;
    const children: OutcomesNode[] = outcome.childIds.flatMap((id) => {
      const child = model.byId.get(id);
      return child ? [{ kind: 'outcome' as const, model, outcome: child }] : [];
    });
    for (const metric of outcome.metrics) children.push({ kind: 'metric', model, metric });
    return children;
  }

  getTreeItem(node: OutcomesNode): vscode.TreeItem {
    return node.kind === 'outcome' ? this.outcomeItem(node.model, node.outcome) : this.metricItem(node.model, node.metric);
  }

  private outcomeItem(model: OutcomeModel, outcome: OutcomeEntry): vscode.TreeItem {
    const assessment = this.status(model).outcomes.get(outcome.id);
    const hasChildren = outcome.childIds.length > 0 || outcome.metrics.length > 0;
    const item = new vscode.TreeItem(`${outcome.id} ${outcome.spec.title}`, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `${model.file}#${outcome.id}`;
    const status = assessment?.status ?? 'no-data';
    item.iconPath = statusIcon(status);
    item.description = [outcome.status === 'active' ? undefined : outcome.status, statusLabel(status), outcome.spec.owner].filter(Boolean).join(' · ');
    const md = markdown();
    bold(md, `${outcome.id} ${outcome.spec.title}`);
    row(md, 'Status', assessment ? `${statusLabel(assessment.status)} — ${assessment.reason}` : undefined);
    row(md, 'Owner', outcome.spec.owner);
    row(md, 'Start', outcome.spec.start);
    row(md, 'Due', outcome.spec.due);
    if (outcome.status !== 'active') row(md, 'Marked', outcome.status);
    if (outcome.spec.description) md.appendMarkdown('\n').appendText(outcome.spec.description);
    item.tooltip = md;
    item.contextValue = 'outcome';
    item.command = revealCommand(model.file, outcome.idRange);
    return item;
  }

  private metricItem(model: OutcomeModel, metric: ResolvedMetric): vscode.TreeItem {
    const spec = metric.spec;
    const view = this.status(model).metrics.get(metricKey(metric.outcomeId, spec.id));
    const item = new vscode.TreeItem(spec.name ?? spec.id, vscode.TreeItemCollapsibleState.None);
    item.id = `${model.file}#${metric.outcomeId}/${spec.id}`;
    const status = view?.assessment.status ?? 'no-data';
    item.iconPath = statusIcon(status);
    item.description = metricDescription(spec.unit, spec.target, view);
    item.tooltip = metricTooltip(metric, view);
    item.contextValue = 'metric';
    item.command = revealCommand(model.file, metric.idRange);
    return item;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}

/** `3.4 % → 4 % · at risk` */
export function metricDescription(unit: string | undefined, target: number | undefined, view: MetricStatusView | undefined): string {
  const status = view?.assessment.status ?? 'no-data';
  const value = formatValue(view?.reading.value, unit);
  const goal = target === undefined ? '' : ` → ${formatValue(target, unit)}`;
  return `${value}${goal} · ${statusLabel(status)}`;
}

function metricTooltip(metric: ResolvedMetric, view: MetricStatusView | undefined): vscode.MarkdownString {
  const spec = metric.spec;
  const md = markdown();
  bold(md, spec.name ?? spec.id);
  if (view) row(md, 'Status', `${statusLabel(view.assessment.status)} — ${view.assessment.reason}`);
  row(md, 'Current', formatValue(view?.reading.value, spec.unit));
  row(md, 'Baseline', spec.baseline === undefined ? undefined : formatValue(spec.baseline, spec.unit));
  row(md, 'Target', spec.target === undefined ? undefined : formatValue(spec.target, spec.unit));
  row(md, 'Progress', formatPercent(view?.assessment.progress));
  row(md, 'Expected by today', formatPercent(view?.assessment.expected));
  row(md, 'As of', view?.reading.asOf === undefined ? undefined : new Date(view.reading.asOf).toLocaleString());
  row(md, 'Error', view?.reading.error);
  row(md, 'Source', metric.sourceName ?? metric.source?.type);
  return md;
}

/** Markdown that renders no HTML and no command links: config and source text stay text. */
function markdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

function bold(md: vscode.MarkdownString, text: string): void {
  md.appendMarkdown('**').appendText(text).appendMarkdown('**\n\n');
}

function row(md: vscode.MarkdownString, label: string, value: string | undefined): void {
  if (value === undefined) return;
  md.appendMarkdown(`${label}: `).appendText(value).appendMarkdown('  \n');
}

function revealCommand(file: string, range: OutcomeEntry['idRange']): vscode.Command {
  return {
    command: 'vscode.open',
    title: 'Open in Config',
    arguments: [vscode.Uri.file(file), { selection: toRange(range) } satisfies vscode.TextDocumentShowOptions],
  };
}
