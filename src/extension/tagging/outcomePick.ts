// "Which outcome?": every outcome of a config with its title, live metric status and
// lifecycle; suggested ones (the branch's, the staged files') first, then active ones, then
// the rest, each group in config order.
import * as vscode from 'vscode';
import { distinctTitle } from '../../core/config/model';
import type { OutcomeEntry, OutcomeModel } from '../../core/config/model';
import { statusLabel } from '../../core/metrics/metricText';
import type { CommandContext } from '../commandTable';
import { statusIcon } from '../views/statusIcons';
import type { PickItem } from './quickInputs';

export interface OutcomePickOptions {
  title: string;
  placeholder?: string;
  /** Outcome ID → why it is suggested (`branch PAY-12-retry`). */
  suggested?: ReadonlyMap<string, string>;
  /** A note on an outcome's row (`already lists PAY-12`). */
  noteFor?: (outcome: OutcomeEntry) => string | undefined;
}

export function outcomePickItems(context: CommandContext, model: OutcomeModel, options: OutcomePickOptions): PickItem<OutcomeEntry>[] {
  const status = context.metrics.statusOf(model);
  const suggested = options.suggested ?? new Map<string, string>();
  const item = (outcome: OutcomeEntry): PickItem<OutcomeEntry> => {
    const metricStatus = status.outcomes.get(outcome.id)?.status ?? 'no-data';
    const detail = [
      statusLabel(metricStatus),
      outcome.status === 'active' ? undefined : outcome.status,
      outcome.spec.owner,
      suggested.get(outcome.id),
      options.noteFor?.(outcome),
    ].filter((part) => part !== undefined && part !== '');
    return { label: outcome.id, description: distinctTitle(outcome.id, outcome.spec.title), detail: detail.join(' · '), iconPath: statusIcon(metricStatus), value: outcome };
  };
  const groups: [string, OutcomeEntry[]][] = [
    ['Suggested', model.outcomes.filter((o) => suggested.has(o.id))],
    ['Active', model.outcomes.filter((o) => !suggested.has(o.id) && o.status === 'active')],
    ['Paused, achieved or dropped', model.outcomes.filter((o) => !suggested.has(o.id) && o.status !== 'active')],
  ];
  return groups
    .filter(([, outcomes]) => outcomes.length > 0)
    .flatMap(([label, outcomes]) => [{ label, kind: vscode.QuickPickItemKind.Separator }, ...outcomes.map(item)]);
}

export async function pickOutcome(context: CommandContext, model: OutcomeModel, options: OutcomePickOptions): Promise<OutcomeEntry | undefined> {
  if (model.outcomes.length === 0) {
    void vscode.window.showWarningMessage('Outcome Lens: the config has no outcomes yet. Add one with "Outcome Lens: Add Outcome…".');
    return undefined;
  }
  return context.inputs.pick(outcomePickItems(context, model, options), { title: options.title, placeholder: options.placeholder ?? 'Outcome (type to filter by ID or title)' });
}
