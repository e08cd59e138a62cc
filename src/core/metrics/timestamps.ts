// Reading times from configs and exports: ISO dates and date-times, or epoch numbers.

/**
 * Milliseconds since the epoch, or `undefined`. A bare date (`2026-10-01`) is midnight UTC;
 * a date-time without an offset is read as UTC too, so every machine reads the same instant.
 * Numbers are epoch seconds, or epoch milliseconds when too large to be seconds (≥ 1e11).
 */
export function parseTimestamp(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const number = Number(trimmed);
    return number >= 1e11 ? number : number * 1000;
  }
  const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (isoDate) return utcDate(Number(isoDate[1]), Number(isoDate[2]), Number(isoDate[3]));
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(trimmed)) return undefined;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  const parsed = Date.parse(withZone.replace(' ', 'T'));
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Midnight UTC of a calendar date, or `undefined` when the date does not exist (2026-02-30). */
export function utcDate(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? ms : undefined;
}
