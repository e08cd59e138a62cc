// Tag Ticket with Outcome…: a ticket ID into an outcome's `tickets`. The ticket comes from
// the caller (the Tickets view passes its element, other callers a string), from the current
// branch's name, or is typed and checked against `tickets.patterns`.
import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';
import { ticketIdProblem } from '../../core/edit/ticketInput';
import { branchOutcomes } from '../../core/index/branchOutcomes';
import type { CommandContext } from '../commandTable';
import { configParser } from '../configParser';
import { applyConfigEdit, configFor, editableConfig } from '../tagging/configEditor';
import type { TagResult } from '../tagging/configEditor';
import { pickOutcome } from '../tagging/outcomePick';
import type { PickItem } from '../tagging/quickInputs';
import { trustedGitRunner } from '../trustedGit';

/** `'PAY-12'` or a view element `{ ticket: 'PAY-12' }`. */
export function ticketArgument(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument.trim() || undefined;
  const ticket = (argument as { ticket?: unknown } | undefined)?.ticket;
  return typeof ticket === 'string' ? ticket.trim() || undefined : undefined;
}

export async function tagTicket(context: CommandContext, argument?: unknown): Promise<TagResult> {
  const model = await configFor(context, vscode.window.activeTextEditor?.document.uri, false);
  if (!model) return 'refused';
  const config = await editableConfig(context, model);
  if (!config) return 'refused';
  let ticket = ticketArgument(argument);
  if (ticket === undefined) ticket = await askTicket(context, config.model);
  if (ticket === undefined) return 'cancelled';
  const problem = ticketIdProblem(ticket, config.model.ticketPatterns);
  if (problem !== undefined) {
    void vscode.window.showWarningMessage(`Outcome Lens: ${problem}.`);
    return 'refused';
  }
  const id = ticket;
  const outcome = await pickOutcome(context, config.model, {
    title: `Tag ticket ${id} with Outcome`,
    noteFor: (o) => (o.tickets.some((t) => t.id === id) ? `already lists ${id}` : undefined),
  });
  if (!outcome) return 'cancelled';
  const current = await editableConfig(context, model);
  if (!current) return 'refused';
  const result = (await configParser()).addToOutcomeList(current.document.getText(), outcome.id, 'tickets', [id]);
  return applyConfigEdit(current, result, () => `added ${id} to the tickets of ${outcome.id}`);
}

async function askTicket(context: CommandContext, model: OutcomeModel): Promise<string | undefined> {
  // No branch in Restricted Mode (see trustedGit.ts).
  const branch = await branchOutcomes(model.folder, model, trustedGitRunner).catch(() => undefined);
  const type = Symbol('type');
  const items: PickItem<string | typeof type>[] = (branch?.tickets ?? []).map((ticket) => ({
    label: ticket,
    description: `from the branch ${branch?.branch ?? ''}`,
    value: ticket,
  }));
  let picked: string | typeof type | undefined = type;
  if (items.length > 0) {
    items.push({ label: '$(edit) Type a ticket ID…', value: type });
    picked = await context.inputs.pick(items, { title: 'Tag Ticket with Outcome', placeholder: 'Which ticket?' });
  }
  if (picked !== type) return picked;
  return context.inputs.input({
    title: 'Tag Ticket with Outcome',
    prompt: model.ticketPatterns.length > 0 ? `A ticket ID matching ${model.ticketPatterns.map((p) => p.source).join(' or ')}` : 'A ticket ID',
    placeholder: 'PAY-12',
    validate: (text) => ticketIdProblem(text, model.ticketPatterns),
  });
}
