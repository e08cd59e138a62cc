// Why a file serves an outcome. One file's reasons are computed from three inputs that are
// cheap to hold apart: its path (rules), its content scan (tags, tickets) and, on demand, its
// git history. Keeping the first two pure lets the index rebuild one file in microseconds.
import type { OutcomeModel } from '../config/model';
import type { PathRuleIndex, PathRuleMatch } from '../matching/pathRules';
import type { ContentScan, ContentStatus } from './fileScan';

export type OutcomeReason =
  /** A `paths` rule; `line` is the rule's line in the config. */
  | { kind: 'path'; outcomeId: string; pattern: string; line: number }
  | { kind: 'tag'; outcomeId: string; line: number; column: number }
  /** A ticket in a comment, mapped to the outcome by the outcome's `tickets`. */
  | { kind: 'ticket'; outcomeId: string; ticket: string; line: number; column: number }
  /** A commit that touched the file and declared the outcome (`via`: the trailer, or the mapped ticket it mentions). */
  | { kind: 'history'; outcomeId: string; sha: string; shortSha: string; subject: string; via: 'trailer' | 'ticket'; ticket?: string };

export type ReasonKind = OutcomeReason['kind'];

export const reasonKinds: readonly ReasonKind[] = ['path', 'tag', 'ticket', 'history'];

export interface FileOutcome {
  outcomeId: string;
  /** In kind order (path, tag, ticket, history), then by line. */
  reasons: OutcomeReason[];
}

/** An `@outcome` ID that needs the user's attention: unknown, or naming a dropped outcome. */
export interface TagProblem {
  id: string;
  /** `/`-separated, relative to the root. */
  file: string;
  line: number;
  column: number;
  endColumn: number;
}

/** A ticket ID in a comment, whether or not an outcome lists it. */
export interface TicketMention {
  id: string;
  /** `/`-separated, relative to the root. */
  file: string;
  line: number;
  column: number;
}

export interface FileEntry {
  /** `/`-separated, relative to the root. */
  path: string;
  content: ContentStatus;
  /** In the config's outcome order. Empty: the file serves no outcome. */
  outcomes: FileOutcome[];
  /** Tags naming no outcome in the config. */
  unknownIds: TagProblem[];
  /** Tags naming an outcome whose status is `dropped` (the tag still counts as a reason). */
  droppedIds: TagProblem[];
}

/** The parts of the model that reasons are computed from, prepared once per config. */
export class ReasonContext {
  /** Ticket ID → the outcomes listing it, in config order. */
  readonly outcomesByTicket: ReadonlyMap<string, readonly string[]>;
  private readonly outcomeOrder: ReadonlyMap<string, number>;
  private readonly pathReasonCache = new Map<PathRuleMatch, OutcomeReason>();

  constructor(
    readonly model: OutcomeModel,
    readonly rules: PathRuleIndex,
  ) {
    this.outcomesByTicket = outcomesByTicket(model);
    this.outcomeOrder = new Map(model.outcomes.map((outcome, i) => [outcome.id, i]));
  }

  /**
   * Literal strings, one of which a file must contain to have a tag or a mapped-ticket
   * reason (for pre-filters). A ticket contributes its ID without the trailing number
   * (`PAY-` for `PAY-12`): any part of the ID is still a sound filter, and a handful of
   * project keys search far faster than thousands of IDs.
   */
  contentNeedles(): string[] {
    return contentNeedles(this.outcomesByTicket);
  }

  pathReasons(path: string): OutcomeReason[] {
    const matches = this.rules.match(path);
    return matches.length === 0 ? [] : matches.map((match) => this.pathReasonOf(match));
  }

  /** One frozen reason per rule, shared by every file the rule matches. */
  private pathReasonOf(match: PathRuleMatch): OutcomeReason {
    let reason = this.pathReasonCache.get(match);
    if (!reason) {
      reason = Object.freeze({ kind: 'path', outcomeId: match.outcomeId, pattern: match.rule.pattern, line: match.rule.line });
      this.pathReasonCache.set(match, reason);
    }
    return reason;
  }

  /** `pathReasons` may be passed in when already computed (the build does that while rg runs). */
  entryFor(path: string, scan: ContentScan, pathReasons = this.pathReasons(path)): FileEntry {
    if (scan.tags.length === 0 && scan.tickets.length === 0) {
      // Most files of a workspace serve nothing, and most others only through path rules: one
      // rule per outcome, already in config order, so there is no grouping to do.
      if (pathReasons.length === 0) return { path, content: scan.status, outcomes: [], unknownIds: [], droppedIds: [] };
      if (this.inConfigOrder(pathReasons)) return { path, content: scan.status, outcomes: pathReasons.map((r) => ({ outcomeId: r.outcomeId, reasons: [r] })), unknownIds: [], droppedIds: [] };
    }
    const reasons: OutcomeReason[] = pathReasons;
    const unknownIds: TagProblem[] = [];
    const droppedIds: TagProblem[] = [];
    for (const tag of scan.tags) {
      const outcome = this.model.byId.get(tag.id);
      const problem = { id: tag.id, file: path, line: tag.line, column: tag.column, endColumn: tag.endColumn };
      if (!outcome) {
        unknownIds.push(problem);
        continue;
      }
      if (outcome.status === 'dropped') droppedIds.push(problem);
      reasons.push({ kind: 'tag', outcomeId: tag.id, line: tag.line, column: tag.column });
    }
    for (const ticket of scan.tickets) {
      for (const outcomeId of this.outcomesByTicket.get(ticket.id) ?? []) {
        reasons.push({ kind: 'ticket', outcomeId, ticket: ticket.id, line: ticket.line, column: ticket.column });
      }
    }
    return { path, content: scan.status, outcomes: this.group(reasons), unknownIds, droppedIds };
  }

  /** Whether each reason is for a later outcome (in config order) than the one before. */
  private inConfigOrder(reasons: readonly OutcomeReason[]): boolean {
    let previous = -1;
    for (const reason of reasons) {
      const order = this.outcomeOrder.get(reason.outcomeId);
      if (order === undefined || order <= previous) return false;
      previous = order;
    }
    return true;
  }

  /** Groups reasons by outcome, in config order; also used to merge in history reasons. */
  group(reasons: readonly OutcomeReason[]): FileOutcome[] {
    const byOutcome = new Map<string, OutcomeReason[]>();
    for (const reason of reasons) {
      const list = byOutcome.get(reason.outcomeId);
      if (list) list.push(reason);
      else byOutcome.set(reason.outcomeId, [reason]);
    }
    const order = (id: string) => this.outcomeOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
    return [...byOutcome]
      .sort(([a], [b]) => order(a) - order(b))
      .map(([outcomeId, list]) => ({ outcomeId, reasons: list.sort(compareReasons) }));
  }
}

function reasonLine(reason: OutcomeReason): number {
  return reason.kind === 'history' ? 0 : reason.line;
}

function compareReasons(a: OutcomeReason, b: OutcomeReason): number {
  return reasonKinds.indexOf(a.kind) - reasonKinds.indexOf(b.kind) || reasonLine(a) - reasonLine(b);
}

/** `ReasonContext.contentNeedles`, from the model's ticket map alone. */
export function contentNeedles(byTicket: ReadonlyMap<string, readonly string[]>): string[] {
  const needles = new Set(['@outcome']);
  for (const ticket of byTicket.keys()) {
    const key = ticket.replace(/\d+$/, '');
    needles.add(key.length >= 2 ? key : ticket);
  }
  return [...needles];
}

/** Ticket ID → the outcomes listing it in `tickets`, in config order. Matching is exact, as written. */
export function outcomesByTicket(model: OutcomeModel): Map<string, string[]> {
  const byTicket = new Map<string, string[]>();
  for (const outcome of model.outcomes) {
    for (const ticket of outcome.tickets) {
      const list = byTicket.get(ticket.id);
      if (!list) byTicket.set(ticket.id, [outcome.id]);
      else if (!list.includes(outcome.id)) list.push(outcome.id);
    }
  }
  return byTicket;
}

/** The PathRuleIndex input for a model: every outcome's rules, with their config lines. */
export function pathRulesOf(model: OutcomeModel): { outcomeId: string; pattern: string; index: number; line: number }[] {
  return model.outcomes.flatMap((outcome) =>
    outcome.pathRules.map((rule) => ({ outcomeId: rule.outcomeId, pattern: rule.pattern, index: rule.index, line: rule.range.start.line })),
  );
}
