// Errors from metric sources, worded for the person reading the status, plus the value checks
// every source shares (NaN, infinities, numbers sent as strings).

/** A failure to show the user as is: it names the cause and never contains a secret. */
export class MetricSourceError extends Error {
  override readonly name = 'MetricSourceError';
}

/** An abort signal's reason as an `Error` (it is one unless someone aborted with a non-Error). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Throws a clear error for NaN and ±Infinity, which JSON tools and PromQL produce on division by zero. */
export function assertFiniteValue(value: number, what: string): void {
  if (Number.isNaN(value)) throw new MetricSourceError(`${what} is NaN (not a number; often a division by zero)`);
  if (!Number.isFinite(value)) throw new MetricSourceError(`${what} is ${value > 0 ? '+Inf' : '-Inf'} (infinite; often a division by zero)`);
}

/**
 * Reads a metric value from a JSON value: a number, or a string holding one (APIs often quote
 * numbers). Anything else is an error naming what was found.
 */
export function toMetricValue(raw: unknown, where: string): number {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && raw.trim() !== '' && /^[\s+-]*(\d|\.\d|nan|inf)/i.test(raw)) value = parseNumber(raw);
  else throw new MetricSourceError(`${where} is ${describeJsonValue(raw)}, not a number`);
  assertFiniteValue(value, where);
  return value;
}

function parseNumber(text: string): number {
  const trimmed = text.trim();
  if (/^[+-]?inf(inity)?$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  return Number(trimmed);
}

function describeJsonValue(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'string') return `the string ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}`;
  return typeof raw === 'object' ? 'an object' : `a ${typeof raw}`;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

