// What commands run from a tree item receive: the item's element. These read the outcome or
// ticket out of any of our views' elements (and of plain arguments, for other callers).
import type { OutcomeEntry, OutcomeModel } from '../../core/config/model';
import type { OutcomeConfigController } from '../outcomeConfigController';

export interface OutcomeTarget {
  model: OutcomeModel;
  outcome: OutcomeEntry;
}

function isModel(value: unknown): value is OutcomeModel {
  return typeof value === 'object' && value !== null && 'byId' in value && value.byId instanceof Map && typeof (value as { file?: unknown }).file === 'string';
}

/**
 * The outcome an element stands for: `{ model, outcome }` (Outcomes and This File views),
 * `{ model, outcomeId }` (a Tickets group), or an outcome ID string (looked up in every config).
 */
export function outcomeTarget(argument: unknown, configs: OutcomeConfigController): OutcomeTarget | undefined {
  if (typeof argument === 'string') {
    for (const model of configs.all()) {
      const outcome = model.byId.get(argument);
      if (outcome) return { model, outcome };
    }
    return undefined;
  }
  if (typeof argument !== 'object' || argument === null || !('model' in argument) || !isModel(argument.model)) return undefined;
  const model = argument.model;
  const id =
    'outcome' in argument && typeof argument.outcome === 'object' && argument.outcome !== null && 'id' in argument.outcome
      ? argument.outcome.id
      : 'outcomeId' in argument
        ? argument.outcomeId
        : undefined;
  const outcome = typeof id === 'string' ? model.byId.get(id) : undefined;
  return outcome ? { model, outcome } : undefined;
}

/** The ticket ID of a ticket element (`{ ticket }`) or a plain string, with the element's model when it has one. */
export function ticketTarget(argument: unknown, configs: OutcomeConfigController): { ticket: string; model: OutcomeModel | undefined } | undefined {
  if (typeof argument === 'string') return { ticket: argument, model: configs.all().find((m) => m.outcomes.some((o) => o.tickets.some((t) => t.id === argument))) ?? configs.all()[0] };
  if (typeof argument !== 'object' || argument === null || !('ticket' in argument) || typeof argument.ticket !== 'string') return undefined;
  return { ticket: argument.ticket, model: 'model' in argument && isModel(argument.model) ? argument.model : configs.all()[0] };
}
