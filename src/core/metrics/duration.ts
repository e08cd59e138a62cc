// Durations in outcomes.yaml: a number of seconds, or `30s`, `5m`, `1h30m`, `2d`, `1w`.
import type { DurationSpec } from '../config/schema';

const unitMs: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds, or `undefined` for a missing or unreadable duration (the schema reports those). */
export function durationToMs(duration: DurationSpec | undefined): number | undefined {
  if (duration === undefined) return undefined;
  if (typeof duration === 'number') return Number.isFinite(duration) && duration >= 0 ? duration * 1000 : undefined;
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(duration); match; match = part.exec(duration)) {
    total += Number(match[1]) * (unitMs[match[2] ?? ''] ?? Number.NaN);
    consumed = part.lastIndex;
  }
  return consumed === duration.length && consumed > 0 && Number.isFinite(total) ? total : undefined;
}

/** `90000` → `1m30s`, for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('');
}
