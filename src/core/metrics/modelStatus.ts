// Glue between the outcome model and the metric engine, shared by the CLI and the editor:
// which metrics to fetch, and the status of every metric and outcome from the readings.
import type { OutcomeModel } from '../config/model';
import type { MetricJob, MetricReading, OutcomeTiming } from './metricTypes';
import { emptyReading } from './metricTypes';
import { assessMetric, assessOutcomes } from './status';
import type { MetricAssessment, OutcomeAssessment } from './status';

export function metricKey(outcomeId: string, metricId: string): string {
  return `${outcomeId}/${metricId}`;
}

export function jobsOf(model: OutcomeModel): MetricJob[] {
  return model.outcomes.flatMap((outcome) =>
    outcome.metrics.map((metric) => ({
      key: metricKey(outcome.id, metric.spec.id),
      outcomeId: outcome.id,
      metric: metric.spec,
      ...(metric.source ? { source: metric.source } : {}),
      folder: model.folder,
    })),
  );
}

export function timingsOf(model: OutcomeModel): OutcomeTiming[] {
  return model.outcomes.map((outcome) => ({
    id: outcome.id,
    status: outcome.status,
    ...(outcome.spec.start !== undefined ? { start: outcome.spec.start } : {}),
    ...(outcome.spec.due !== undefined ? { due: outcome.spec.due } : {}),
    ...(outcome.parentId !== undefined ? { parentId: outcome.parentId } : {}),
  }));
}

export interface MetricStatusView {
  outcomeId: string;
  metricId: string;
  reading: MetricReading;
  assessment: MetricAssessment;
}

export interface ModelStatus {
  metrics: ReadonlyMap<string, MetricStatusView>;
  outcomes: ReadonlyMap<string, OutcomeAssessment>;
}

/** Every metric's and outcome's status at `now`, from the current readings. */
export function assessModel(model: OutcomeModel, readingOf: (key: string) => MetricReading | undefined, now: number): ModelStatus {
  const timings = timingsOf(model);
  const timingById = new Map(timings.map((t) => [t.id, t]));
  const metrics = new Map<string, MetricStatusView>();
  const byOutcome = new Map<string, (MetricAssessment & { metricId: string })[]>();
  for (const outcome of model.outcomes) {
    const list: (MetricAssessment & { metricId: string })[] = [];
    for (const metric of outcome.metrics) {
      const key = metricKey(outcome.id, metric.spec.id);
      const reading = readingOf(key) ?? emptyReading;
      const timing = timingById.get(outcome.id);
      const assessment = assessMetric({ metric: metric.spec, reading, settings: model.settings, now, ...(timing ? { timing } : {}) });
      metrics.set(key, { outcomeId: outcome.id, metricId: metric.spec.id, reading, assessment });
      list.push({ ...assessment, metricId: metric.spec.id });
    }
    byOutcome.set(outcome.id, list);
  }
  return { metrics, outcomes: assessOutcomes(timings, byOutcome) };
}
