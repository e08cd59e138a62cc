// The status document (`outcome-lens status --json`), also embedded per outcome in the change
// report: outcomes and metrics in config order, values null when unknown or not set.
import type { OutcomeEntry, OutcomeModel } from '../config/model';
import type { ModelStatus } from './modelStatus';
import { metricKey } from './modelStatus';
import type { MetricStatus } from './status';

// Key order is part of the JSON contract: the objects are built field by field in this order.
export interface StatusMetricJson {
  id: string;
  value: number | null;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  progress: number | null;
  expected: number | null;
  status: MetricStatus;
  asOf: string | null;
  /** Only when the metric is failing: status `error`, or `stale` because its source fails. */
  error?: string;
}

export interface StatusOutcomeJson {
  id: string;
  status: MetricStatus;
  progress: number | null;
  metrics: StatusMetricJson[];
}

export interface StatusJson {
  outcomes: StatusOutcomeJson[];
}

/** The status document, outcomes and metrics in config order. */
export function statusToJson(model: OutcomeModel, status: ModelStatus): StatusJson {
  return { outcomes: model.outcomes.map((outcome) => outcomeStatusJson(outcome, status)) };
}

/** One outcome's entry of the status document. */
export function outcomeStatusJson(outcome: OutcomeEntry, status: ModelStatus): StatusOutcomeJson {
  const metrics: StatusMetricJson[] = [];
  const counted: number[] = [];
  for (const metric of outcome.metrics) {
    const view = status.metrics.get(metricKey(outcome.id, metric.spec.id));
    if (!view) continue;
    const { reading, assessment } = view;
    const json: StatusMetricJson = {
      id: metric.spec.id,
      value: reading.value,
      unit: metric.spec.unit ?? null,
      baseline: metric.spec.baseline ?? null,
      target: metric.spec.target ?? null,
      progress: assessment.progress ?? null,
      expected: assessment.expected ?? null,
      status: assessment.status,
      asOf: reading.asOf === undefined ? null : new Date(reading.asOf).toISOString(),
    };
    if (assessment.status === 'error') json.error = reading.error ?? assessment.reason;
    else if (assessment.status === 'stale' && reading.error !== undefined) json.error = reading.error;
    metrics.push(json);
    if (assessment.counts && assessment.progress !== undefined) counted.push(clamp01(assessment.progress));
  }
  return {
    id: outcome.id,
    status: status.outcomes.get(outcome.id)?.status ?? 'no-data',
    // The mean of the counted metrics' progress, each clamped to 0..1 so one metric far past
    // its target cannot hide another going backwards. Informational metrics and metrics
    // whose progress is unknown are left out; none left: null. Children are not rolled in
    // (an objective's own progress is null unless it has metrics of its own).
    progress: counted.length === 0 ? null : counted.reduce((sum, p) => sum + p, 0) / counted.length,
    metrics,
  };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

