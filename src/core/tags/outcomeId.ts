// What an outcome ID looks like wherever one is written: tags, trailers, commit messages.

export const outcomeIdPattern = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export function isOutcomeIdStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isOutcomeIdChar(code: number): boolean {
  return isOutcomeIdStart(code) || (code >= 48 && code <= 57) || code === 95 /* _ */ || code === 46 /* . */ || code === 45 /* - */;
}

/**
 * Length of `raw` once trailing `.` and `-` are dropped: they end sentences and arrows
 * (`@outcome KR-1.`, `<!-- @outcome KR-1-->`) far more often than they end an ID.
 */
export function trimmedOutcomeIdLength(raw: string): number {
  let end = raw.length;
  while (end > 1 && (raw.charCodeAt(end - 1) === 46 || raw.charCodeAt(end - 1) === 45)) end--;
  return end;
}

/**
 * The outcome ID in a free-standing token (`KR-1`, `(KR-1)`, `KR-1.`) once surrounding
 * punctuation is dropped, or undefined when what remains is not an ID.
 */
export function normalizeOutcomeId(raw: string): string | undefined {
  let start = 0;
  let end = raw.length;
  while (start < end && !isOutcomeIdStart(raw.charCodeAt(start))) start++;
  while (end > start && !isOutcomeIdChar(raw.charCodeAt(end - 1))) end--;
  const token = raw.slice(start, end);
  const id = token.slice(0, trimmedOutcomeIdLength(token));
  return outcomeIdPattern.test(id) ? id : undefined;
}
