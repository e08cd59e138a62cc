// Finds where comments are in a text, for one language's CommentSyntax. A single forward
// pass: plain code is skipped by a native search for the next opener first character,
// comment bodies with indexOf, strings by a tight loop. No substring allocation per character.
import type { BlockComment, CommentSyntax, Delimiter, OpenerContext, StringLiteral } from './commentSyntax';

/** Comment bodies (delimiters excluded) as parallel offset arrays, ascending, disjoint. */
export interface CommentRanges {
  starts: number[];
  ends: number[];
}

interface CompiledSyntax {
  /** Delimiters by the char code of their opener's first character (ASCII only), longest opener first. */
  byFirstChar: (Delimiter[] | undefined)[];
  /** Finds the next character that has delimiters (`g`: set `lastIndex` first). */
  nextOpener: RegExp | undefined;
}

const compiledSyntaxes = new WeakMap<CommentSyntax, CompiledSyntax>();

function compile(syntax: CommentSyntax): CompiledSyntax {
  const cached = compiledSyntaxes.get(syntax);
  if (cached) return cached;
  const byFirstChar: (Delimiter[] | undefined)[] = new Array<Delimiter[] | undefined>(128).fill(undefined);
  const register = (code: number, delimiter: Delimiter): void => {
    const list = byFirstChar[code] ?? [];
    if (!list.includes(delimiter)) list.push(delimiter);
    byFirstChar[code] = list;
  };
  for (const delimiter of syntax.delimiters) {
    const first = delimiter.open[0] ?? '';
    register(first.charCodeAt(0), delimiter);
    if (delimiter.caseInsensitive) {
      register(first.toLowerCase().charCodeAt(0), delimiter);
      register(first.toUpperCase().charCodeAt(0), delimiter);
    }
  }
  // Stable sort: among equal lengths the table's order decides (docstring before string).
  for (const list of byFirstChar) list?.sort((a, b) => b.open.length - a.open.length);
  const openers = byFirstChar.flatMap((list, code) => (list ? [`\\x${code.toString(16).padStart(2, '0')}`] : []));
  const nextOpener = openers.length > 0 ? new RegExp(`[${openers.join('')}]`, 'g') : undefined;
  const compiled = { byFirstChar, nextOpener };
  compiledSyntaxes.set(syntax, compiled);
  return compiled;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const BACKSLASH = 92;

/** Line-break offsets with monotonic caches, so repeated searches stay linear overall. */
class LineBreaks {
  private nextLf = -1;
  private nextCr = -1;
  private readonly hasCr: boolean;

  constructor(private readonly text: string) {
    this.hasCr = text.includes('\r');
  }

  /** Offset of the first `\n` or `\r` at or after `from`, or the text length. */
  from(from: number): number {
    if (this.nextLf < from) {
      const found = this.text.indexOf('\n', from);
      this.nextLf = found < 0 ? this.text.length : found;
    }
    if (!this.hasCr) return this.nextLf;
    if (this.nextCr < from) {
      const found = this.text.indexOf('\r', from);
      this.nextCr = found < 0 ? this.text.length : found;
    }
    return Math.min(this.nextLf, this.nextCr);
  }
}

/**
 * Comment bodies that start before `limit` (each found in full, even past `limit`). Scanning
 * stops early because callers only care about comments holding a known candidate offset.
 */
export function findCommentRanges(text: string, syntax: CommentSyntax, limit = text.length): CommentRanges {
  const { byFirstChar, nextOpener } = compile(syntax);
  const lineBreaks = new LineBreaks(text);
  const starts: number[] = [];
  const ends: number[] = [];
  const length = text.length;
  const stop = Math.min(limit, length);
  let i = 0;
  scan: while (i < stop) {
    // Plain code is skipped in one native search for the next character that may open something.
    if (nextOpener === undefined) break;
    nextOpener.lastIndex = i;
    const next = nextOpener.exec(text);
    if (next === null || next.index >= stop) break;
    i = next.index;
    const candidates = byFirstChar[text.charCodeAt(i)];
    if (candidates === undefined) {
      i++;
      continue;
    }
    for (const delimiter of candidates) {
      if (!opensHere(text, i, delimiter)) continue;
      const bodyStart = i + delimiter.open.length;
      switch (delimiter.kind) {
        case 'line': {
          const end = lineBreaks.from(bodyStart);
          starts.push(bodyStart);
          ends.push(end);
          i = end;
          continue scan;
        }
        case 'block': {
          const close = findBlockClose(text, bodyStart, delimiter);
          starts.push(bodyStart);
          ends.push(close);
          i = Math.min(length, close + delimiter.close.length);
          continue scan;
        }
        case 'string': {
          const after = delimiter.charLiteral ? skipCharLiteral(text, i) : skipString(text, bodyStart, delimiter);
          if (after < 0) continue;
          i = after;
          continue scan;
        }
      }
    }
    i++;
  }
  return { starts, ends };
}

function opensHere(text: string, at: number, delimiter: Delimiter): boolean {
  const { open } = delimiter;
  if (delimiter.caseInsensitive) {
    if (text.slice(at, at + open.length).toUpperCase() !== open.toUpperCase()) return false;
  } else if (open.length > 1 && !text.startsWith(open, at)) {
    return false;
  }
  if (delimiter.wholeWord && isWordChar(text.charCodeAt(at + open.length))) return false;
  return delimiter.context === undefined || contextAllows(text, at, delimiter.context);
}

function contextAllows(text: string, at: number, context: OpenerContext): boolean {
  const before = at > 0 ? text.charCodeAt(at - 1) : -1;
  switch (context) {
    case 'lineStart':
      return isLineStart(text, skipIndentBackwards(text, at));
    case 'wordStart':
      return before === -1 || isWhitespace(before) || ';|&()'.includes(String.fromCharCode(before));
    case 'notEscaped':
      return before !== BACKSLASH;
    case 'valueStart': {
      const start = skipIndentBackwards(text, at);
      return isLineStart(text, start) || ':-[{,='.includes(text.charAt(start - 1));
    }
    case 'notAfterOperand':
      return before === -1 || !(isWordChar(before) || ')]}.\'"'.includes(String.fromCharCode(before)));
  }
}

function skipIndentBackwards(text: string, at: number): number {
  let p = at;
  while (p > 0) {
    const c = text.charCodeAt(p - 1);
    if (c !== SPACE && c !== TAB) break;
    p--;
  }
  return p;
}

function isLineStart(text: string, at: number): boolean {
  if (at === 0) return true;
  const c = text.charCodeAt(at - 1);
  return c === LF || c === CR;
}

function isWhitespace(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === CR;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Offset of the closer that ends the comment, or the text length when it never closes. */
function findBlockClose(text: string, from: number, delimiter: BlockComment): number {
  const { open, close } = delimiter;
  if (!delimiter.nests) {
    const end = text.indexOf(close, from);
    return end < 0 ? text.length : end;
  }
  let depth = 1;
  let pos = from;
  let nextOpen = -2;
  while (true) {
    const nextClose = text.indexOf(close, pos);
    if (nextClose < 0) return text.length;
    if (nextOpen !== -1 && nextOpen < pos) nextOpen = text.indexOf(open, pos);
    if (nextOpen >= 0 && nextOpen < nextClose) {
      depth++;
      pos = nextOpen + open.length;
      continue;
    }
    depth--;
    if (depth === 0) return nextClose;
    pos = nextClose + close.length;
  }
}

/** Offset just after the string that opens at `from - open.length`. */
function skipString(text: string, from: number, delimiter: StringLiteral): number {
  const { close } = delimiter;
  const closeFirst = close.charCodeAt(0);
  const escape = delimiter.escape === undefined ? -1 : delimiter.escape.charCodeAt(0);
  const length = text.length;
  let p = from;
  while (p < length) {
    const c = text.charCodeAt(p);
    if (c === escape) {
      p += 2;
      continue;
    }
    if (c === closeFirst && (close.length === 1 || text.startsWith(close, p))) return p + close.length;
    if (!delimiter.multiline && (c === LF || c === CR)) return p;
    p++;
  }
  return length;
}

/** Offset after `'x'`, `'\n'` or `'\u{1F600}'` opening at `at`; -1 when it is no literal. */
function skipCharLiteral(text: string, at: number): number {
  const QUOTE = 39;
  const first = text.charCodeAt(at + 1);
  if (first === BACKSLASH) {
    for (let p = at + 3; p < Math.min(text.length, at + 14); p++) {
      const c = text.charCodeAt(p);
      if (c === QUOTE) return p + 1;
      if (c === LF || c === CR) return -1;
    }
    return -1;
  }
  if (Number.isNaN(first) || first === QUOTE || first === LF || first === CR) return -1;
  const width = first >= 0xd800 && first <= 0xdbff ? 2 : 1;
  return text.charCodeAt(at + 1 + width) === QUOTE ? at + 2 + width : -1;
}
