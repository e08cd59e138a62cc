// "Did you mean …?" suggestions, by edit distance. Shared by the config loader (keys, IDs,
// source names) and anything else that reports a name it does not know.

/**
 * Optimal string alignment distance: Levenshtein plus adjacent transpositions, so the
 * common typo `pahts` is one edit from `paths`, not two.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the transposition step looks two rows back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The default tolerance: about one typo per three characters, at least one. */
export function defaultMaxDistance(input: string): number {
  return Math.max(1, Math.floor(input.length / 3));
}

/**
 * The candidate closest to `input`, or `undefined` when none is within `maxDistance`.
 * Case differences are free (`Title` → `title`); ties go to the earliest candidate, so
 * callers control preference by order.
 */
export function closestMatch(input: string, candidates: Iterable<string>, maxDistance = defaultMaxDistance(input)): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}
