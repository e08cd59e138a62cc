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
import { CandidateIndex, indexKeyOf } from './ruleIndex';
import type { DirectoryCandidates } from './ruleIndex';
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
  /** What `match` reports for this rule: one object, shared by every path it matches. */
  match: PathRuleMatch;
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

/** A folder's share of every lookup in it (see `CandidateIndex.directory`), ranked. */
interface FolderCandidates {
  found: DirectoryCandidates<CompiledRule>;
  /** The folder's path ('' for the root), and how many segments it has. */
  path: string;
  depth: number;
  /** The folder's rules that go through `ignore`, with what the folder decides for them. */
  decisions: Map<CompiledRule, FolderDecision> | undefined;
}

/**
 * For a rule found through a folder: `all` when it matches the folder (or a parent), so every
 * path in it; `none` when it does not and cannot match a file itself (`dirOnly`); `each` when
 * each path must be tested; `unknown` until first needed.
 */
type FolderDecision = 'all' | 'none' | 'each' | 'unknown';

/** Folders remembered at most; a long editor session must not grow the memo without bound. */
const maxRememberedFolders = 50_000;

export class PathRuleIndex {
  private readonly candidates: CandidateIndex<CompiledRule>;
  /** Files in one folder share most of their lookup: the folder's part is done once. */
  private readonly folders = new Map<string, FolderCandidates>();
  /** The last folder looked up: files of one folder tend to come one after another. */
  private lastFolder: { path: string; candidates: FolderCandidates } | undefined;
  readonly size: number;

  constructor(rules: readonly PathRule[]) {
    const outcomeRanks = new Map<string, number>();
    for (const rule of rules) {
      if (!outcomeRanks.has(rule.outcomeId)) outcomeRanks.set(rule.outcomeId, outcomeRanks.size);
    }
    // Sorting once here lets every lookup walk candidates in decision order and stop
    // testing an outcome's rules as soon as one of them matches.
    const ordered = rules.map((rule, inputOrder) => ({ rule, inputOrder, outcomeRank: outcomeRanks.get(rule.outcomeId) ?? 0 }));
    ordered.sort((a, b) => a.outcomeRank - b.outcomeRank || b.rule.index - a.rule.index || b.inputOrder - a.inputOrder);
    this.candidates = new CandidateIndex<CompiledRule>();
    ordered.forEach(({ rule, outcomeRank }, rank) => {
      const { negative, body } = splitNegation(rule.pattern);
      const key = indexKeyOf(body);
      const match: PathRuleMatch = Object.freeze({ outcomeId: rule.outcomeId, rule });
      this.candidates.add(body, { rule, negative, body, rank, outcomeRank, literal: indexedLiteral(body, key), matcher: undefined, match }, key);
    });
    this.size = rules.length;
  }

  /**
   * The outcomes `relativePath` serves through `paths` rules, in order of the outcomes' first
   * rule. `relativePath` is `/`-separated and relative to the config's folder; a trailing
   * `/` asks about a directory. Paths outside the folder (`../x`, `/abs`) match nothing.
   */
  match(relativePath: string): readonly PathRuleMatch[] {
    const path = normalizeRelativePath(relativePath);
    if (path === undefined) return noMatches;
    const isDirectory = path.endsWith('/');
    const bare = isDirectory ? path.slice(0, -1) : path;
    const slash = bare.lastIndexOf('/');
    const folder = this.folderOf(bare, slash);
    const own = this.candidates.inDirectory(folder.found, slash < 0 ? bare : bare.slice(slash + 1));
    const shared = folder.found.items;
    let candidates: readonly CompiledRule[];
    if (own === undefined) {
      if (shared.length === 0) return noMatches;
      candidates = shared;
    } else {
      if (own.length > 1) own.sort(byRank);
      candidates = shared.length === 0 ? own : mergeByRank(shared, own);
    }
    let matches: PathRuleMatch[] | undefined;
    let decidedOutcome = -1;
    for (const candidate of candidates) {
      if (candidate.outcomeRank === decidedOutcome) continue;
      const literal = candidate.literal;
      if (literal) {
        if (!literalDecides(literal, folder, isDirectory)) continue;
      } else {
        const decision = folder.decisions === undefined ? undefined : folderDecision(folder.decisions, candidate, folder.path);
        // A folder path asked about can match a dirOnly rule itself.
        if (decision === 'none' && !isDirectory) continue;
        if (decision !== 'all' && !matcherOf(candidate).matches(path)) continue;
      }
      decidedOutcome = candidate.outcomeRank;
      if (!candidate.negative) (matches ??= []).push(candidate.match);
    }
    return matches ?? noMatches;
  }

  /** The folder part of `bare` (a normalised path without trailing `/`) ends at `slash`. */
  private folderOf(bare: string, slash: number): FolderCandidates {
    const last = this.lastFolder;
    const length = Math.max(slash, 0);
    if (last && last.path.length === length && bare.startsWith(last.path)) return last.candidates;
    const path = bare.slice(0, length);
    const candidates = this.folderCandidates(path);
    this.lastFolder = { path, candidates };
    return candidates;
  }

  private folderCandidates(folder: string): FolderCandidates {
    let entry = this.folders.get(folder);
    if (!entry) {
      const segments = folder === '' ? [] : folder.split('/');
      const found = this.candidates.directory(segments);
      found.items.sort(byRank);
      let decisions: Map<CompiledRule, FolderDecision> | undefined;
      if (folder !== '') for (const item of found.items) if (!item.literal) (decisions ??= new Map()).set(item, 'unknown');
      entry = { found, path: folder, depth: segments.length, decisions };
      if (this.folders.size >= maxRememberedFolders) this.folders.clear();
      this.folders.set(folder, entry);
    }
    return entry;
  }
}

const noMatches: readonly PathRuleMatch[] = Object.freeze([]);

function matcherOf(rule: CompiledRule): SinglePatternMatcher {
  return (rule.matcher ??= new SinglePatternMatcher(rule.body));
}

/** `undefined` for a rule the folder did not bring (it came with the path's last segment). */
function folderDecision(decisions: Map<CompiledRule, FolderDecision>, rule: CompiledRule, folder: string): FolderDecision | undefined {
  const known = decisions.get(rule);
  if (known !== 'unknown') return known;
  // Matching `folder/` asks about the folder and each of its parents, as git would for a path in it.
  const decided = matcherOf(rule).matches(`${folder}/`) ? 'all' : isDirOnly(rule.body) ? 'none' : 'each';
  decisions.set(rule, decided);
  return decided;
}

/** A pattern ending in `/` matches folders only (kept simple: no escapes, no trailing spaces). */
function isDirOnly(body: string): boolean {
  return body.endsWith('/') && !body.includes('\\');
}

function byRank(a: CompiledRule, b: CompiledRule): number {
  return a.rank - b.rank;
}

/** Two lists sorted by rank, as one. */
function mergeByRank(a: readonly CompiledRule[], b: readonly CompiledRule[]): CompiledRule[] {
  const merged: CompiledRule[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as CompiledRule;
    const y = b[j] as CompiledRule;
    if (x.rank <= y.rank) {
      merged.push(x);
      i++;
    } else {
      merged.push(y);
      j++;
    }
  }
  while (i < a.length) merged.push(a[i++] as CompiledRule);
  while (j < b.length) merged.push(b[j++] as CompiledRule);
  return merged;
}

/**
 * The literal form of a pattern body, or `undefined` when anything in it has a meaning in
 * gitignore syntax beyond a plain name: wildcards, classes, escapes, a leading `#`, trailing
 * spaces (dropped by git), `.` or empty segments. Those are left to `ignore`.
 */
function literalPattern(body: string): LiteralPattern | undefined {
  if (body === '' || body.startsWith('#') || /\s/.test(body.charAt(body.length - 1))) return undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    // * ? [ \ CR LF
    if (c === 42 || c === 63 || c === 91 || c === 92 || c === 13 || c === 10) return undefined;
  }
  const dirOnly = body.endsWith('/');
  let pattern = dirOnly ? body.slice(0, -1) : body;
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  const segments = pattern.split('/');
  for (const segment of segments) if (segment === '' || segment === '.' || segment === '..') return undefined;
  return { anchored, segments, dirOnly };
}

/**
 * `literalPattern(body)` when the candidate index keys the rule by exactly its names (which
 * `literalDecides` relies on), else `undefined`: the index files a few literal patterns under
 * a looser key (`/#x` is tested against every path), and those go through `ignore`.
 */
export function indexedLiteral(body: string, key = indexKeyOf(body)): LiteralPattern | undefined {
  const literal = literalPattern(body);
  if (!literal) return undefined;
  if (!literal.anchored) return key.kind === 'segment' && literal.segments.length === 1 && key.name === literal.segments[0] ? literal : undefined;
  if (key.kind !== 'prefix' || key.segments.length !== literal.segments.length) return undefined;
  for (let i = 0; i < key.segments.length; i++) if (key.segments[i] !== literal.segments[i]) return undefined;
  return literal;
}

/**
 * Whether a literal rule that the candidate index found for a path in `folder` matches it.
 * Being found means its names are there: anchored, as the path's leading segments; otherwise
 * as one of its segments. So it matches when those are the folder or one of its parents, and
 * else (they are the whole path) unless it is dirOnly and the path a file.
 */
function literalDecides(literal: LiteralPattern, folder: FolderCandidates, isDirectory: boolean): boolean {
  const viaFolder = literal.anchored ? literal.segments.length <= folder.depth : folder.found.names.has(literal.segments[0] ?? '');
  return viaFolder || !literal.dirOnly || isDirectory;
}

/**
 * Splits off git's negating `!`. The rest is re-escaped where `ignore` would otherwise read it
 * as a comment or as a second negation: git looks for `#` and `!` only at the very start of
 * the line, so in `!#x` and `!!x` the `#x` and `!x` are literal names.
 */
export function splitNegation(pattern: string): { negative: boolean; body: string } {
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
