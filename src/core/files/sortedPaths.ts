// The order paths are listed in (JavaScript's string order: UTF-16 code units, which for the
// paths git lists is also git's order), and lookups in a sorted list without a set of 60,000
// entries.

/** That order, for `sort`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where `path` is in `sorted`, or would go: the first index whose entry is not before it. */
export function sortedPosition(sorted: readonly string[], path: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < path) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether `sorted` holds `path`. */
export function sortedIncludes(sorted: readonly string[], path: string): boolean {
  return sorted[sortedPosition(sorted, path)] === path;
}
