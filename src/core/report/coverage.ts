/*
 * Outcome coverage of a workspace: how much of it serves at least one outcome (files and
 * lines, overall and per top-level folder), the path rules that do nothing, the outcomes no
 * work serves, and the work that serves no outcome.
 *
 * Rules are judged against the files in the workspace now (what the index lists: tracked
 * files plus untracked ones that are not ignored):
 * - dead: the rule matches no file at all (a negation included: it excludes nothing);
 * - shadowed: a positive rule every one of whose files is also matched by a later negation in
 *   the same outcome, so it never decides that a file serves the outcome. The negations that
 *   do it are named.
 * An outcome has work when a file serves it or one of its descendants; `dropped` and
 * `achieved` outcomes are never listed as lacking work (nothing more is expected of them).
 */
import type { OutcomeModel, PathRule } from '../config/model';
import { splitNegation } from '../matching/pathRules';
import { CandidateIndex } from '../matching/ruleIndex';
import { SinglePatternMatcher } from '../matching/singlePattern';
import { compareText } from '../files/sortedPaths';

export interface CoverageFile {
  /** `/`-separated, relative to the root. */
  path: string;
  /** The outcomes it serves (any reason). */
  outcomeIds: readonly string[];
  /** null when not counted (binary, too large, unreadable). */
  lines: number | null;
}

// ---- The JSON document (`outcome-lens coverage --json`); key order is part of the contract.

export interface CoverageShare {
  total: number;
  serving: number;
  /** serving / total (0..1); null when total is 0. */
  share: number | null;
}

export interface CoverageFolderJson {
  /** The top-level folder; `.` for files at the root. */
  folder: string;
  files: CoverageShare;
  lines: CoverageShare;
}

export interface CoverageRuleJson {
  outcome: string;
  /** As written, with a leading `!` for a negation. */
  pattern: string;
  /** The config file (relative to the root), line and column of the pattern. */
  file: string;
  line: number;
  column: number;
}

export interface ShadowedRuleJson extends CoverageRuleJson {
  shadowedBy: { pattern: string; line: number; column: number }[];
}

export interface CoverageJson {
  files: CoverageShare;
  lines: CoverageShare;
  /** Sorted by folder name. */
  folders: CoverageFolderJson[];
  /** In config order. */
  deadRules: CoverageRuleJson[];
  shadowedRules: ShadowedRuleJson[];
  outcomesWithoutWork: { id: string; title: string; state: string }[];
  /** Sorted. */
  filesWithoutOutcome: string[];
}

/** The JSON document as printed by `outcome-lens coverage --json`. */
export function coverageJson(coverage: CoverageJson): string {
  return JSON.stringify(coverage, null, 2) + '\n';
}

export interface RuleAnalysis {
  dead: PathRule[];
  shadowed: { rule: PathRule; by: PathRule[] }[];
}

interface CompiledRule {
  rule: PathRule;
  matcher: SinglePatternMatcher;
  order: number;
}

/** Dead and shadowed path rules over `paths`. Each file tests only the rules that could match it. */
export function analyzePathRules(model: OutcomeModel, paths: readonly string[]): RuleAnalysis {
  const rules = model.outcomes.flatMap((o) => o.pathRules);
  const candidates = new CandidateIndex<CompiledRule>();
  const compiled = rules.map((rule, order) => {
    const { body } = splitNegation(rule.pattern);
    const entry: CompiledRule = { rule, matcher: new SinglePatternMatcher(body), order };
    candidates.add(body, entry);
    return entry;
  });
  const matchedSome = new Set<CompiledRule>();
  const decidesSome = new Set<CompiledRule>();
  const shadowers = new Map<CompiledRule, Set<CompiledRule>>();
  for (const path of paths) {
    const matched = candidates.lookup(path).filter((c) => c.matcher.matches(path));
    for (const c of matched) matchedSome.add(c);
    for (const c of matched) {
      if (c.rule.negated || decidesSome.has(c)) continue;
      const laterNegations = matched.filter((n) => n.rule.negated && n.rule.outcomeId === c.rule.outcomeId && n.rule.index > c.rule.index);
      if (laterNegations.length === 0) {
        decidesSome.add(c);
        shadowers.delete(c);
        continue;
      }
      let set = shadowers.get(c);
      if (!set) shadowers.set(c, (set = new Set()));
      for (const n of laterNegations) set.add(n);
    }
  }
  return {
    dead: compiled.filter((c) => !matchedSome.has(c)).map((c) => c.rule),
    shadowed: compiled
      .filter((c) => !c.rule.negated && matchedSome.has(c) && !decidesSome.has(c))
      .map((c) => ({ rule: c.rule, by: [...(shadowers.get(c) ?? [])].sort((a, b) => a.order - b.order).map((n) => n.rule) })),
  };
}

function share(total: number, serving: number): CoverageShare {
  return { total, serving, share: total === 0 ? null : serving / total };
}

function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

export interface CoverageOptions {
  /** The config's path as shown (relative to the root). */
  configFile: string;
}

/** The coverage document. Pure. */
export function buildCoverage(model: OutcomeModel, files: readonly CoverageFile[], options: CoverageOptions): CoverageJson {
  const totals = { files: 0, servingFiles: 0, lines: 0, servingLines: 0 };
  const folders = new Map<string, typeof totals>();
  const served = new Set<string>();
  const withoutOutcome: string[] = [];
  for (const file of files) {
    const serving = file.outcomeIds.length > 0;
    const folder = topFolder(file.path);
    let counts = folders.get(folder);
    if (!counts) folders.set(folder, (counts = { files: 0, servingFiles: 0, lines: 0, servingLines: 0 }));
    for (const target of [totals, counts]) {
      target.files++;
      target.lines += file.lines ?? 0;
      if (serving) {
        target.servingFiles++;
        target.servingLines += file.lines ?? 0;
      }
    }
    if (serving) for (const id of file.outcomeIds) served.add(id);
    else withoutOutcome.push(file.path);
  }

  const hasWork = (id: string, seen = new Set<string>()): boolean => {
    if (served.has(id)) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return (model.byId.get(id)?.childIds ?? []).some((child) => hasWork(child, seen));
  };
  const rules = analyzePathRules(
    model,
    files.map((f) => f.path),
  );
  const ruleJson = (rule: PathRule): CoverageRuleJson => ({
    outcome: rule.outcomeId,
    pattern: rule.pattern,
    file: options.configFile,
    line: rule.range.start.line,
    column: rule.range.start.column,
  });
  return {
    files: share(totals.files, totals.servingFiles),
    lines: share(totals.lines, totals.servingLines),
    folders: [...folders]
      .sort(([a], [b]) => compareText(a, b))
      .map(([folder, c]) => ({ folder, files: share(c.files, c.servingFiles), lines: share(c.lines, c.servingLines) })),
    deadRules: rules.dead.map(ruleJson),
    shadowedRules: rules.shadowed.map(({ rule, by }) => ({
      ...ruleJson(rule),
      shadowedBy: by.map((n) => ({ pattern: n.pattern, line: n.range.start.line, column: n.range.start.column })),
    })),
    outcomesWithoutWork: model.outcomes
      .filter((o) => o.status !== 'dropped' && o.status !== 'achieved' && !hasWork(o.id))
      .map((o) => ({ id: o.id, title: o.spec.title, state: o.status })),
    filesWithoutOutcome: withoutOutcome.sort(compareText),
  };
}
