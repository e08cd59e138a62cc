// Explaining a single file without building the index: what `outcome-lens explain` does, so
// one file costs its path rules and one read, not a scan of the workspace.
import type { OutcomeModel } from '../config/model';
import { couldMatch, segmentsOf } from '../matching/ruleIndex';
import { PathRuleIndex } from '../matching/pathRules';
import type { PathRule } from '../matching/pathRules';
import type { FileSystem, GitRunner } from '../ports';
import { scanOneFile } from './contentScanner';
import { defaultMaxFileBytes } from './fileScan';
import { historyReasons } from './historyReasons';
import { ReasonContext } from './reasons';
import type { FileEntry, FileOutcome } from './reasons';

export interface ExplainFileOptions {
  history?: boolean | undefined;
  maxFileBytes?: number | undefined;
}

export interface ExplainedFile {
  entry: FileEntry;
  /** With history reasons when asked for. */
  outcomes: FileOutcome[];
}

/**
 * Only the rules that could match `relativePath` are compiled: the candidate index's keys
 * (see `couldMatch`) come from the rules' literal parts without compiling them, and dropping
 * rules that cannot match never changes which rule of an outcome matches last.
 */
export function rulesFor(model: OutcomeModel, relativePath: string): PathRuleIndex {
  const rules: PathRule[] = [];
  const segments = segmentsOf(relativePath);
  for (const outcome of model.outcomes) {
    for (const rule of outcome.pathRules) {
      if (couldMatch(indexBody(rule.pattern), segments)) rules.push({ outcomeId: rule.outcomeId, pattern: rule.pattern, index: rule.index, line: rule.range.start.line });
    }
  }
  return new PathRuleIndex(rules);
}

/** The pattern as PathRuleIndex keys it: without `!`, with a re-escaped `#`/`!` after it. */
function indexBody(pattern: string): string {
  if (!pattern.startsWith('!')) return pattern;
  const rest = pattern.slice(1);
  return rest.startsWith('#') || rest.startsWith('!') ? `\\${rest}` : rest;
}

export async function explainFile(
  root: string,
  model: OutcomeModel,
  relativePath: string,
  ports: { fs: FileSystem; git: GitRunner },
  options: ExplainFileOptions = {},
): Promise<ExplainedFile> {
  const context = new ReasonContext(model, rulesFor(model, relativePath));
  const scan = await scanOneFile(ports.fs, root, relativePath, model.ticketPatterns, options.maxFileBytes ?? defaultMaxFileBytes);
  const entry = context.entryFor(relativePath, scan);
  if (!options.history) return { entry, outcomes: entry.outcomes };
  const fromHistory = await historyReasons(root, relativePath, model, context.outcomesByTicket, ports.git);
  return { entry, outcomes: context.group([...entry.outcomes.flatMap((o) => o.reasons), ...fromHistory]) };
}
