// The shapes the metric engine works with: what to measure (a job), what a source answers,
// and what the rest of the product reads (a reading). Kept apart from the engine so views,
// the CLI and status rules can import them without pulling in I/O.
import type { MetricSpec, OutcomeStatusValue, SourceSpec } from '../config/schema';

/** One metric to keep up to date. */
export interface MetricJob {
  /** `${outcomeId}/${metricId}`. */
  key: string;
  outcomeId: string;
  metric: MetricSpec;
  /** Fully resolved: a named source merged with the metric's overrides. */
  source?: SourceSpec;
  /** The workspace folder; file paths and commands are relative to it. */
  folder: string;
}

/** What the status rules need to know about an outcome's schedule and place in the tree. */
export interface OutcomeTiming {
  id: string;
  /** YYYY-MM-DD. */
  start?: string;
  /** YYYY-MM-DD, inclusive: the outcome is due by the end of that day (UTC). */
  due?: string;
  status: OutcomeStatusValue;
  parentId?: string;
}

export interface HistoryPoint {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}

/** What a source answers for one fetch. */
export interface SourceResult {
  value: number;
  /** When the value was measured, ms since the epoch. */
  asOf: number;
  history?: HistoryPoint[];
}

/** The current state of one metric, as views and the CLI see it. */
export interface MetricReading {
  value: number | null;
  asOf?: number;
  history: HistoryPoint[];
  /** Why the last refresh failed; absent when it succeeded (or none ran yet). */
  error?: string;
  /** The value is not confirmed by the latest refresh: loaded from the cache, or the source is failing. */
  stale: boolean;
}

export const emptyReading: MetricReading = Object.freeze({ value: null, history: [], stale: false });
