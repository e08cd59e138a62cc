// The branch's outcome: ticket IDs in the checked-out branch's name (`feature/PAY-12-retry`),
// mapped through the outcomes' `tickets`.
import type { OutcomeModel } from '../config/model';
import { readBranch } from '../git/branch';
import type { GitRunner } from '../ports';

export interface BranchOutcomes {
  branch: string | undefined;
  /** Ticket IDs found in the branch name, in order. */
  tickets: string[];
  /** Outcomes whose `tickets` list one of them, in config order. */
  outcomeIds: string[];
}

export function ticketsInName(name: string, patterns: readonly RegExp[]): string[] {
  const found: { id: string; at: number }[] = [];
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`);
    for (const match of name.matchAll(global)) {
      // In a branch name `_` and `/` separate words too (`feature/PAY-12_retry`).
      const before = name.charAt(match.index - 1);
      const after = name.charAt(match.index + match[0].length);
      if (match[0] === '' || /[A-Za-z0-9]/.test(before) || /[A-Za-z0-9]/.test(after)) continue;
      if (!found.some((f) => f.id === match[0])) found.push({ id: match[0], at: match.index });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.id);
}

export function outcomesForTickets(model: OutcomeModel, tickets: readonly string[]): string[] {
  const wanted = new Set(tickets);
  return model.outcomes.filter((o) => o.tickets.some((t) => wanted.has(t.id))).map((o) => o.id);
}

export async function branchOutcomes(root: string, model: OutcomeModel, git: GitRunner): Promise<BranchOutcomes> {
  const branch = await readBranch(root, git);
  if (branch === undefined) return { branch, tickets: [], outcomeIds: [] };
  const tickets = ticketsInName(branch, model.ticketPatterns);
  return { branch, tickets, outcomeIds: outcomesForTickets(model, tickets) };
}
