// Where outcome IDs are under a cursor: the ID token at a column (hover, definition,
// references) and whether the cursor is where an ID is being typed (completion).
import { findCommentRanges } from './commentLexer';
import { commentSyntaxFor } from './commentSyntax';
import { isOutcomeIdChar, isOutcomeIdStart, trimmedOutcomeIdLength } from './outcomeId';

export interface IdToken {
  id: string;
  /** 0-based UTF-16 offsets in the line; `end` is exclusive. */
  start: number;
  end: number;
}

/**
 * The ID-shaped token covering 0-based `character` of `line` (or ending right before it, as
 * editors report a cursor after a word), without trailing `.` or `-`. A token must start
 * with a letter and not continue a longer word: the `R-1` of `KR-1` is not a token.
 */
export function outcomeIdAt(line: string, character: number): IdToken | undefined {
  let start = Math.min(character, line.length);
  if (start > 0 && !isOutcomeIdChar(line.charCodeAt(start)) && isOutcomeIdChar(line.charCodeAt(start - 1))) start--;
  if (!isOutcomeIdChar(line.charCodeAt(start))) return undefined;
  while (start > 0 && isOutcomeIdChar(line.charCodeAt(start - 1))) start--;
  // Digits, `_`, `.` and `-` may sit inside an ID but not start one.
  if (!isOutcomeIdStart(line.charCodeAt(start))) return undefined;
  let end = start;
  while (end < line.length && isOutcomeIdChar(line.charCodeAt(end))) end++;
  const id = line.slice(start, start + trimmedOutcomeIdLength(line.slice(start, end)));
  const tokenEnd = start + id.length;
  if (character > tokenEnd || character < start) return undefined;
  return { id, start, end: tokenEnd };
}

export type IdCompletionKind = 'tag' | 'parent' | 'trailer';

export interface IdCompletionContext {
  kind: IdCompletionKind;
  /** Offset in the text where the ID being typed starts (the cursor when nothing is typed yet). */
  start: number;
  /** IDs already in the same list, which completion leaves out. */
  listed: string[];
}

export interface IdCompletionOptions {
  languageId?: string | undefined;
  fileName?: string | undefined;
  /** The text is the outcome config: `parent:` values complete. */
  isConfig?: boolean;
  /** The text is a commit message: `Outcome:` trailers complete. */
  isCommitMessage?: boolean;
}

const idChars = String.raw`[A-Za-z][A-Za-z0-9_.\-]*`;
/** IDs then a comma, as many as written, then the ID being typed (maybe nothing yet). */
const listThenPartial = new RegExp(String.raw`^((?:${idChars}[ \t]*,[ \t]*)*)(${idChars})?$`);
const parentLine = new RegExp(String.raw`^[ \t]*(?:-[ \t]+)?parent:[ \t]*["']?(${idChars})?$`);
const trailerLine = /^[ \t]*outcome:[ \t]*/i;
const tagMarker = '@outcome';

/**
 * Whether an outcome ID is being typed at `offset`: after `@outcome ` (or after `, ` in its
 * list) inside a comment, after `parent:` in the config, after `Outcome:` in a commit message.
 * Only the text before the cursor on its line is read, plus the comments before it.
 */
export function idCompletionContext(text: string, offset: number, options: IdCompletionOptions = {}): IdCompletionContext | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const before = text.slice(lineStart, offset);

  if (options.isConfig) {
    const parent = parentLine.exec(before);
    if (parent) return { kind: 'parent', start: offset - (parent[1]?.length ?? 0), listed: [] };
  }
  if (options.isCommitMessage) {
    const trailer = trailerLine.exec(before);
    if (trailer && !before.includes(tagMarker)) {
      const list = listThenPartial.exec(before.slice(trailer[0].length));
      if (list) return { kind: 'trailer', start: offset - (list[2]?.length ?? 0), listed: listedIds(list[1] ?? '') };
    }
  }

  const marker = lastTagMarker(before);
  if (marker === undefined) return undefined;
  let rest = before.slice(marker + tagMarker.length);
  const separator = /^(?::[ \t]*|[ \t]+)/.exec(rest);
  if (!separator) return undefined;
  rest = rest.slice(separator[0].length);
  const list = listThenPartial.exec(rest);
  if (!list) return undefined;
  const markerOffset = lineStart + marker;
  // A commit message has no comment syntax: the whole message is prose.
  if (!options.isCommitMessage && !insideComment(text, markerOffset, offset, options)) return undefined;
  return { kind: 'tag', start: offset - (list[2]?.length ?? 0), listed: listedIds(list[1] ?? '') };
}

function lastTagMarker(line: string): number | undefined {
  for (let at = line.lastIndexOf(tagMarker); at >= 0; at = at === 0 ? -1 : line.lastIndexOf(tagMarker, at - 1)) {
    const before = at > 0 ? line.charCodeAt(at - 1) : -1;
    if (before === -1 || !isOutcomeIdChar(before)) return at;
  }
  return undefined;
}

function listedIds(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Whether `marker` and the cursor sit in the same comment of the text's language. */
function insideComment(text: string, marker: number, cursor: number, options: IdCompletionOptions): boolean {
  const { starts, ends } = findCommentRanges(text, commentSyntaxFor(options), marker + 1);
  const last = starts.length - 1;
  const start = starts[last];
  const end = ends[last];
  return start !== undefined && end !== undefined && start <= marker && cursor <= end;
}
