// Every ticket known in a workspace folder and the outcomes it serves, for the Tickets view:
// tickets listed in the config (`tickets:` of outcomes), found in comments, in the current
// branch's name and in recent commit messages. A ticket that no outcome lists is untagged,
// wherever it was seen; commits that mention it and carry an `Outcome:` trailer suggest one.
import type { OutcomeModel } from '../config/model';
import type { CommitInfo } from '../git/history';
import { outcomeTrailers } from '../git/history';
import { mentionedTickets } from './historyReasons';
import type { TicketMention } from './reasons';

export type TicketSighting =
  /** Listed in an outcome's `tickets`; line and column of the ID in the config. */
  | { kind: 'config'; outcomeId: string; line: number; column: number }
  | { kind: 'comment'; file: string; line: number; column: number }
  | { kind: 'branch'; branch: string }
  /** `declares`: the outcomes the commit's `Outcome:` trailers name (known ones only). */
  | { kind: 'commit'; sha: string; shortSha: string; subject: string; authorTime: number; declares: string[] };

export type TicketSightingKind = TicketSighting['kind'];

export interface TicketInfo {
  id: string;
  /** Outcomes listing it in `tickets`, in config order. Empty: the ticket is untagged. */
  outcomeIds: string[];
  /** Outcomes that commits mentioning it declare by trailer, but that do not list it. */
  suggestedOutcomeIds: string[];
  /** Config first, then the branch, comments by file and line, commits newest first. */
  sightings: TicketSighting[];
}

export interface TicketCatalogInput {
  model: OutcomeModel;
  comments: readonly TicketMention[];
  branch?: { name: string; tickets: readonly string[] } | undefined;
  /** Newest first. */
  commits?: readonly CommitInfo[] | undefined;
  /** IDs used in `@outcome` tags that name no outcome (a typo like `KR-9`): outcome IDs, not tickets. */
  tagIds?: ReadonlySet<string> | undefined;
}

export interface TicketGroup {
  /** Undefined: the untagged group. */
  outcomeId: string | undefined;
  tickets: TicketInfo[];
}

const sightingOrder: readonly TicketSightingKind[] = ['config', 'branch', 'comment', 'commit'];

/** Every known ticket, sorted by ID (numbers compared as numbers: PAY-4 before PAY-12). */
export function ticketCatalog(input: TicketCatalogInput): TicketInfo[] {
  const { model } = input;
  const tickets = new Map<string, TicketInfo>();
  const ticket = (id: string): TicketInfo => {
    let info = tickets.get(id);
    if (!info) {
      info = { id, outcomeIds: [], suggestedOutcomeIds: [], sightings: [] };
      tickets.set(id, info);
    }
    return info;
  };
  for (const outcome of model.outcomes) {
    for (const ref of outcome.tickets) {
      const info = ticket(ref.id);
      if (!info.outcomeIds.includes(outcome.id)) info.outcomeIds.push(outcome.id);
      info.sightings.push({ kind: 'config', outcomeId: outcome.id, line: ref.range.start.line, column: ref.range.start.column });
    }
  }
  // Outcome IDs often match ticket patterns too (`KR-1`); seen outside `tickets:` they are outcomes.
  const isTicket = (id: string): boolean => !model.byId.has(id) && !(input.tagIds?.has(id) ?? false);
  if (input.branch) {
    for (const id of input.branch.tickets.filter(isTicket)) ticket(id).sightings.push({ kind: 'branch', branch: input.branch.name });
  }
  for (const mention of input.comments) {
    if (!isTicket(mention.id)) continue;
    ticket(mention.id).sightings.push({ kind: 'comment', file: mention.file, line: mention.line, column: mention.column });
  }
  for (const commit of input.commits ?? []) {
    const declares = outcomeTrailers(commit).filter((id) => model.byId.has(id));
    for (const id of mentionedTickets(commit.message, model.ticketPatterns).filter(isTicket)) {
      ticket(id).sightings.push({ kind: 'commit', sha: commit.sha, shortSha: commit.shortSha, subject: commit.subject, authorTime: commit.authorTime, declares });
    }
  }
  for (const info of tickets.values()) {
    // Stable sort: within a kind, the order the sightings were added in.
    info.sightings.sort((a, b) => sightingOrder.indexOf(a.kind) - sightingOrder.indexOf(b.kind));
    for (const sighting of info.sightings) {
      if (sighting.kind !== 'commit') continue;
      for (const id of sighting.declares) if (!info.outcomeIds.includes(id) && !info.suggestedOutcomeIds.includes(id)) info.suggestedOutcomeIds.push(id);
    }
  }
  return [...tickets.values()].sort((a, b) => compareTicketIds(a.id, b.id));
}

/** One group per outcome that has tickets, in config order, then the untagged group (when not empty). */
export function groupTickets(model: OutcomeModel, tickets: readonly TicketInfo[]): TicketGroup[] {
  // One pass over the tickets, not one per outcome: thousands of outcomes, thousands of tickets.
  const byOutcome = new Map<string, TicketInfo[]>();
  for (const ticket of tickets) {
    for (const id of new Set(ticket.outcomeIds)) {
      const list = byOutcome.get(id);
      if (list) list.push(ticket);
      else byOutcome.set(id, [ticket]);
    }
  }
  const groups: TicketGroup[] = [];
  for (const outcome of model.outcomes) {
    const served = byOutcome.get(outcome.id);
    if (served) groups.push({ outcomeId: outcome.id, tickets: served });
  }
  const untagged = tickets.filter((t) => t.outcomeIds.length === 0);
  if (untagged.length > 0) groups.push({ outcomeId: undefined, tickets: untagged });
  return groups;
}

/** `2 comments · 1 commit · branch`-style counts of where a ticket was seen (not the config). */
export function sightingSummary(info: TicketInfo): string {
  const count = (kind: TicketSightingKind): number => info.sightings.filter((s) => s.kind === kind).length;
  const parts: string[] = [];
  if (count('branch') > 0) parts.push('branch');
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (count('comment') > 0) parts.push(plural(count('comment'), 'comment'));
  if (count('commit') > 0) parts.push(plural(count('commit'), 'commit'));
  if (parts.length === 0 && count('config') > 0) parts.push('config only');
  return parts.join(' · ');
}

const collator = new Intl.Collator('en', { numeric: true });

export function compareTicketIds(a: string, b: string): number {
  return collator.compare(a, b);
}

/** The tracker link of a ticket from the config's `tickets.url` template, or undefined. */
export function ticketLink(model: Pick<OutcomeModel, 'ticketUrl'>, id: string): string | undefined {
  return model.ticketUrl?.replaceAll('{id}', encodeURIComponent(id));
}
