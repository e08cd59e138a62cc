// How values and statuses read, the same in the editor and the CLI.
import type { MetricStatus } from './status';

const statusLabels: Record<MetricStatus, string> = {
  achieved: 'achieved',
  'on-track': 'on track',
  'at-risk': 'at risk',
  'off-track': 'off track',
  'no-data': 'no data',
  stale: 'stale',
  error: 'error',
};

export function statusLabel(status: MetricStatus): string {
  return statusLabels[status];
}

/** `3.42 %`, `412 ms`, `47.5`: three significant digits (whole numbers from 100 up), the unit after a space. */
export function formatValue(value: number | null | undefined, unit: string | undefined): string {
  if (value === null || value === undefined) return '—';
  const rounded = Math.abs(value) >= 100 ? Math.round(value).toString() : Number(value.toPrecision(3)).toString();
  return unit ? `${rounded} ${unit}` : rounded;
}

/** `38%`: a fraction as a whole percentage. */
export function formatPercent(fraction: number): string;
export function formatPercent(fraction: number | undefined): string | undefined;
export function formatPercent(fraction: number | undefined): string | undefined {
  return fraction === undefined ? undefined : `${Math.round(fraction * 100)}%`;
}
