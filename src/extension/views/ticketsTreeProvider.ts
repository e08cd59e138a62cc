// The Tickets view: every ticket known from the config, comments, the current branch and
// recent commits, grouped by the outcome that lists it, with an "Untagged" group for the rest.
// Recent commits are read in the background the first time the view shows; until then the
// view says so and shows what it already knows.
import * as vscode from 'vscode';
import { outcomeLabel } from '../../core/config/model';
import type { OutcomeModel } from '../../core/config/model';
import { groupTickets } from '../../core/index/ticketCatalog';
import type { TicketInfo } from '../../core/index/ticketCatalog';
import type { GitStateController } from '../gitStateController';
import type { MetricController } from '../metricController';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { statusIcon } from './statusIcons';
import type { TicketCatalogCache } from './ticketCatalogCache';
import { sightingChildren, sightingItem, ticketItem, ticketTooltip } from './ticketItems';
import type { SightingElement, TicketElement } from './ticketItems';
import { startingState } from './treeText';

export type TicketsNode =
  | { kind: 'group'; model: OutcomeModel; outcomeId: string | undefined; tickets: TicketInfo[]; state: vscode.TreeItemCollapsibleState }
  | { kind: 'reading' }
  | TicketElement
  | SightingElement;

export class TicketsTreeProvider implements vscode.TreeDataProvider<TicketsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TicketsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly metrics: MetricController,
    private readonly git: GitStateController,
    private readonly tickets: TicketCatalogCache,
  ) {
    const redraw = (): void => this.changed.fire(undefined);
    this.subscriptions = [tickets.onDidChange(redraw), metrics.onDidChange(redraw)];
  }

  /** Every ticket known, over all folders (for the view's empty message and tests). */
  count(): number {
    return this.configs.all().reduce((sum, model) => sum + this.tickets.ticketsOf(model).length, 0);
  }

  getChildren(node?: TicketsNode): TicketsNode[] {
    if (!node) {
      // Showing the view is what asks for commits; reading them never blocks this answer.
      this.git.requestCommits();
      const groups: TicketsNode[] = this.configs.all().flatMap((model) => {
        const grouped = groupTickets(model, this.tickets.ticketsOf(model));
        const state = startingState(grouped.length);
        return grouped.map((group) => ({ kind: 'group' as const, model, outcomeId: group.outcomeId, tickets: group.tickets, state }));
      });
      return this.git.readingCommits() ? [...groups, { kind: 'reading' }] : groups;
    }
    switch (node.kind) {
      case 'group': {
        const parentKey = `${node.model.file}#${node.outcomeId ?? '(untagged)'}`;
        return node.tickets.map((info) => ({ kind: 'ticket', model: node.model, ticket: info.id, info, parentKey }));
      }
      case 'ticket':
        return sightingChildren(node);
      default:
        return [];
    }
  }

  getTreeItem(node: TicketsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return this.groupItem(node);
      case 'reading': {
        const item = new vscode.TreeItem('Reading recent commits…', vscode.TreeItemCollapsibleState.None);
        item.id = 'reading';
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        return item;
      }
      case 'ticket':
        return ticketItem(node, this.git.branchOf(node.model)?.tickets.includes(node.ticket) ?? false);
      case 'sighting':
        return sightingItem(node);
    }
  }

  /** Tooltips are made when a row is hovered: a redraw of thousands of rows makes none. */
  resolveTreeItem(item: vscode.TreeItem, node: TicketsNode): vscode.TreeItem {
    if (node.kind === 'ticket') item.tooltip ??= ticketTooltip(node);
    return item;
  }

  private groupItem({ model, outcomeId, tickets, state }: Extract<TicketsNode, { kind: 'group' }>): vscode.TreeItem {
    const multiRoot = this.configs.all().length > 1;
    const folder = multiRoot ? (vscode.workspace.getWorkspaceFolder(vscode.Uri.file(model.folder))?.name ?? '') : '';
    const count = `${tickets.length} ticket${tickets.length === 1 ? '' : 's'}`;
    if (outcomeId === undefined) {
      const item = new vscode.TreeItem('Untagged', state);
      item.id = `${model.file}#(untagged)`;
      item.description = [folder, count].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('question');
      item.tooltip = 'Tickets seen in comments, the branch name or recent commits that no outcome lists in its `tickets`.';
      item.contextValue = 'ticketGroup.untagged';
      return item;
    }
    const outcome = model.byId.get(outcomeId);
    const item = new vscode.TreeItem(outcomeLabel(outcomeId, outcome?.spec.title), state);
    item.id = `${model.file}#${outcomeId}`;
    item.description = [folder, count].filter(Boolean).join(' · ');
    const status = this.metrics.statusOf(model);
    item.iconPath = statusIcon(status.outcomes.get(outcomeId)?.status ?? 'no-data');
    item.contextValue = 'ticketGroup';
    return item;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}
