// The whole workspace index as `outcome-lens scan --json` prints it, and how a stored one is
// brought up to date when some files' content changed, or files were added or deleted (the
// output cache's patch: see cli/cliIndex.ts), without indexing the tree again.
import { isTextList } from '../cacheFiles';
import { sortedPosition } from '../files/sortedPaths';
import type { OutcomeReason, ReasonKind } from './reasons';
import { reasonKinds } from './reasons';
import type { WorkspaceIndex } from './workspaceIndex';

export interface ScanJson {
  filesScanned: number;
  untagged: number;
  outcomes: Record<string, { files: string[]; byReason: Record<ReasonKind, string[]> }>;
  unknownIds: { id: string; file: string; line: number }[];
}

/** `index` per outcome: each list sorted; `history` adds history reasons by file (`scan --history`). */
export function scanToJson(index: WorkspaceIndex, history: ReadonlyMap<string, readonly OutcomeReason[]> = new Map()): ScanJson {
  const outcomes: ScanJson['outcomes'] = {};
  const byId = new Map<string, ScanJson['outcomes'][string]>();
  for (const o of index.model.outcomes) {
    const lists = { files: [], byReason: { path: [], tag: [], ticket: [], history: [] } };
    outcomes[o.id] = lists;
    byId.set(o.id, lists);
  }
  // Files come sorted and each is visited once, so every list stays sorted if a file is only
  // added when it is not already the list's last entry.
  const add = (list: string[], file: string) => {
    if (list[list.length - 1] !== file) list.push(file);
  };
  const addReasons = (file: string, reasons: readonly OutcomeReason[]) => {
    for (const reason of reasons) {
      const outcome = byId.get(reason.outcomeId);
      if (!outcome) continue;
      add(outcome.files, file);
      add(outcome.byReason[reason.kind], file);
    }
  };
  let untagged = 0;
  index.forEachFile((file, fileOutcomes) => {
    const fromHistory = history.size === 0 ? undefined : history.get(file);
    if (fileOutcomes.length === 0 && (fromHistory === undefined || fromHistory.length === 0)) {
      untagged++;
      return;
    }
    for (const outcome of fileOutcomes) addReasons(file, outcome.reasons);
    if (fromHistory) addReasons(file, fromHistory);
  });
  return {
    filesScanned: index.size,
    untagged,
    outcomes,
    unknownIds: index.unknownIds().map(({ id, file, line }) => ({ id, file, line })),
  };
}

/** How the files indexed changed: each list sorted, none of `added` among the files before, all of `removed`. */
export interface ListingChange {
  added: readonly string[];
  removed: readonly string[];
}

/**
 * Brings `json` up to date, in place: it was made by `scanToJson` (no history) from an index of
 * the same config and the files before `listing` (none changed, when absent), and `changed`
 * indexes some of the files as they are now, every added one among them. Each of those, and
 * each removed file, is taken out of every list; those of `changed` are put back with what
 * they serve now. So `json` becomes what `scanToJson` gives for the whole tree as it is now (the
 * files `changed` does not hold must read as they did).
 */
export function patchScanJson(json: ScanJson, changed: WorkspaceIndex, listing: ListingChange = { added: [], removed: [] }): void {
  const out = new Set([...changed.files(), ...listing.removed]);
  if (out.size === 0) return;
  // Out of every list; a file listed before that was on none of them served nothing, and was
  // counted untagged.
  const servedBefore = new Set<string>();
  for (const lists of Object.values(json.outcomes)) {
    const kept = withoutAny(lists.files, out, servedBefore);
    if (kept === lists.files) continue;
    lists.files = kept;
    for (const kind of reasonKinds) lists.byReason[kind] = withoutAny(lists.byReason[kind], out);
  }
  const added = new Set(listing.added);
  for (const file of out) if (!servedBefore.has(file) && !added.has(file)) json.untagged--;
  json.filesScanned += listing.added.length - listing.removed.length;

  // Back in, with what each serves now.
  changed.forEachFile((file, fileOutcomes) => {
    if (fileOutcomes.length === 0) {
      json.untagged++;
      return;
    }
    for (const { reasons } of fileOutcomes) {
      for (const reason of reasons) {
        const lists = Object.hasOwn(json.outcomes, reason.outcomeId) ? json.outcomes[reason.outcomeId] : undefined;
        if (!lists) continue;
        insertSorted(lists.files, file);
        insertSorted(lists.byReason[reason.kind], file);
      }
    }
  });
  // Unknown IDs are in file order, then line: the changed files' go where their file sorts.
  const kept = json.unknownIds.filter((u) => !out.has(u.file));
  const now = changed.unknownIds().map(({ id, file, line }) => ({ id, file, line }));
  json.unknownIds = mergeByFile(kept, now);
}

/**
 * A stored `scanToJson` result read back; `undefined` unless it has the shape (as far as a
 * patch relies on it: a damaged entry must cost a miss, not a wrong output).
 */
export function parseScanJson(text: string): ScanJson | undefined {
  try {
    const json = JSON.parse(text) as Partial<ScanJson>;
    if (typeof json !== 'object' || json === null) return undefined;
    if (!Number.isInteger(json.filesScanned) || !Number.isInteger(json.untagged)) return undefined;
    if (!Array.isArray(json.unknownIds) || !json.unknownIds.every((u) => typeof u?.file === 'string' && typeof u.id === 'string' && Number.isInteger(u.line))) return undefined;
    if (typeof json.outcomes !== 'object' || json.outcomes === null || Array.isArray(json.outcomes)) return undefined;
    for (const lists of Object.values(json.outcomes)) {
      if (!isTextList(lists?.files) || typeof lists.byReason !== 'object' || lists.byReason === null) return undefined;
      for (const kind of reasonKinds) if (!isTextList(lists.byReason[kind])) return undefined;
    }
    return json as ScanJson;
  } catch {
    return undefined;
  }
}

/** `list` without the entries in `remove` (the same array when it holds none); those found are added to `found`. */
function withoutAny(list: string[], remove: ReadonlySet<string>, found?: Set<string>): string[] {
  if (!list.some((file) => remove.has(file))) return list;
  return list.filter((file) => {
    if (!remove.has(file)) return true;
    found?.add(file);
    return false;
  });
}

/** Adds `file` to the sorted `list` where it belongs, unless it is there. */
function insertSorted(list: string[], file: string): void {
  const position = sortedPosition(list, file);
  if (list[position] !== file) list.splice(position, 0, file);
}

/** Two lists in file order, merged in file order (`b`'s files are none of `a`'s). */
function mergeByFile<T extends { file: string }>(a: readonly T[], b: readonly T[]): T[] {
  if (b.length === 0) return [...a];
  const merged: T[] = [];
  let i = 0;
  for (const item of b) {
    while (i < a.length && (a[i] as T).file < item.file) merged.push(a[i++] as T);
    merged.push(item);
  }
  while (i < a.length) merged.push(a[i++] as T);
  return merged;
}
