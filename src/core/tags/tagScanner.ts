/*
 * Finds `@outcome` tags and ticket IDs in a file's comments.
 *
 * - A tag is `@outcome` followed by a space or `:` and one or more IDs: `@outcome KR-1`,
 *   `@outcome KR-1, KR-2`, `@outcome: KR-1 KR-2`. IDs look like `[A-Za-z][A-Za-z0-9_.-]*`;
 *   a trailing `.` or `-` is punctuation, not ID. After the first ID, a comma always
 *   introduces another; a space does only when the next word contains a digit, so prose
 *   after a tag (`@outcome KR-1 because checkout…`) is not read as IDs. The list ends at the
 *   end of the comment or the line.
 * - A ticket is a match of one of the ticket patterns that is not part of a longer word
 *   (`PAY-12` in `TODO(PAY-12)`, not in `XPAY-123`), and not one of the tag's own IDs.
 * - Only comments count, in the file's own comment syntax (see commentSyntax.ts); text in
 *   string literals and code is ignored.
 * - Positions are 1-based lines and UTF-16 columns, `endColumn` one past the last character;
 *   `\n`, `\r\n` and a lone `\r` all end a line.
 */
import { findCommentRanges } from './commentLexer';
import type { CommentRanges } from './commentLexer';
import { commentSyntaxFor } from './commentSyntax';
import { isOutcomeIdChar, isOutcomeIdStart, trimmedOutcomeIdLength } from './outcomeId';

export interface TextHit {
  id: string;
  line: number;
  column: number;
  endColumn: number;
}

export interface ScanResult {
  tags: TextHit[];
  tickets: TextHit[];
}

export interface ScanOptions {
  languageId?: string | undefined;
  fileName?: string | undefined;
  ticketPatterns: readonly RegExp[];
}

const tagMarker = '@outcome';

interface OffsetHit {
  id: string;
  start: number;
  end: number;
}

export function scanText(text: string, options: ScanOptions): ScanResult {
  const markers = findTagMarkers(text);
  const ticketCandidates = findTicketCandidates(text, options.ticketPatterns);
  if (markers.length === 0 && ticketCandidates.length === 0) return { tags: [], tickets: [] };

  const lastCandidate = Math.max(markers.at(-1) ?? -1, ticketCandidates.at(-1)?.start ?? -1);
  const comments = findCommentRanges(text, commentSyntaxFor(options), lastCandidate + 1);
  const tagIds = markers.flatMap((marker) => {
    const end = commentEndAround(comments, marker);
    return end === undefined ? [] : readTagIds(text, marker + tagMarker.length, end);
  });
  const tickets = ticketCandidates.filter((ticket) => {
    const end = commentEndAround(comments, ticket.start);
    return end !== undefined && ticket.end <= end && !overlapsAny(tagIds, ticket);
  });

  const positions = new LinePositions(text, Math.max(tagIds.at(-1)?.start ?? 0, tickets.at(-1)?.start ?? 0));
  return { tags: tagIds.map((hit) => positions.toTextHit(hit)), tickets: tickets.map((hit) => positions.toTextHit(hit)) };
}

function findTagMarkers(text: string): number[] {
  const markers: number[] = [];
  for (let at = text.indexOf(tagMarker); at >= 0; at = text.indexOf(tagMarker, at + tagMarker.length)) {
    // `user@outcome.dev` is an address, `@outcomes` another word.
    const before = at > 0 ? text.charCodeAt(at - 1) : -1;
    const after = text.charCodeAt(at + tagMarker.length);
    if (before !== -1 && isOutcomeIdChar(before)) continue;
    if (after !== 58 /* : */ && after !== 32 && after !== 9) continue;
    markers.push(at);
  }
  return markers;
}

/** The IDs after `@outcome`, read from `from` up to `limit` (the comment's end). */
function readTagIds(text: string, from: number, limit: number): OffsetHit[] {
  const ids: OffsetHit[] = [];
  let p = from;
  if (text.charCodeAt(p) === 58) p++;
  let separatedByComma = true;
  while (p < limit) {
    p = skipBlanks(text, p, limit);
    if (p >= limit || !isOutcomeIdStart(text.charCodeAt(p))) break;
    let wordEnd = p;
    while (wordEnd < limit && isOutcomeIdChar(text.charCodeAt(wordEnd))) wordEnd++;
    const word = text.slice(p, wordEnd);
    const id = word.slice(0, trimmedOutcomeIdLength(word));
    if (!separatedByComma && !/\d/.test(id)) break;
    ids.push({ id, start: p, end: p + id.length });
    p = skipBlanks(text, wordEnd, limit);
    separatedByComma = text.charCodeAt(p) === 44; /* , */
    if (separatedByComma) p++;
  }
  return ids;
}

function skipBlanks(text: string, from: number, limit: number): number {
  let p = from;
  while (p < limit) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9) break;
    p++;
  }
  return p;
}

const globalCopies = new WeakMap<RegExp, RegExp>();

/** A `g` copy of a caller's pattern, so scanning never disturbs its `lastIndex`. */
function globalCopyOf(pattern: RegExp): RegExp {
  let copy = globalCopies.get(pattern);
  if (!copy) {
    copy = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`);
    globalCopies.set(pattern, copy);
  }
  return copy;
}

function findTicketCandidates(text: string, patterns: readonly RegExp[]): OffsetHit[] {
  const found: OffsetHit[] = [];
  for (const pattern of patterns) {
    const global = globalCopyOf(pattern);
    global.lastIndex = 0;
    for (let match = global.exec(text); match; match = global.exec(text)) {
      const id = match[0];
      if (id === '') {
        global.lastIndex++;
        continue;
      }
      const start = match.index;
      const end = start + id.length;
      if (isWordCharAt(text, start - 1) || isWordCharAt(text, end)) continue;
      found.push({ id, start, end });
    }
  }
  if (patterns.length > 1) {
    // Two patterns can find the same ID; keep one of each, in text order.
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    return found.filter((hit, i) => i === 0 || hit.start !== found[i - 1]?.start || hit.id !== found[i - 1]?.id);
  }
  return found;
}

function isWordCharAt(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return false;
  const c = text.charCodeAt(at);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The end of the comment body holding `offset`, or undefined when it is not in one. */
function commentEndAround({ starts, ends }: CommentRanges, offset: number): number | undefined {
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((starts[mid] ?? 0) > offset) high = mid - 1;
    else low = mid + 1;
  }
  // `high` is now the last comment starting at or before `offset`.
  const end = ends[high];
  return end !== undefined && offset < end ? end : undefined;
}

/** Whether `hit` overlaps one of `sorted` (ascending, disjoint spans). */
function overlapsAny(sorted: readonly OffsetHit[], hit: OffsetHit): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = sorted[mid];
    if (!span) return false;
    if (span.end <= hit.start) low = mid + 1;
    else if (span.start >= hit.end) high = mid - 1;
    else return true;
  }
  return false;
}

/** Offsets to 1-based line and column, with the line table built only when needed. */
class LinePositions {
  private lineStarts: number[] | undefined;

  /** `last`: the largest offset that will be asked about; lines after it are not looked for. */
  constructor(
    private readonly text: string,
    private readonly last: number,
  ) {}

  toTextHit(hit: OffsetHit): TextHit {
    const starts = (this.lineStarts ??= computeLineStarts(this.text, this.last));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= hit.start) low = mid;
      else high = mid - 1;
    }
    const lineStart = starts[low] ?? 0;
    return { id: hit.id, line: low + 1, column: hit.start - lineStart + 1, endColumn: hit.end - lineStart + 1 };
  }
}

/** The offsets where lines start, up to the line holding `last`. */
function computeLineStarts(text: string, last: number): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let at = text.indexOf('\n'); at >= 0 && at < last; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return starts;
  }
  for (let i = 0; i < text.length && i < last; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
