// `outcome-lens status`: fetches every metric once and prints where each outcome stands, as a
// table or JSON, optionally failing the run (for CI) when an outcome is off track or at risk.
import type { OutcomeModel } from '../../core/config/model';
import type { MetricSpec } from '../../core/config/schema';
import { createFileMetricCache } from '../../core/metrics/metricCache';
import type { MetricCache } from '../../core/metrics/metricCache';
import { MetricEngine } from '../../core/metrics/metricEngine';
import type { ModelStatus } from '../../core/metrics/modelStatus';
import { assessModel, jobsOf, metricKey } from '../../core/metrics/modelStatus';
import { nodeCommandRunner } from '../../core/metrics/nodeCommandRunner';
import { environmentSecrets } from '../../core/metrics/secrets';
import type { MetricStatus } from '../../core/metrics/status';
import { parseTimestamp } from '../../core/metrics/timestamps';
import { nodeFileSystem } from '../../core/node/nodeHost';
import type { Clock, Logger } from '../../core/ports';
import { UsageError } from '../cliCommand';
import type { CliCommand, CliInvocation, CliIo } from '../cliCommand';
import { cliCacheDirectory, loadModelOrReport } from '../loadModel';

export type FailOn = 'off-track' | 'at-risk';

const failOnValues: readonly FailOn[] = ['off-track', 'at-risk'];

/** Which outcome statuses fail the run for each `--fail-on` value. */
const failingStatuses: Readonly<Record<FailOn, ReadonlySet<MetricStatus>>> = {
  'off-track': new Set(['off-track']),
  'at-risk': new Set(['at-risk', 'off-track']),
};

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
  return {
    outcomes: model.outcomes.map((outcome) => {
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
    }),
  };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

const maxTitleLength = 48;

/** One row per outcome, its metrics indented under it; reasons on their own line when something is wrong. */
export function formatStatusTable(model: OutcomeModel, status: ModelStatus, json: StatusJson): string {
  interface Row {
    label: string;
    progress: string;
    status: string;
    reason?: string;
  }
  const outcomeIdWidth = Math.max(0, ...model.outcomes.map((o) => o.id.length));
  const metricJsons = json.outcomes.flatMap((o) => o.metrics);
  const metricIdWidth = Math.max(0, ...metricJsons.map((m) => m.id.length));
  const rows: Row[] = [];
  for (const [index, outcome] of model.outcomes.entries()) {
    const outcomeJson = json.outcomes[index];
    if (!outcomeJson) continue;
    const title = outcome.spec.title.length > maxTitleLength ? `${outcome.spec.title.slice(0, maxTitleLength - 1)}…` : outcome.spec.title;
    const state = outcome.status === 'active' ? '' : ` [${outcome.status}]`;
    rows.push({
      label: `${outcome.id.padEnd(outcomeIdWidth)}  ${title}${state}`,
      progress: outcomeJson.progress === null ? '' : `progress ${percent(outcomeJson.progress)}`,
      status: outcomeJson.status,
    });
    const valueTexts = outcome.metrics.map((metric, i) => valueText(metric.spec, outcomeJson.metrics[i]?.value ?? null));
    for (const [i, metric] of outcome.metrics.entries()) {
      const metricJson = outcomeJson.metrics[i];
      const view = status.metrics.get(metricKey(outcome.id, metric.spec.id));
      if (!metricJson || !view) continue;
      const progress =
        metricJson.progress === null ? '' : `progress ${percent(metricJson.progress)}${metricJson.expected === null ? '' : ` (expected ${percent(metricJson.expected)})`}`;
      const row: Row = { label: `  ${metric.spec.id.padEnd(metricIdWidth)}  ${valueTexts[i] ?? ''}`, progress, status: metricJson.status };
      // Why a metric cannot be judged; an informational metric (no target) needs no excuse.
      const unjudged = metricJson.status === 'error' || metricJson.status === 'stale' || (metricJson.status === 'no-data' && view.assessment.counts);
      if (unjudged) row.reason = view.assessment.reason;
      rows.push(row);
    }
  }
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  const progressWidth = Math.max(0, ...rows.map((r) => r.progress.length));
  const lines: string[] = [];
  for (const row of rows) {
    const progress = progressWidth === 0 ? '' : `${row.progress.padEnd(progressWidth)}  `;
    lines.push(`${row.label.padEnd(labelWidth)}  ${progress}${row.status}`);
    if (row.reason !== undefined) lines.push(`      ${row.status}: ${row.reason.replace(/\r?\n/g, ' ')}`);
  }
  lines.push('', summaryLine(json));
  return lines.join('\n') + '\n';
}

function valueText(metric: MetricSpec, value: number | null): string {
  const withUnit = (n: number): string => (metric.unit === undefined ? formatNumber(n) : `${formatNumber(n)} ${metric.unit}`);
  const current = value === null ? 'no value' : withUnit(value);
  const { target, min, max } = metric;
  if (target !== undefined && metric.direction !== 'range') return `${current} → ${withUnit(target)}`;
  if (min !== undefined && max !== undefined) return `${current} → ${formatNumber(min)}..${withUnit(max)}`;
  if (min !== undefined) return `${current} → ≥ ${withUnit(min)}`;
  if (max !== undefined) return `${current} → ≤ ${withUnit(max)}`;
  return current;
}

/** Up to three decimals, without trailing zeros or float noise (3.4000000000000004 → 3.4). */
function formatNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function summaryLine(json: StatusJson): string {
  const counts = new Map<MetricStatus, number>();
  for (const outcome of json.outcomes) counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
  const order: readonly MetricStatus[] = ['off-track', 'at-risk', 'error', 'stale', 'no-data', 'on-track', 'achieved'];
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s) ?? 0} ${s}`);
  const total = json.outcomes.length;
  return `${total} outcome${total === 1 ? '' : 's'}${parts.length === 0 ? '' : `: ${parts.join(', ')}`}`;
}

/**
 * The time the status rule is evaluated at. `OUTCOME_LENS_NOW` (an ISO 8601 date or date-time)
 * pins it, for reproducible output in tests and demos; it is also the engine's clock, so
 * `static` values without `asOf` are dated at that time. Fetches still happen for real.
 */
function clockOf(env: NodeJS.ProcessEnv): Clock {
  const pinned = env['OUTCOME_LENS_NOW'];
  if (pinned === undefined || pinned === '') return { now: () => Date.now() };
  const time = parseTimestamp(pinned);
  if (time === undefined) throw new UsageError(`OUTCOME_LENS_NOW must be an ISO 8601 date or date-time, not "${pinned}"`);
  return { now: () => time };
}

function cacheOf(invocation: CliInvocation, logger: Logger): MetricCache | undefined {
  if (invocation.values['no-cache'] === true) return undefined;
  return createFileMetricCache(cliCacheDirectory(invocation.io.env), logger);
}

function stderrLogger(io: CliIo): Logger {
  // Metric failures already appear in the output, with their reason; only problems that would
  // otherwise go unseen (an unreadable cache, an internal error) are written to stderr.
  return {
    error: (message) => io.stderr(`outcome-lens status: ${message}\n`),
    warn: (message) => {
      if (message.startsWith('metric cache')) io.stderr(`outcome-lens status: warning: ${message}\n`);
    },
    info: () => undefined,
    debug: () => undefined,
  };
}

async function readings(model: OutcomeModel, invocation: CliInvocation, clock: Clock): Promise<ModelStatus> {
  const logger = stderrLogger(invocation.io);
  const engine = new MetricEngine({
    jobs: jobsOf(model),
    settings: model.settings,
    secrets: environmentSecrets(invocation.io.env),
    fetch,
    fs: nodeFileSystem,
    clock,
    logger,
    // The CLI runs in the user's own shell, on a folder they chose: it is trusted, like a
    // trusted workspace (commands run, secrets are sent).
    trusted: true,
    exec: nodeCommandRunner,
    cache: cacheOf(invocation, logger),
    // One pass: no schedule. Retry timers after failures are unref'd and cancelled by dispose().
    refreshIntervalMs: 0,
  });
  try {
    await engine.start();
    await engine.refreshAll();
  } finally {
    engine.dispose();
  }
  return assessModel(model, (key) => engine.reading(key), clock.now());
}

async function runStatus(invocation: CliInvocation): Promise<number> {
  const { root, json, values, io } = invocation;
  const failOnValue = values['fail-on'];
  if (failOnValue !== undefined && (typeof failOnValue !== 'string' || !(failOnValues as readonly string[]).includes(failOnValue))) {
    throw new UsageError(`--fail-on must be one of ${failOnValues.join(', ')}, not "${String(failOnValue)}"`);
  }
  const failOn = failOnValue as FailOn | undefined;
  const clock = clockOf(io.env);

  const model = await loadModelOrReport('status', root, io);
  if (!model) return 2;
  const status = await readings(model, invocation, clock);
  const document = statusToJson(model, status);
  io.stdout(json ? JSON.stringify(document, null, 2) + '\n' : formatStatusTable(model, status, document));

  const errors = model.problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) {
    io.stderr(`outcome-lens status: config has ${errors} error${errors === 1 ? '' : 's'}; run outcome-lens check\n`);
    return 2;
  }
  if (failOn === undefined) return 0;
  // Paused and dropped outcomes are shown but never fail the run: the team has set them aside.
  const failing = [...status.outcomes.values()].some((outcome) => outcome.counts && failingStatuses[failOn].has(outcome.status));
  return failing ? 1 : 0;
}

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Fetch every metric once and show whether each outcome is on track (exit 1 with --fail-on when one is not).',
  usage: '[--root DIR] [--json] [--fail-on off-track|at-risk] [--no-cache]',
  options: { 'fail-on': { type: 'string' }, 'no-cache': { type: 'boolean', default: false } },
  allowPositionals: false,
  run: runStatus,
};
