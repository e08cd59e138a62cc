// The Outcomes view: objectives → outcomes → metrics, from the loaded models. Converts only;
// it never reads files or the network.
import * as vscode from 'vscode';
import type { OutcomeEntry, OutcomeModel, ResolvedMetric } from '../../core/config/model';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { toRange } from '../outcomeConfigController';

export type OutcomesNode =
  | { kind: 'outcome'; model: OutcomeModel; outcome: OutcomeEntry }
  | { kind: 'metric'; model: OutcomeModel; metric: ResolvedMetric };

const statusIcons: Record<OutcomeEntry['status'], vscode.ThemeIcon> = {
  active: new vscode.ThemeIcon('target'),
  achieved: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  paused: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('disabledForeground')),
  dropped: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

export class OutcomesTreeProvider implements vscode.TreeDataProvider<OutcomesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OutcomesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly configs: OutcomeConfigController) {
    this.subscription = configs.onDidChange(() => this.changed.fire(undefined));
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
    if (node.kind === 'outcome') {
      const { outcome, model } = node;
      const hasChildren = outcome.childIds.length > 0 || outcome.metrics.length > 0;
      const item = new vscode.TreeItem(`${outcome.id} ${outcome.spec.title}`, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `${model.file}#${outcome.id}`;
      item.iconPath = statusIcons[outcome.status];
      item.description = [outcome.spec.owner, outcome.status === 'active' ? undefined : outcome.status].filter(Boolean).join(' · ');
      item.tooltip = outcomeTooltip(outcome);
      item.contextValue = 'outcome';
      item.command = revealCommand(model.file, outcome.idRange);
      return item;
    }
    const { metric, model } = node;
    const spec = metric.spec;
    const item = new vscode.TreeItem(spec.name ?? spec.id, vscode.TreeItemCollapsibleState.None);
    item.id = `${model.file}#${metric.outcomeId}/${spec.id}`;
    item.iconPath = new vscode.ThemeIcon('graph-line');
    const unit = spec.unit ? (spec.unit === '%' ? ' %' : ` ${spec.unit}`) : '';
    if (spec.baseline !== undefined && spec.target !== undefined) item.description = `${spec.baseline}${unit} → ${spec.target}${unit}`;
    item.contextValue = 'metric';
    item.command = revealCommand(model.file, metric.idRange);
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function revealCommand(file: string, range: OutcomeEntry['idRange']): vscode.Command {
  return {
    command: 'vscode.open',
    title: 'Open in Config',
    arguments: [vscode.Uri.file(file), { selection: toRange(range) } satisfies vscode.TextDocumentShowOptions],
  };
}

function outcomeTooltip(outcome: OutcomeEntry): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendText(`${outcome.id} ${outcome.spec.title}`);
  md.appendMarkdown('**\n\n');
  const rows: [string, string | undefined][] = [
    ['Status', outcome.status],
    ['Owner', outcome.spec.owner],
    ['Start', outcome.spec.start],
    ['Due', outcome.spec.due],
  ];
  for (const [label, value] of rows) {
    if (value === undefined) continue;
    md.appendMarkdown(`${label}: `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  }
  if (outcome.spec.description) {
    md.appendMarkdown('\n');
    md.appendText(outcome.spec.description);
  }
  return md;
}
