// The files serving each outcome, in one pass over the index (asking the index per outcome
// would cost outcomes × files). The Outcomes view reads it for every outcome it draws.
import type { OutcomeReason, ReasonKind } from './reasons';
import { reasonKinds } from './reasons';

export interface OutcomeFile {
  /** `/`-separated, relative to the root. */
  path: string;
  /** The kinds of reasons it serves the outcome by, in kind order, each once (shared: do not change). */
  kinds: readonly ReasonKind[];
}

interface IndexView {
  /** Every file with the outcomes it serves, in path order (trivial files without an object each). */
  forEachFile(visit: (path: string, outcomes: readonly { outcomeId: string; reasons: readonly OutcomeReason[] }[]) => void): void;
}

const kindBit = new Map(reasonKinds.map((kind, i) => [kind, 1 << i]));

/** Every set of kinds, by its bit mask: tens of thousands of files share a handful of arrays. */
const kindSets: readonly (readonly ReasonKind[])[] = Array.from({ length: 1 << reasonKinds.length }, (_, mask) =>
  Object.freeze(reasonKinds.filter((_kind, i) => mask & (1 << i))),
);

/**
 * Outcome ID → its files, sorted by path; outcomes served by no file are absent. One pass that
 * allocates little, since the Outcomes view asks again after every change to the index.
 */
export function filesByOutcome(index: IndexView): Map<string, OutcomeFile[]> {
  const byOutcome = new Map<string, OutcomeFile[]>();
  index.forEachFile((path, outcomes) => {
    for (const outcome of outcomes) {
      let mask = 0;
      for (const reason of outcome.reasons) mask |= kindBit.get(reason.kind) ?? 0;
      const kinds = kindSets[mask] ?? [];
      const list = byOutcome.get(outcome.outcomeId);
      if (list) list.push({ path, kinds });
      else byOutcome.set(outcome.outcomeId, [{ path, kinds }]);
    }
  });
  return byOutcome;
}
