// How outcomes, metrics and reasons read in the sidebar, the status bar and the explorer:
// short one-line summaries built from the model and the current status. Pure, so the same
// words can be unit-tested and shared by every view.
import type { OutcomeEntry } from '../config/model';
import type { OutcomeReason } from '../index/reasons';
import { formatValue, statusLabel } from './metricText';
import type { MetricStatusView, ModelStatus } from './modelStatus';
import { metricKey } from './modelStatus';
import { statusSeverity } from './status';
import type { MetricStatus } from './status';

/** `3.4 % → 4 % · at risk`; `— → 4 % · no data` before the first value. */
export function metricSummary(unit: string | undefined, target: number | undefined, view: MetricStatusView | undefined): string {
  const status = view?.assessment.status ?? 'no-data';
  const value = formatValue(view?.reading.value, unit);
  const goal = target === undefined ? '' : ` → ${formatValue(target, unit)}`;
  return `${value}${goal} · ${statusLabel(status)}`;
}

/**
 * An outcome's one-line summary: its only judged metric's summary when it has exactly one
 * and no children (`3.4 % → 4 % · at risk`), else its rolled-up status; a non-active outcome
 * says so first, and the owner comes last: `paused · at risk · @search`.
 */
export function outcomeSummary(outcome: OutcomeEntry, status: ModelStatus): string {
  const assessment = status.outcomes.get(outcome.id);
  const judged = outcome.metrics.filter((m) => status.metrics.get(metricKey(outcome.id, m.spec.id))?.assessment.counts);
  const only = judged.length === 1 && outcome.childIds.length === 0 && outcome.status !== 'achieved' ? judged[0] : undefined;
  const summary = only
    ? metricSummary(only.spec.unit, only.spec.target, status.metrics.get(metricKey(outcome.id, only.spec.id)))
    : statusLabel(assessment?.status ?? 'no-data');
  return [outcome.status === 'active' ? undefined : outcome.status, summary, outcome.spec.owner].filter((p) => p !== undefined).join(' · ');
}

export interface ReasonText {
  /** `path src/checkout/`, `tag`, `ticket PAY-31`, `commit a1b2c3d` */
  label: string;
  /** `outcomes.yaml:38`, `line 1`, the commit's subject and how it declared the outcome. */
  detail: string;
}

/** `configName`: how to name the config file in a path rule's location (`outcomes.yaml`). */
export function reasonText(reason: OutcomeReason, configName: string): ReasonText {
  switch (reason.kind) {
    case 'path':
      return { label: `path ${reason.pattern}`, detail: `${configName}:${reason.line}` };
    case 'tag':
      return { label: `tag @outcome ${reason.outcomeId}`, detail: `line ${reason.line}` };
    case 'ticket':
      return { label: `ticket ${reason.ticket}`, detail: `line ${reason.line}` };
    case 'history':
      return {
        label: `commit ${reason.shortSha}`,
        detail: `${reason.subject} · ${reason.via === 'trailer' ? 'Outcome: trailer' : `mentions ${reason.ticket ?? 'a ticket'}`}`,
      };
  }
}

/** Worst status first (off track before at risk …); equal ones keep their order. */
export function worstFirst<T extends { status: MetricStatus }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => statusSeverity[b.status] - statusSeverity[a.status]);
}

/**
 * One slot for several outcomes, as the status bar shows them: the worst, and how many more
 * (`KR-1 · at risk +2`). Undefined for none.
 */
export function worstSummary(items: readonly { id: string; status: MetricStatus }[]): string | undefined {
  const [worst, ...others] = worstFirst(items);
  if (!worst) return undefined;
  return `${worst.id} · ${statusLabel(worst.status)}${others.length > 0 ? ` +${others.length}` : ''}`;
}
