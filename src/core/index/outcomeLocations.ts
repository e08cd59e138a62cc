// Every place an outcome is named: its entry in the config, the `parent:` values, path rules
// and tickets that point at it there, and the tags and mapped tickets in the workspace's
// files (from the index, so no file is read). What "Find All References" lists.
import path from 'node:path';
import type { OutcomeModel, SourceRange } from '../config/model';
import type { WorkspaceIndex } from './workspaceIndex';

export type OutcomeLocationKind = 'definition' | 'parent' | 'path-rule' | 'config-ticket' | 'tag' | 'ticket';

export interface OutcomeLocation {
  kind: OutcomeLocationKind;
  /** Absolute path. */
  file: string;
  /** 1-based, as everywhere in the model. */
  range: SourceRange;
}

export interface OutcomeLocationOptions {
  /** Include the outcome's own `id:` in the config (default true). */
  includeDefinition?: boolean;
}

/**
 * The config's places first (definition, children's `parent:`, path rules, tickets, in file
 * order), then the files' tags and ticket mentions, by path and line. An ID the model does
 * not hold has none.
 */
export function outcomeLocations(model: OutcomeModel, index: WorkspaceIndex | undefined, id: string, options: OutcomeLocationOptions = {}): OutcomeLocation[] {
  const outcome = model.byId.get(id);
  if (!outcome) return [];
  const inConfig: OutcomeLocation[] = [];
  const at = (kind: OutcomeLocationKind, range: SourceRange): void => void inConfig.push({ kind, file: model.file, range });
  if (options.includeDefinition ?? true) at('definition', outcome.idRange);
  for (const child of model.outcomes) if (child.parentId === id && child.parentRange) at('parent', child.parentRange);
  for (const rule of outcome.pathRules) at('path-rule', rule.range);
  for (const ticket of outcome.tickets) at('config-ticket', ticket.range);
  inConfig.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);

  const inFiles: OutcomeLocation[] = [];
  if (index) {
    for (const relative of index.files()) {
      const served = index.entry(relative)?.outcomes.find((o) => o.outcomeId === id);
      if (!served) continue;
      const file = path.join(index.root, relative);
      for (const reason of served.reasons) {
        if (reason.kind === 'tag') inFiles.push({ kind: 'tag', file, range: span(reason.line, reason.column, id.length) });
        else if (reason.kind === 'ticket') inFiles.push({ kind: 'ticket', file, range: span(reason.line, reason.column, reason.ticket.length) });
      }
    }
  }
  return [...inConfig, ...inFiles];
}

function span(line: number, column: number, length: number): SourceRange {
  return { start: { line, column }, end: { line, column: column + length } };
}
