// Minimal text edits: what the core computes and the editor applies (as one WorkspaceEdit, so
// one undo reverts it). Offsets are UTF-16 indices into the text the edit was computed for,
// the same units as `TextDocument.positionAt`.

export interface TextEdit {
  offset: number;
  /** Characters replaced; 0 for an insertion. */
  length: number;
  text: string;
}

/** What an edit command ends with: an edit to apply, or why there is none. */
export type EditOutcome<Extra = object> =
  | ({ status: 'edited'; edits: TextEdit[]; /** The whole text after the edits. */ text: string } & Extra)
  /** Nothing to do: already there (a duplicate rule, ticket, tag or trailer). */
  | { status: 'unchanged'; reason: string }
  /** Cannot be done safely (unknown outcome, unsupported shape, no comment syntax). */
  | { status: 'failed'; reason: string };

/** Applies non-overlapping edits; insertions at one offset land in the order given. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((edit, index) => ({ ...edit, index })).sort((a, b) => b.offset - a.offset || b.index - a.index);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.offset < 0 || edit.offset + edit.length > Math.min(result.length, limit)) throw new Error('overlapping or out-of-range text edits');
    result = result.slice(0, edit.offset) + edit.text + result.slice(edit.offset + edit.length);
    limit = edit.offset;
  }
  return result;
}

/** The text's line ending: the first one it uses, `\n` when it has none. */
export function lineEnding(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
}

/** Offset of the line break (or the text end) of the line holding `offset`. */
export function lineEndAt(text: string, offset: number): number {
  for (let at = offset; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) return at;
  }
  return text.length;
}

/** Offset of the first character of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  for (let at = Math.min(offset, text.length) - 1; at >= 0; at--) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) return at + 1;
  }
  return 0;
}

/** Offset just past the line break ending the line holding `offset` (the text end on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const end = lineEndAt(text, offset);
  if (end >= text.length) return end;
  return text.startsWith('\r\n', end) ? end + 2 : end + 1;
}

/** The spaces and tabs a line starts with. */
export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}
