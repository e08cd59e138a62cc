// `outcome-lens status`: fetches every metric once and prints where each outcome stands, as a
// table or JSON, optionally failing the run (for CI) when an outcome is off track or at risk.
import type { OutcomeModel } from '../../core/config/model';
import type { MetricSpec } from '../../core/config/schema';
import type { ModelStatus } from '../../core/metrics/modelStatus';
import { formatPercent, formatValue } from '../../core/metrics/metricText';
import { metricKey } from '../../core/metrics/modelStatus';
import type { MetricStatus } from '../../core/metrics/status';
import { statusToJson } from '../../core/metrics/statusJson';
import type { StatusJson } from '../../core/metrics/statusJson';
import { UsageError } from '../cliCommand';
import type { CliCommand, CliInvocation } from '../cliCommand';
import { loadModelOrReport, reportConfigErrors } from '../loadModel';
import { cliClock, fetchModelStatus } from '../metricReadings';

export type FailOn = 'off-track' | 'at-risk';

const failOnValues: readonly FailOn[] = ['off-track', 'at-risk'];

/** Which outcome statuses fail the run for each `--fail-on` value. */
const failingStatuses: Readonly<Record<FailOn, ReadonlySet<MetricStatus>>> = {
  'off-track': new Set(['off-track']),
  'at-risk': new Set(['at-risk', 'off-track']),
};

export type { StatusJson, StatusMetricJson, StatusOutcomeJson } from '../../core/metrics/statusJson';
export { statusToJson };

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
      progress: outcomeJson.progress === null ? '' : `progress ${formatPercent(outcomeJson.progress)}`,
      status: outcomeJson.status,
    });
    const valueTexts = outcome.metrics.map((metric, i) => valueText(metric.spec, outcomeJson.metrics[i]?.value ?? null));
    for (const [i, metric] of outcome.metrics.entries()) {
      const metricJson = outcomeJson.metrics[i];
      const view = status.metrics.get(metricKey(outcome.id, metric.spec.id));
      if (!metricJson || !view) continue;
      const progress =
        metricJson.progress === null ? '' : `progress ${formatPercent(metricJson.progress)}${metricJson.expected === null ? '' : ` (expected ${formatPercent(metricJson.expected)})`}`;
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

/** Numbers read as in the editor (formatValue): `3.42 % → 4 %`. */
function valueText(metric: MetricSpec, value: number | null): string {
  const withUnit = (n: number): string => formatValue(n, metric.unit);
  const current = value === null ? 'no value' : withUnit(value);
  const { target, min, max } = metric;
  if (target !== undefined && metric.direction !== 'range') return `${current} → ${withUnit(target)}`;
  if (min !== undefined && max !== undefined) return `${current} → ${formatValue(min, undefined)}..${withUnit(max)}`;
  if (min !== undefined) return `${current} → ≥ ${withUnit(min)}`;
  if (max !== undefined) return `${current} → ≤ ${withUnit(max)}`;
  return current;
}

function summaryLine(json: StatusJson): string {
  const counts = new Map<MetricStatus, number>();
  for (const outcome of json.outcomes) counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
  const order: readonly MetricStatus[] = ['off-track', 'at-risk', 'error', 'stale', 'no-data', 'on-track', 'achieved'];
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s) ?? 0} ${s}`);
  const total = json.outcomes.length;
  return `${total} outcome${total === 1 ? '' : 's'}${parts.length === 0 ? '' : `: ${parts.join(', ')}`}`;
}

async function runStatus(invocation: CliInvocation): Promise<number> {
  const { root, json, values, io } = invocation;
  const failOnValue = values['fail-on'];
  if (failOnValue !== undefined && (typeof failOnValue !== 'string' || !(failOnValues as readonly string[]).includes(failOnValue))) {
    throw new UsageError(`--fail-on must be one of ${failOnValues.join(', ')}, not "${String(failOnValue)}"`);
  }
  const failOn = failOnValue as FailOn | undefined;
  const clock = cliClock(io.env);

  const model = await loadModelOrReport('status', root, io);
  if (!model) return 2;
  const status = await fetchModelStatus('status', model, invocation, clock);
  const document = statusToJson(model, status);
  io.stdout(json ? JSON.stringify(document, null, 2) + '\n' : formatStatusTable(model, status, document));

  if (reportConfigErrors('status', model, io)) return 2;
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
