/*
 * `paths` rules: which outcomes a file serves because the config says so.
 *
 * Semantics, as users of .gitignore and CODEOWNERS know them:
 *
 * - Each pattern uses gitignore syntax and is relative to the folder that holds the config.
 *   A leading `/` anchors it there. A pattern with no slash, or only a trailing one, matches
 *   at any depth (`legacy` matches `legacy` and `src/legacy`). A pattern with a slash
 *   elsewhere is anchored (`docs/*` is `/docs/*`). A trailing `/` matches directories only.
 *   `*` and `?` never match `/`; `[...]` is a character class (`[!...]`/`[^...]` negate it,
 *   `[[:alpha:]]` and friends work); `**` spans folders in `**\/x`, `x/**` and `a/**\/b`.
 *   `#` starts a comment and unescaped trailing spaces are dropped; `\#`, `\!` and `\ `
 *   make them literal. Matching is case-sensitive, like git on Linux.
 * - A single pattern matches a file when it matches the file's path or the path of one of
 *   its parent folders, exactly as `git ls-files -i -c -x PATTERN` would report it.
 * - Within one outcome, the LAST pattern that matches decides: a plain pattern includes
 *   the file, a `!pattern` excludes it. Unlike .gitignore, a `!` can carve a file out of an
 *   included folder and a later pattern can bring it back (`src/checkout/`,
 *   `!src/checkout/legacy/`, `src/checkout/legacy/keep.ts` does what it reads as).
 * - Outcomes are independent of each other: a file can serve several.
 *
 * Single-pattern matching is delegated to the `ignore` package, except for patterns without
 * wildcards or escapes (most rules: a file, a folder), which compare path segments directly
 * (both checked against real git by the generated test in test/unit/matching). What lives
 * here is the per-outcome ordering and an index, so that a lookup tests only the rules that
 * could possibly match the path instead of every rule of every outcome.
 */
import { CandidateIndex } from './ruleIndex';
import { SinglePatternMatcher } from './singlePattern';

export interface PathRule {
  outcomeId: string;
  /** As written in the config, possibly starting with `!`. */
  pattern: string;
  /** Position within its outcome's `paths` list; the highest matching index decides. */
  index: number;
  /** Line of the pattern in the config, for reasons and diagnostics. */
  line: number;
}

export interface PathRuleMatch {
  outcomeId: string;
  /** The rule that decided that the file serves the outcome. */
  rule: PathRule;
}

interface CompiledRule {
  rule: PathRule;
  negative: boolean;
  /** Pattern without the negating `!`, in the form the single-pattern matcher expects. */
  body: string;
  /** Lookup order: outcomes in order of first appearance, within one the last rule first. */
  rank: number;
  outcomeRank: number;
  /** Set for patterns without wildcards or escapes; the others go through `matcher`. */
  literal: LiteralPattern | undefined;
  /** Built on first use: most rules are literal and never need one. */
  matcher: SinglePatternMatcher | undefined;
}

/**
 * A pattern that is only names: `/src/checkout/`, `docs/a.md`, `legacy`. git matches it when
 * it equals the path or one of its parent folders: anchored, the leading segments; otherwise
 * (a single name), any one segment. A trailing `/` (dirOnly) never matches a file itself.
 */
interface LiteralPattern {
  anchored: boolean;
  segments: string[];
  dirOnly: boolean;
}

export class PathRuleIndex {
  private readonly candidates: CandidateIndex<CompiledRule>;
  readonly size: number;

  constructor(rules: readonly PathRule[]) {
    const outcomeRanks = new Map<string, number>();
    for (const rule of rules) {
      if (!outcomeRanks.has(rule.outcomeId)) outcomeRanks.set(rule.outcomeId, outcomeRanks.size);
    }
    // Sorting once here lets every lookup walk candidates in decision order and stop
    // testing an outcome's rules as soon as one of them matches.
    const ordered = rules
      .map((rule, inputOrder) => ({ rule, inputOrder, outcomeRank: outcomeRanks.get(rule.outcomeId) ?? 0 }))
      .sort((a, b) => a.outcomeRank - b.outcomeRank || b.rule.index - a.rule.index || b.inputOrder - a.inputOrder);
    this.candidates = new CandidateIndex<CompiledRule>();
    ordered.forEach(({ rule, outcomeRank }, rank) => {
      const { negative, body } = splitNegation(rule.pattern);
      this.candidates.add(body, { rule, negative, body, rank, outcomeRank, literal: literalPattern(body), matcher: undefined });
    });
    this.size = rules.length;
  }

  /**
   * The outcomes `relativePath` serves through `paths` rules, in order of the outcomes' first
   * rule. `relativePath` is `/`-separated and relative to the config's folder; a trailing
   * `/` asks about a directory. Paths outside the folder (`../x`, `/abs`) match nothing.
   */
  match(relativePath: string): PathRuleMatch[] {
    const path = normalizeRelativePath(relativePath);
    if (path === undefined) return [];
    const isDirectory = path.endsWith('/');
    const segments = (isDirectory ? path.slice(0, -1) : path).split('/');
    const candidates = this.candidates.lookupSegments(segments);
    if (candidates.length === 0) return [];
    if (candidates.length > 1) candidates.sort((a, b) => a.rank - b.rank);
    const matches: PathRuleMatch[] = [];
    let decidedOutcome = -1;
    for (const candidate of candidates) {
      if (candidate.outcomeRank === decidedOutcome) continue;
      const literal = candidate.literal;
      if (literal) {
        if (!literalMatches(literal, segments, isDirectory)) continue;
      } else if (!(candidate.matcher ??= new SinglePatternMatcher(candidate.body)).matches(path)) continue;
      decidedOutcome = candidate.outcomeRank;
      if (!candidate.negative) matches.push({ outcomeId: candidate.rule.outcomeId, rule: candidate.rule });
    }
    return matches;
  }
}

/**
 * The literal form of a pattern body, or `undefined` when anything in it has a meaning in
 * gitignore syntax beyond a plain name: wildcards, classes, escapes, a leading `#`, trailing
 * spaces (dropped by git), `.` or empty segments. Those are left to `ignore`.
 */
export function literalPattern(body: string): LiteralPattern | undefined {
  if (body === '' || /[*?[\\\r\n]/.test(body) || body.startsWith('#') || /\s$/.test(body)) return undefined;
  const dirOnly = body.endsWith('/');
  let pattern = dirOnly ? body.slice(0, -1) : body;
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  const segments = pattern.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  return { anchored, segments, dirOnly };
}

/** `segments`: the normalised path's, without a trailing `/`; `isDirectory`: the path had one. */
function literalMatches(literal: LiteralPattern, segments: readonly string[], isDirectory: boolean): boolean {
  const wanted = literal.segments;
  const last = segments.length - 1;
  if (literal.anchored) {
    if (wanted.length > segments.length) return false;
    for (let i = 0; i < wanted.length; i++) if (segments[i] !== wanted[i]) return false;
    // Equal to a parent folder of the path, or to the path itself (a folder, unless dirOnly).
    return wanted.length <= last || !literal.dirOnly || isDirectory;
  }
  const name = wanted[0];
  for (let i = 0; i <= last; i++) {
    if (segments[i] === name && (i < last || !literal.dirOnly || isDirectory)) return true;
  }
  return false;
}

/**
 * Splits off git's negating `!`. The rest is re-escaped where `ignore` would otherwise read it
 * as a comment or as a second negation: git looks for `#` and `!` only at the very start of
 * the line, so in `!#x` and `!!x` the `#x` and `!x` are literal names.
 */
function splitNegation(pattern: string): { negative: boolean; body: string } {
  if (!pattern.startsWith('!')) return { negative: false, body: pattern };
  const rest = pattern.slice(1);
  const body = rest.startsWith('#') || rest.startsWith('!') ? `\\${rest}` : rest;
  return { negative: true, body };
}

/** Whether a path needs normalising: a leading `/`, `//`, or a `.` or `..` segment. */
const abnormalPath = /^\/|\/\/|(?:^|\/)\.\.?(?:\/|$)/;

/** Drops `.` and empty segments so equal paths look equal to the index and to `ignore`. */
function normalizeRelativePath(relativePath: string): string | undefined {
  if (relativePath !== '' && !abnormalPath.test(relativePath)) return relativePath;
  if (relativePath.startsWith('/')) return undefined;
  const segments = relativePath.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  const path = segments.join('/');
  return relativePath.endsWith('/') ? `${path}/` : path;
}
