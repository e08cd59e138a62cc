// The loaded outcome config: what the editor, the CLI and the matchers read. Everything in
// it is valid and typed; whatever was not valid is described by `problems` instead.
import type { MetricSpec, OutcomeSpec, OutcomeStatusValue, SourceSpec, TeamSettingsSpec } from './schema';

/** 1-based. `column` counts UTF-16 code units, so the editor can use `column - 1` as is. */
export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  /** Absolute path. */
  file: string;
  range: SourceRange;
  severity: Severity;
  message: string;
  /** Stable kebab-case kind, e.g. `duplicate-id`; see `ProblemCode`. */
  code: string;
  /** The "did you mean" replacement, when there is one. */
  suggestion?: string;
}

/** The problem kinds the config loader reports. */
export type ProblemCode =
  | 'empty-file'
  | 'too-large'
  | 'invalid-utf8'
  | 'unsupported-encoding'
  | 'read-failed'
  | 'yaml-syntax'
  | 'yaml-warning'
  | 'duplicate-key'
  | 'alias-limit'
  | 'unknown-key'
  | 'missing-field'
  | 'invalid-value'
  | 'unsupported-version'
  | 'duplicate-id'
  | 'unknown-parent'
  | 'parent-cycle'
  | 'unknown-source'
  | 'source-override'
  | 'invalid-pattern'
  | 'due-before-start'
  | 'target-equals-baseline'
  | 'invalid-range'
  | 'duplicate-metric-id'
  | 'ticket-pattern-mismatch'
  | 'unknown-outcome';

export interface PathRule {
  outcomeId: string;
  /** As written, including a leading `!`. */
  pattern: string;
  negated: boolean;
  /** Position within the outcome's `paths`. */
  index: number;
  range: SourceRange;
}

export interface TicketRef {
  id: string;
  range: SourceRange;
}

export interface ResolvedMetric {
  outcomeId: string;
  spec: MetricSpec;
  /** The named source merged with the metric's overrides, or the inline source; fully typed. */
  source?: SourceSpec;
  /** Set when the metric uses `from: <name>`. */
  sourceName?: string;
  /** The whole metric mapping. */
  range: SourceRange;
  idRange: SourceRange;
}

export interface OutcomeEntry {
  id: string;
  spec: OutcomeSpec;
  /** `spec.status` with the default (`active`) applied. */
  status: OutcomeStatusValue;
  /** The whole list item. */
  range: SourceRange;
  idRange: SourceRange;
  /** Only set when the parent is in the model and no cycle runs through this outcome. */
  parentId?: string;
  /** Where `parent:` names it (the value); set with `parentId`. */
  parentRange?: SourceRange;
  childIds: string[];
  pathRules: PathRule[];
  tickets: TicketRef[];
  metrics: ResolvedMetric[];
}

/**
 * An outcome's title where it is shown beside its ID: empty when it adds nothing (missing, so
 * it fell back to the ID, or repeating the ID).
 */
export function distinctTitle(id: string, title: string | undefined): string {
  return title === undefined || title === id ? '' : title;
}

/** How an outcome is named in one line: `KR-1 Raise checkout conversion`, or `KR-7` when the title adds nothing. */
export function outcomeLabel(id: string, title: string | undefined): string {
  const own = distinctTitle(id, title);
  return own === '' ? id : `${id} ${own}`;
}

export interface NamedSource {
  spec: SourceSpec;
  /** From the name to the end of its value. */
  range: SourceRange;
  nameRange: SourceRange;
}

export interface OutcomeModel {
  /** Absolute path of the config file. */
  file: string;
  /** The folder `paths` are relative to: the workspace folder root, even for `.vscode/outcomes.yaml`. */
  folder: string;
  /** In file order. */
  outcomes: readonly OutcomeEntry[];
  byId: ReadonlyMap<string, OutcomeEntry>;
  sources: ReadonlyMap<string, NamedSource>;
  /** The valid ones only, compiled without flags (add `g` on a copy when scanning text). */
  ticketPatterns: readonly RegExp[];
  ticketUrl?: string;
  settings: TeamSettingsSpec;
  problems: readonly Problem[];
}
