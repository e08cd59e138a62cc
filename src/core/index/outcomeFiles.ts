// The files serving each outcome, in one pass over the index (asking the index per outcome
// would cost outcomes × files). The Outcomes view reads it for every outcome it draws.
import type { OutcomeReason, ReasonKind } from './reasons';
import { reasonKinds } from './reasons';
import { sortedPosition } from '../files/sortedPaths';

export interface OutcomeFile {
  /** `/`-separated, relative to the root. */
  path: string;
  /** The kinds of reasons it serves the outcome by, in kind order, each once (shared: do not change). */
  kinds: readonly ReasonKind[];
}

interface ServedOutcome {
  outcomeId: string;
  reasons: readonly OutcomeReason[];
}

interface IndexView {
  /** Every file with the outcomes it serves, in path order (trivial files without an object each). */
  forEachFile(visit: (path: string, outcomes: readonly ServedOutcome[]) => void): void;
}

const kindBit = new Map(reasonKinds.map((kind, i) => [kind, 1 << i]));

/** Every set of kinds, by its bit mask: tens of thousands of files share a handful of arrays. */
const kindSets: readonly (readonly ReasonKind[])[] = Array.from({ length: 1 << reasonKinds.length }, (_, mask) =>
  Object.freeze(reasonKinds.filter((_kind, i) => mask & (1 << i))),
);

const pathOf = (file: OutcomeFile): string => file.path;

/** The kinds of reasons as a bit mask (path 1, tag 2, ticket 4, history 8). */
function kindMask(reasons: readonly OutcomeReason[]): number {
  let mask = 0;
  for (const reason of reasons) mask |= kindBit.get(reason.kind) ?? 0;
  return mask;
}

/**
 * Whether a file serves the same outcomes by the same kinds of reasons in both lists (lines
 * and rules aside): when it does, the file lists `filesByOutcome` gives are unchanged by it.
 */
export function sameFileOutcomes(a: readonly ServedOutcome[], b: readonly ServedOutcome[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((outcome, i) => {
    const other = b[i];
    return other !== undefined && outcome.outcomeId === other.outcomeId && kindMask(outcome.reasons) === kindMask(other.reasons);
  });
}

/**
 * Outcome ID → its files, sorted by path; outcomes served by no file are absent. One pass that
 * allocates little, since the Outcomes view asks again after every change to the index.
 */
export function filesByOutcome(index: IndexView): Map<string, OutcomeFile[]> {
  const byOutcome = new Map<string, OutcomeFile[]>();
  index.forEachFile((path, outcomes) => {
    for (const outcome of outcomes) {
      const kinds = kindSets[kindMask(outcome.reasons)] ?? [];
      const list = byOutcome.get(outcome.outcomeId);
      if (list) list.push({ path, kinds });
      else byOutcome.set(outcome.outcomeId, [{ path, kinds }]);
    }
  });
  return byOutcome;
}

/** A file re-indexed: what it served before and serves now (empty: not in the index). */
export interface FileOutcomesChange {
  path: string;
  before: readonly ServedOutcome[];
  after: readonly ServedOutcome[];
}

/**
 * Brings `byOutcome` (as `filesByOutcome` made it) up to date with a few re-indexed files, in
 * place: each file leaves the lists of the outcomes it served and joins, in path order, those
 * it serves now. Costs the lists it touches, not a pass over the index.
 */
export function patchFilesByOutcome(byOutcome: Map<string, OutcomeFile[]>, changes: readonly FileOutcomesChange[]): void {
  for (const { path, before, after } of changes) {
    if (sameFileOutcomes(before, after)) continue;
    for (const outcome of before) {
      const list = byOutcome.get(outcome.outcomeId);
      const at = list ? sortedPosition(list, path, pathOf) : -1;
      if (!list || list[at]?.path !== path) continue;
      list.splice(at, 1);
      if (list.length === 0) byOutcome.delete(outcome.outcomeId);
    }
    for (const outcome of after) {
      const file: OutcomeFile = { path, kinds: kindSets[kindMask(outcome.reasons)] ?? [] };
      const list = byOutcome.get(outcome.outcomeId);
      if (!list) {
        byOutcome.set(outcome.outcomeId, [file]);
        continue;
      }
      // Already listed when changes reach the caller out of order (a disk burst's report
      // arriving after a buffer's): replaced, never listed twice.
      const at = sortedPosition(list, path, pathOf);
      if (list[at]?.path === path) list[at] = file;
      else list.splice(at, 0, file);
    }
  }
}
