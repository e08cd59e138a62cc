// Checking an outcome ID written somewhere other than `parent` (a tag in code, a commit
// trailer, a ticket mapping) against the model, with the nearest known ID as a suggestion.
import { closestMatch } from '../suggest';
import type { OutcomeModel, Problem, SourceRange } from './model';

/**
 * Answers already found, per list of outcomes (a model's list is never changed in place): the
 * editor asks again for the same unknown IDs after every change to the index, and with
 * thousands of outcomes each answer costs thousands of edit distances.
 */
const nearestCache = new WeakMap<readonly unknown[], Map<string, string | undefined>>();

/** The nearest known outcome ID; IDs are short, so two edits are allowed even for `KR-9`. */
export function nearestOutcomeId(model: Pick<OutcomeModel, 'outcomes'>, id: string): string | undefined {
  let answers = nearestCache.get(model.outcomes);
  if (!answers) {
    answers = new Map();
    nearestCache.set(model.outcomes, answers);
  }
  if (answers.has(id)) return answers.get(id);
  const nearest = closestMatch(
    id,
    model.outcomes.map((o) => o.id),
    Math.max(2, Math.floor(id.length / 3)),
  );
  answers.set(id, nearest);
  return nearest;
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
