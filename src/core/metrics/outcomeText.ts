// How an outcome reads in the editor's inline UI (CodeLens, hover, blame annotation): plain
// text and structured rows, computed from the model and the current status. Escaping for
// Markdown is the renderer's job; nothing here is markup.
import { outcomeLabel } from '../config/model';
import type { OutcomeEntry, ResolvedMetric } from '../config/model';
import type { OutcomeBlame } from '../git/outcomeBlame';
import type { HistoryPoint } from './metricTypes';
import { formatPercent, formatValue, statusLabel } from './metricText';
import { metricKey } from './modelStatus';
import type { ModelStatus } from './modelStatus';
import type { MetricStatus } from './status';
import { parseTimestamp } from './timestamps';

/** The metric an outcome is summed up by in one line: the first judged one (with a target or range), else the first. */
export function headlineMetric(outcome: OutcomeEntry): ResolvedMetric | undefined {
  const judged = (m: ResolvedMetric): boolean => m.spec.target !== undefined || m.spec.min !== undefined || m.spec.max !== undefined;
  return outcome.metrics.find(judged) ?? outcome.metrics[0];
}

/** `3.4 % of 4 %`; `3.4 %` without a target; undefined while there is no value. */
export function metricSummary(metric: ResolvedMetric, status: ModelStatus | undefined): string | undefined {
  const value = status?.metrics.get(metricKey(metric.outcomeId, metric.spec.id))?.reading.value;
  if (value === null || value === undefined) return undefined;
  const { unit, target } = metric.spec;
  return target === undefined ? formatValue(value, unit) : `${formatValue(value, unit)} of ${formatValue(target, unit)}`;
}

export function outcomeStatusOf(outcome: OutcomeEntry, status: ModelStatus | undefined): MetricStatus {
  return status?.outcomes.get(outcome.id)?.status ?? 'no-data';
}

/**
 * The CodeLens line: `KR-1 Raise checkout conversion · 3.4 % of 4 % · at risk`. A paused or
 * dropped outcome says so before its status; the metric part is left out while it has no value.
 */
export function outcomeLensTitle(outcome: OutcomeEntry, status: ModelStatus | undefined): string {
  const metric = headlineMetric(outcome);
  const parts = [outcomeLabel(outcome.id, outcome.spec.title)];
  const summary = metric && metricSummary(metric, status);
  if (summary !== undefined) parts.push(summary);
  if (outcome.status === 'paused' || outcome.status === 'dropped') parts.push(outcome.status);
  parts.push(statusLabel(outcomeStatusOf(outcome, status)));
  return parts.join(' · ');
}

/** A text progress bar, `███░░░░░░░`, for 0..1 (clamped); `cells` wide. */
export function progressBar(fraction: number, cells = 10): string {
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(clamped * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** `just now`, `5 minutes ago`, `3 days ago`, `in 4 months`: coarse, as people say it. */
export function relativeTime(then: number, now: number): string {
  const delta = now - then;
  const span = Math.abs(delta);
  let text: string;
  if (span < 45_000) return 'just now';
  if (span < hour) text = count(Math.max(1, Math.round(span / minute)), 'minute');
  else if (span < day) text = count(Math.round(span / hour), 'hour');
  else if (span < 14 * day) text = count(Math.round(span / day), 'day');
  else if (span < 60 * day) text = count(Math.round(span / (7 * day)), 'week');
  else if (span < 365 * day) text = count(Math.round(span / (30 * day)), 'month');
  else text = count(Math.round(span / (365 * day)), 'year');
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/** `2027-03-31 (in 4 months)`; `2026-11-01 (3 weeks ago)` once the due day is over. */
export function dueText(due: string, now: number): string {
  const dueDay = parseTimestamp(due);
  if (dueDay === undefined) return due;
  const dueEnd = dueDay + day;
  if (now >= dueDay && now < dueEnd) return `${due} (today)`;
  return `${due} (${relativeTime(now < dueDay ? dueDay : dueEnd, now)})`;
}

/**
 * An outcome's progress: the mean of its judged metrics' progress, each clamped to 0..1 (the
 * same rule as `outcome-lens status`); undefined when none is known.
 */
export function outcomeProgress(outcome: OutcomeEntry, status: ModelStatus | undefined): number | undefined {
  const known: number[] = [];
  for (const metric of outcome.metrics) {
    const assessment = status?.metrics.get(metricKey(outcome.id, metric.spec.id))?.assessment;
    if (assessment?.counts && assessment.progress !== undefined) known.push(Math.min(1, Math.max(0, assessment.progress)));
  }
  return known.length === 0 ? undefined : known.reduce((sum, p) => sum + p, 0) / known.length;
}

/** The progress expected by now, shared by an outcome's metrics (its schedule); undefined without one. */
export function outcomeExpected(outcome: OutcomeEntry, status: ModelStatus | undefined): number | undefined {
  for (const metric of outcome.metrics) {
    const expected = status?.metrics.get(metricKey(outcome.id, metric.spec.id))?.assessment.expected;
    if (expected !== undefined) return expected;
  }
  return undefined;
}

/** `33% (expected 29% by now)`, or `33%`. */
export function progressText(progress: number, expected: number | undefined): string {
  const actual = formatPercent(progress) ?? '';
  return expected === undefined ? actual : `${actual} (expected ${formatPercent(expected) ?? ''} by now)`;
}

export interface MetricCardLine {
  metricId: string;
  name: string;
  status: MetricStatus;
  /** `3.4 % of 4 %`, or `no value yet`. */
  value: string;
  baseline?: string;
  progress?: number;
  expected?: number;
  reason: string;
  asOf?: number;
  error?: string;
  history: readonly HistoryPoint[];
  target?: number;
  unit?: string;
}

export interface OutcomeCard {
  heading: string;
  status: MetricStatus;
  reason: string;
  /** Set when the config says paused, dropped or achieved. */
  lifecycle?: 'paused' | 'dropped' | 'achieved';
  progress?: number;
  expected?: number;
  metrics: MetricCardLine[];
  /** Label and value, in reading order: owner, start, due, parent. */
  facts: [string, string][];
  description?: string;
}

/** Everything a hover says about an outcome, as plain text and numbers. */
export function outcomeCard(outcome: OutcomeEntry, parentTitle: string | undefined, status: ModelStatus | undefined, now: number): OutcomeCard {
  const assessment = status?.outcomes.get(outcome.id);
  const metrics = outcome.metrics.map((metric): MetricCardLine => {
    const view = status?.metrics.get(metricKey(outcome.id, metric.spec.id));
    const { unit, baseline, target } = metric.spec;
    const line: MetricCardLine = {
      metricId: metric.spec.id,
      name: metric.spec.name ?? metric.spec.id,
      status: view?.assessment.status ?? 'no-data',
      value: metricSummary(metric, status) ?? (target === undefined ? 'no value yet' : `no value yet (target ${formatValue(target, unit)})`),
      reason: view?.assessment.reason ?? 'no value yet',
      history: view?.reading.history ?? [],
    };
    if (baseline !== undefined) line.baseline = formatValue(baseline, unit);
    if (view?.assessment.progress !== undefined) line.progress = view.assessment.progress;
    if (view?.assessment.expected !== undefined) line.expected = view.assessment.expected;
    if (view?.reading.asOf !== undefined) line.asOf = view.reading.asOf;
    if (view?.reading.error !== undefined) line.error = view.reading.error;
    if (target !== undefined) line.target = target;
    if (unit !== undefined) line.unit = unit;
    return line;
  });
  const facts: [string, string][] = [];
  if (outcome.spec.owner !== undefined) facts.push(['Owner', outcome.spec.owner]);
  if (outcome.spec.start !== undefined) facts.push(['Start', outcome.spec.start]);
  if (outcome.spec.due !== undefined) facts.push(['Due', dueText(outcome.spec.due, now)]);
  if (outcome.parentId !== undefined) facts.push(['Parent', parentTitle === undefined ? outcome.parentId : `${outcome.parentId} ${parentTitle}`]);
  if (outcome.childIds.length > 0) facts.push(['Rolls up', outcome.childIds.join(', ')]);
  const card: OutcomeCard = {
    heading: outcomeLabel(outcome.id, outcome.spec.title),
    status: assessment?.status ?? 'no-data',
    reason: assessment?.reason ?? 'no status yet',
    metrics,
    facts,
  };
  if (outcome.status !== 'active') card.lifecycle = outcome.status;
  const progress = outcomeProgress(outcome, status);
  if (progress !== undefined) card.progress = progress;
  const expected = outcomeExpected(outcome, status);
  if (expected !== undefined) card.expected = expected;
  if (outcome.spec.description !== undefined) card.description = outcome.spec.description;
  return card;
}

/** The end-of-line blame annotation, `KR-1 · a1b2c3d · 3 days ago`; undefined when the line's commit served no outcome. */
export function blameAnnotation(blame: OutcomeBlame, now: number): string | undefined {
  if (blame.kind !== 'commit' || blame.outcomes.length === 0) return undefined;
  const ids = blame.outcomes.map((o) => o.outcomeId).join(', ');
  return `${ids} · ${blame.commit.shortSha} · ${relativeTime(blame.commit.authorTime, now)}`;
}
