// The ticket catalog of each loaded config, computed when a view first asks and kept until
// the config, the git state or what the index says about tickets changes (typing in a file
// mostly does not). Both the Outcomes and Tickets views read it.
import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';
import { ticketCatalog } from '../../core/index/ticketCatalog';
import type { TicketInfo } from '../../core/index/ticketCatalog';
import type { TicketMention } from '../../core/index/reasons';
import type { WorkspaceIndex } from '../../core/index/workspaceIndex';
import type { GitStateController } from '../gitStateController';
import type { IndexController } from '../indexController';
import type { OutcomeConfigController } from '../outcomeConfigController';

/** A catalog and what it was made from the index: the same inputs give the same catalog. */
interface Cached {
  tickets: TicketInfo[];
  index: WorkspaceIndex | undefined;
  comments: readonly TicketMention[];
  tagIds: ReadonlySet<string>;
}

export class TicketCatalogCache implements vscode.Disposable {
  private cache = new Map<OutcomeModel, Cached>();
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
    this.subscriptions = [
      configs.onDidChange(invalidate),
      index.onDidChange(() => {
        if (this.indexInputsChanged()) invalidate();
      }),
      git.onDidChange(invalidate),
    ];
  }

  ticketsOf(model: OutcomeModel): TicketInfo[] {
    let cached = this.cache.get(model);
    if (!cached) {
      const branch = this.git.branchOf(model);
      const inputs = this.indexInputs(model);
      const tickets = ticketCatalog({
        model,
        comments: inputs.comments,
        tagIds: inputs.tagIds,
        branch: branch ? { name: branch.name, tickets: branch.tickets } : undefined,
        commits: this.git.commitsOf(model),
      });
      cached = { tickets, ...inputs };
      this.cache.set(model, cached);
    }
    return cached.tickets;
  }

  private indexInputs(model: OutcomeModel): Omit<Cached, 'tickets'> {
    const index = this.index.indexFor(vscode.Uri.file(model.folder));
    // Outcome IDs match ticket patterns too (`@outcome KR-2`); the catalog leaves them out, and
    // so does the comparison, or adding a tag would count as a ticket change.
    const comments = (index?.ticketMentions() ?? []).filter((mention) => !model.byId.has(mention.id));
    return { index, comments, tagIds: new Set(index?.unknownIds().map((tag) => tag.id)) };
  }

  /** Whether a catalog made now would differ from a cached one: the ticket comments or the unknown tag IDs changed. */
  private indexInputsChanged(): boolean {
    for (const [model, cached] of this.cache) {
      const now = this.indexInputs(model);
      if (now.index !== cached.index || !sameMentions(now.comments, cached.comments) || !sameSet(now.tagIds, cached.tagIds)) return true;
    }
    return false;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}

function sameMentions(a: readonly TicketMention[], b: readonly TicketMention[]): boolean {
  return a.length === b.length && a.every((m, i) => {
    const o = b[i];
    return o !== undefined && m.id === o.id && m.file === o.file && m.line === o.line && m.column === o.column;
  });
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
