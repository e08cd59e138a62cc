// Checking an outcome ID written somewhere other than `parent` (a tag in code, a commit
// trailer, a ticket mapping) against the model, with the nearest known ID as a suggestion.
import { closestMatch } from '../suggest';
import type { OutcomeModel, Problem, SourceRange } from './model';

/** The nearest known outcome ID; IDs are short, so two edits are allowed even for `KR-9`. */
export function nearestOutcomeId(model: Pick<OutcomeModel, 'outcomes'>, id: string): string | undefined {
  return closestMatch(
    id,
    model.outcomes.map((o) => o.id),
    Math.max(2, Math.floor(id.length / 3)),
  );
}

/** A warning when `id` is not an outcome in `model`, else `undefined`. */
export function unknownOutcomeProblem(model: OutcomeModel, id: string, file: string, range: SourceRange): Problem | undefined {
  if (model.byId.has(id)) return undefined;
  const suggestion = nearestOutcomeId(model, id);
  const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
  const problem: Problem = { file, range, severity: 'warning', code: 'unknown-outcome', message: `"${id}" is not a known outcome${hint}` };
  if (suggestion !== undefined) problem.suggestion = suggestion;
  return problem;
}
