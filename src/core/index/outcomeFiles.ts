// The files serving each outcome, in one pass over the index (asking the index per outcome
// would cost outcomes × files). The Outcomes view reads it for every outcome it draws.
import type { OutcomeReason, ReasonKind } from './reasons';
import { reasonKinds } from './reasons';

export interface OutcomeFile {
  /** `/`-separated, relative to the root. */
  path: string;
  /** The kinds of reasons it serves the outcome by, in kind order, each once. */
  kinds: ReasonKind[];
}

interface IndexView {
  files(): readonly string[];
  entry(path: string): { outcomes: readonly { outcomeId: string; reasons: readonly OutcomeReason[] }[] } | undefined;
}

/** Outcome ID → its files, sorted by path; outcomes served by no file are absent. */
export function filesByOutcome(index: IndexView): Map<string, OutcomeFile[]> {
  const byOutcome = new Map<string, OutcomeFile[]>();
  for (const path of index.files()) {
    for (const outcome of index.entry(path)?.outcomes ?? []) {
      const kinds = reasonKinds.filter((kind) => outcome.reasons.some((r) => r.kind === kind));
      const list = byOutcome.get(outcome.outcomeId);
      if (list) list.push({ path, kinds });
      else byOutcome.set(outcome.outcomeId, [{ path, kinds }]);
    }
  }
  return byOutcome;
}
