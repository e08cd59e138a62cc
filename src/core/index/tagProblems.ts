// Problems with `@outcome` tags in a workspace's files, from the index (no file is read):
// shared by `outcome-lens check` and the editor's Problems panel.
import path from 'node:path';
import type { OutcomeModel, Problem } from '../config/model';
import { unknownOutcomeProblem } from '../config/outcomeReferences';
import type { TagProblem } from './reasons';
import type { WorkspaceIndex } from './workspaceIndex';

export interface TagProblemOptions {
  /** Also tags naming an outcome the config marks `achieved` (information: new work there is credited to a finished outcome). */
  achieved?: boolean;
}

function tagRange(tag: Pick<TagProblem, 'line' | 'column' | 'endColumn'>): Problem['range'] {
  return { start: { line: tag.line, column: tag.column }, end: { line: tag.line, column: tag.endColumn } };
}

/**
 * An unknown ID is an error, in CI and in the editor alike: a typo means work credited to
 * nothing, and the editor should not call fine what CI will fail. A dropped outcome is a
 * warning: the tag is stale, not wrong. Sorted by file, then line (the index's order).
 */
export function tagProblems(index: WorkspaceIndex, model: OutcomeModel, options: TagProblemOptions = {}): Problem[] {
  const problems: Problem[] = [];
  for (const tag of index.unknownIds()) {
    const problem = unknownOutcomeProblem(model, tag.id, path.join(index.root, tag.file), tagRange(tag));
    if (problem) problems.push({ ...problem, severity: 'error' });
  }
  for (const tag of index.droppedIds()) {
    problems.push({
      file: path.join(index.root, tag.file),
      range: tagRange(tag),
      severity: 'warning',
      code: 'dropped-outcome',
      message: `"${tag.id}" is a dropped outcome; remove the tag or point it at the outcome that replaced it`,
    });
  }
  if (options.achieved) problems.push(...achievedTagProblems(index, model));
  return problems;
}

function achievedTagProblems(index: WorkspaceIndex, model: OutcomeModel): Problem[] {
  const achieved = new Set(model.outcomes.filter((o) => o.status === 'achieved').map((o) => o.id));
  if (achieved.size === 0) return [];
  const problems: Problem[] = [];
  index.forEachFile((relative, outcomes) => {
    for (const served of outcomes) {
      if (!achieved.has(served.outcomeId)) continue;
      for (const reason of served.reasons) {
        if (reason.kind !== 'tag') continue;
        problems.push({
          file: path.join(index.root, relative),
          range: tagRange({ line: reason.line, column: reason.column, endColumn: reason.column + served.outcomeId.length }),
          severity: 'info',
          code: 'achieved-outcome',
          message: `"${served.outcomeId}" is marked achieved; tag new work with an outcome that is still open`,
        });
      }
    }
  });
  return problems;
}
