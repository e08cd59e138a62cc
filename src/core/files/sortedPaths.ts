// The order paths are listed in (JavaScript's string order: UTF-16 code units, which for the
// paths git lists is also git's order), lookups in a sorted list without a set of 60,000
// entries, and two sorted lists merged or compared.

/** That order, for `sort`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Where `path` is in `sorted`, or would go: the first index whose entry is not before it. A
 * list of anything else sorted by path names its path with `pathOf`.
 */
export function sortedPosition(sorted: readonly string[], path: string): number;
export function sortedPosition<T>(sorted: readonly T[], path: string, pathOf: (item: T) => string): number;
export function sortedPosition<T>(sorted: readonly T[], path: string, pathOf?: (item: T) => string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const item = sorted[middle] as T;
    if ((pathOf ? pathOf(item) : (item as string)) < path) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether `sorted` holds `path`. */
export function sortedIncludes(sorted: readonly string[], path: string): boolean {
  return sorted[sortedPosition(sorted, path)] === path;
}

/** The entries of sorted `after` that sorted `before` lacks (`added`), and those it lost (`removed`); each sorted. */
export function sortedChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const old = before[i];
    const now = after[j];
    if (old === now) {
      i++;
      j++;
    } else if (now === undefined || (old !== undefined && old < now)) {
      removed.push(old as string);
      i++;
    } else {
      added.push(now);
      j++;
    }
  }
  return { added, removed };
}

/** The union of two ascending lists, ascending. */
export function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return [...a];
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      merged.push(x as string);
      i++;
    } else {
      if (x === y) i++;
      merged.push(y);
      j++;
    }
  }
  return merged;
}
