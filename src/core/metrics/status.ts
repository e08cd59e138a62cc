// Metric and outcome status: pure functions of the config, the reading and the time.
import type { DirectionValue, MetricSpec, TeamSettingsSpec } from '../config/schema';
import type { MetricReading, OutcomeTiming } from './metricTypes';
import { durationToMs, formatDuration } from './duration';
import { parseTimestamp } from './timestamps';

/*
 * THE STATUS RULE (the README copies this block; keep the two in step)
 *
 * Progress of a metric with value v, baseline b and target t:
 *   progress = (v − b) / (t − b)          0 at the baseline, 1 at the target, negative when worse
 *   direction: `direction` if given, else `increase` when t ≥ b, `decrease` when t < b, and
 *   `increase` when there is no baseline. Without a baseline, or with b = t, the formula cannot
 *   apply: progress is 1 when the target is met (v ≥ t for increase, v ≤ t for decrease);
 *   otherwise it is 0 when b = t, and unknown without a baseline.
 *   Range metrics (a `min` and/or `max`, with `direction: range` or without a `target`):
 *   inside [min, max] (bounds included; a missing bound is open) progress is 1. Outside, with
 *   d the distance to the nearest bound, progress = 1 − d / D, where D is the baseline's
 *   distance outside the range when the baseline lies outside it, else max − min; with
 *   neither, progress is unknown.
 *   A metric with no target and no min/max is informational: it is shown, never judged (rules
 *   1 and 2 below still apply; with a value its status is no-data, "no target"), and it does
 *   not count towards its outcome.
 *
 * Expected progress, for an `active` outcome with both `start` and `due`:
 *   expected = (now − start) / (end of due − start), clamped to 0..1. Dates are UTC days:
 *   start at 00:00 UTC of `start`, due at 24:00 UTC of `due` (the due day is included).
 *
 * Metric status, first match wins:
 *   1. error      no value, and the last refresh failed (the reason is the source's error)
 *   2. no-data    no value yet (or no target: see above)
 *   3. stale      a value, but the source is failing now, or the value is older than
 *                 staleAfter (the metric's, else settings.staleAfter, else never), or it
 *                 comes from the cache and has not been refreshed yet. The status the value
 *                 itself would have is kept alongside (`valueStatus`).
 *   4. achieved   progress ≥ 1
 *   5. at-risk    progress unknown (no baseline and target not met; range without a scale)
 *   6. off-track  the outcome is active, has a `due` date, and the due day is over (even
 *                 without a `start`)
 *   7. with expected progress (E > 0), by ratio = progress / E:
 *                 on-track   ratio ≥ atRiskBelow (default 0.9)
 *                 at-risk    offTrackBelow (default 0.6) ≤ ratio < atRiskBelow
 *                 off-track  ratio < offTrackBelow
 *      E = 0 (before start): on-track
 *   8. without expected progress (no start or no due, or the outcome is paused, dropped or achieved):
 *                 on-track   progress > 0 (moving the right way since the baseline)
 *                 at-risk    progress ≤ 0
 *      Without a schedule we never say off-track: that is a claim about time.
 *
 * Outcome status:
 *   - `status: achieved` in the config: achieved, whatever its metrics say (the team decided).
 *   - otherwise the worst status among its judged metrics and its counted children, in the
 *     severity order off-track > at-risk > error > stale > no-data > on-track > achieved:
 *     known bad news comes first, then anything that cannot be judged (so an outcome is
 *     never shown on track while one of its metrics is broken), then good news.
 *   - nothing to judge (no metrics with a target, no counted children): no-data.
 *   - an objective (an outcome with children) rolls up its children the same way.
 *   - `paused` and `dropped` outcomes get a status by the same rule (their metrics judged
 *     without a schedule) but do not count towards their parent.
 */

export type MetricStatus = 'achieved' | 'on-track' | 'at-risk' | 'off-track' | 'no-data' | 'stale' | 'error';

/** Higher is worse. */
export const statusSeverity: Readonly<Record<MetricStatus, number>> = {
  achieved: 0,
  'on-track': 1,
  'no-data': 2,
  stale: 3,
  error: 4,
  'at-risk': 5,
  'off-track': 6,
};

export const defaultAtRiskBelow = 0.9;
export const defaultOffTrackBelow = 0.6;

export function worstStatus(statuses: Iterable<MetricStatus>): MetricStatus | undefined {
  let worst: MetricStatus | undefined;
  for (const status of statuses) if (worst === undefined || statusSeverity[status] > statusSeverity[worst]) worst = status;
  return worst;
}

export interface MetricAssessment {
  status: MetricStatus;
  /** One line saying why, for hovers and the CLI. */
  reason: string;
  /** Unclamped: 0 at the baseline, 1 at the target. */
  progress?: number;
  /** 0..1, when the outcome has a schedule. */
  expected?: number;
  direction?: DirectionValue;
  /** For `stale`: the status the (old) value itself would have. */
  valueStatus?: MetricStatus;
  /** Whether the metric counts towards its outcome (informational metrics do not). */
  counts: boolean;
}

export interface Progress {
  direction: DirectionValue;
  /** `undefined` when it cannot be measured; `reason` then says why. */
  progress?: number;
  reason?: string;
}

/** Progress towards the target, or `undefined` for a metric without target or range. */
export function progressOf(metric: MetricSpec, value: number): Progress | undefined {
  const { baseline, target, min, max } = metric;
  const hasBound = min !== undefined || max !== undefined;
  const isRange = hasBound && (metric.direction === 'range' || (metric.direction === undefined && target === undefined));
  if (isRange) return rangeProgress(value, min, max, baseline);
  if (target === undefined) return undefined;
  const direction: DirectionValue = metric.direction ?? (baseline !== undefined && target < baseline ? 'decrease' : 'increase');
  const met = direction === 'decrease' ? value <= target : value >= target;
  if (baseline === undefined) {
    return met ? { direction, progress: 1 } : { direction, reason: 'target not reached, and without a baseline progress cannot be measured' };
  }
  if (baseline === target) return { direction, progress: met ? 1 : 0 };
  return { direction, progress: (value - baseline) / (target - baseline) };
}

function rangeProgress(value: number, min: number | undefined, max: number | undefined, baseline: number | undefined): Progress {
  const distanceOutside = (v: number): number => (min !== undefined && v < min ? min - v : max !== undefined && v > max ? v - max : 0);
  const distance = distanceOutside(value);
  if (distance === 0) return { direction: 'range', progress: 1 };
  const baselineDistance = baseline === undefined ? 0 : distanceOutside(baseline);
  const scale = baselineDistance > 0 ? baselineDistance : min !== undefined && max !== undefined && max > min ? max - min : undefined;
  if (scale === undefined) return { direction: 'range', reason: 'outside the range, and without a baseline or both bounds progress cannot be measured' };
  return { direction: 'range', progress: 1 - distance / scale };
}

const dayMs = 86_400_000;

export interface Schedule {
  /** 0..1, when both start and due are valid and start is before the end of the due day. */
  expected?: number;
  /** The due day is over. */
  pastDue: boolean;
}

export function scheduleOf(timing: OutcomeTiming | undefined, now: number): Schedule {
  const start = timing?.start === undefined ? undefined : parseTimestamp(timing.start);
  const dueDay = timing?.due === undefined ? undefined : parseTimestamp(timing.due);
  const dueEnd = dueDay === undefined ? undefined : dueDay + dayMs;
  const pastDue = dueEnd !== undefined && now >= dueEnd;
  if (start === undefined || dueEnd === undefined || dueEnd <= start) return { pastDue };
  return { expected: Math.min(1, Math.max(0, (now - start) / (dueEnd - start))), pastDue };
}

export interface StatusThresholds {
  atRiskBelow: number;
  offTrackBelow: number;
}

export function thresholdsOf(settings: TeamSettingsSpec | undefined): StatusThresholds {
  const atRiskBelow = settings?.atRiskBelow ?? defaultAtRiskBelow;
  // offTrackBelow above atRiskBelow would make at-risk unreachable; the stricter one wins.
  return { atRiskBelow, offTrackBelow: Math.min(settings?.offTrackBelow ?? defaultOffTrackBelow, atRiskBelow) };
}

export interface AssessMetricInput {
  metric: MetricSpec;
  reading: MetricReading;
  /** The metric's outcome; absent means no schedule and active. */
  timing?: OutcomeTiming;
  settings?: TeamSettingsSpec;
  now: number;
}

export function assessMetric(input: AssessMetricInput): MetricAssessment {
  const { metric, reading, now } = input;
  const counts = metric.target !== undefined || metric.min !== undefined || metric.max !== undefined;

  if (reading.value === null) {
    if (reading.error !== undefined) return { status: 'error', reason: reading.error, counts };
    return { status: 'no-data', reason: metric.source === undefined ? 'no source configured' : 'no value yet', counts };
  }
  const progress = progressOf(metric, reading.value);
  if (!progress) return { status: 'no-data', reason: 'no target: shown for information', counts: false };

  const active = (input.timing?.status ?? 'active') === 'active';
  const schedule = active ? scheduleOf(input.timing, now) : { pastDue: false };
  const judged = judgeProgress(progress, schedule, thresholdsOf(input.settings));
  const details = {
    ...(progress.progress === undefined ? {} : { progress: progress.progress }),
    ...(schedule.expected === undefined ? {} : { expected: schedule.expected }),
    direction: progress.direction,
    counts: true,
  };

  const staleReason = staleness(metric, reading, input.settings, now);
  if (staleReason !== undefined) return { status: 'stale', reason: staleReason, valueStatus: judged.status, ...details };
  return { status: judged.status, reason: judged.reason, ...details };
}

function staleness(metric: MetricSpec, reading: MetricReading, settings: TeamSettingsSpec | undefined, now: number): string | undefined {
  const since = reading.asOf === undefined ? '' : ` from ${new Date(reading.asOf).toISOString()}`;
  if (reading.error !== undefined) return `source failing (${reading.error}); showing the last value${since}`;
  const staleAfter = durationToMs(metric.staleAfter) ?? durationToMs(settings?.staleAfter);
  if (staleAfter !== undefined && reading.asOf !== undefined && now - reading.asOf > staleAfter) {
    return `value is older than ${formatDuration(staleAfter)} (measured${since})`;
  }
  if (reading.stale) return `cached value${since}; not refreshed yet`;
  return undefined;
}

function judgeProgress(measured: Progress, schedule: Schedule, thresholds: StatusThresholds): { status: MetricStatus; reason: string } {
  const { progress } = measured;
  if (progress === undefined) return { status: 'at-risk', reason: measured.reason ?? 'progress cannot be measured' };
  if (progress >= 1) return { status: 'achieved', reason: measured.direction === 'range' ? 'within the range' : 'target reached' };
  const done = percent(progress);
  if (schedule.pastDue) return { status: 'off-track', reason: `past due with progress at ${done}` };
  const expected = schedule.expected;
  if (expected === undefined) {
    return progress > 0
      ? { status: 'on-track', reason: `progress ${done}, moving towards the target (no schedule to compare with)` }
      : { status: 'at-risk', reason: `progress ${done}: not moving towards the target` };
  }
  if (expected === 0) return { status: 'on-track', reason: `progress ${done}; nothing expected yet (before start)` };
  const ratio = progress / expected;
  const comparison = `progress ${done} against ${percent(expected)} expected by now`;
  if (ratio >= thresholds.atRiskBelow) return { status: 'on-track', reason: comparison };
  if (ratio >= thresholds.offTrackBelow) return { status: 'at-risk', reason: `${comparison} (below ${thresholds.atRiskBelow} of expected)` };
  return { status: 'off-track', reason: `${comparison} (below ${thresholds.offTrackBelow} of expected)` };
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export interface OutcomeAssessment {
  status: MetricStatus;
  reason: string;
  /** Whether it counts towards its parent (`paused` and `dropped` outcomes do not). */
  counts: boolean;
}

/**
 * Rolls metric assessments up through the outcome tree. `metricsByOutcome` holds each outcome's
 * metric assessments; an outcome missing from it has no metrics. Cycles (which the config
 * loader reports) are cut rather than followed.
 */
export function assessOutcomes(
  outcomes: readonly OutcomeTiming[],
  metricsByOutcome: ReadonlyMap<string, readonly (MetricAssessment & { metricId?: string })[]>,
): Map<string, OutcomeAssessment> {
  const children = new Map<string, OutcomeTiming[]>();
  for (const outcome of outcomes) {
    if (outcome.parentId === undefined) continue;
    const siblings = children.get(outcome.parentId) ?? [];
    siblings.push(outcome);
    children.set(outcome.parentId, siblings);
  }
  const results = new Map<string, OutcomeAssessment>();
  const inProgress = new Set<string>();

  const assess = (outcome: OutcomeTiming): OutcomeAssessment => {
    const done = results.get(outcome.id);
    if (done) return done;
    inProgress.add(outcome.id);
    const counts = outcome.status === 'active' || outcome.status === 'achieved';
    const contributors: { label: string; status: MetricStatus; reason: string }[] = [];
    for (const [index, metric] of (metricsByOutcome.get(outcome.id) ?? []).entries()) {
      if (metric.counts) contributors.push({ label: `metric ${metric.metricId ?? String(index + 1)}`, status: metric.status, reason: metric.reason });
    }
    for (const child of children.get(outcome.id) ?? []) {
      if (inProgress.has(child.id)) continue;
      const childResult = assess(child);
      if (childResult.counts) contributors.push({ label: child.id, status: childResult.status, reason: childResult.reason });
    }
    inProgress.delete(outcome.id);

    let result: OutcomeAssessment;
    if (outcome.status === 'achieved') {
      result = { status: 'achieved', reason: 'marked achieved', counts };
    } else {
      const worst = worstStatus(contributors.map((item) => item.status));
      const culprit = contributors.find((item) => item.status === worst);
      const prefix = outcome.status === 'active' ? '' : `${outcome.status}; `;
      result =
        worst === undefined || !culprit
          ? { status: 'no-data', reason: `${prefix}no metrics with a target`, counts }
          : { status: worst, reason: `${prefix}${culprit.label}: ${culprit.reason}`, counts };
    }
    results.set(outcome.id, result);
    return result;
  };

  for (const outcome of outcomes) assess(outcome);
  return results;
}
