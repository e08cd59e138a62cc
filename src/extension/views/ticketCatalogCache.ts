// The ticket catalog of each loaded config, computed when a view first asks and kept until
// the config, the index or the git state changes. Both the Outcomes and Tickets views read it.
import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';
import { ticketCatalog } from '../../core/index/ticketCatalog';
import type { TicketInfo } from '../../core/index/ticketCatalog';
import type { GitStateController } from '../gitStateController';
import type { IndexController } from '../indexController';
import type { OutcomeConfigController } from '../outcomeConfigController';

export class TicketCatalogCache implements vscode.Disposable {
  private cache = new Map<OutcomeModel, TicketInfo[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];

  /** Fires when any input changed; the next `ticketsOf` recomputes. */
  readonly onDidChange = this.changed.event;

  constructor(
    configs: OutcomeConfigController,
    private readonly index: IndexController,
    private readonly git: GitStateController,
  ) {
    const invalidate = (): void => {
      this.cache = new Map();
      this.changed.fire();
    };
    this.subscriptions = [configs.onDidChange(invalidate), index.onDidChange(invalidate), git.onDidChange(invalidate)];
  }

  ticketsOf(model: OutcomeModel): TicketInfo[] {
    let tickets = this.cache.get(model);
    if (!tickets) {
      const branch = this.git.branchOf(model);
      const index = this.index.indexFor(vscode.Uri.file(model.folder));
      tickets = ticketCatalog({
        model,
        comments: index?.ticketMentions() ?? [],
        tagIds: new Set(index?.unknownIds().map((tag) => tag.id)),
        branch: branch ? { name: branch.name, tickets: branch.tickets } : undefined,
        commits: this.git.commitsOf(model),
      });
      this.cache.set(model, tickets);
    }
    return tickets;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}
