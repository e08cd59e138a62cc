// Writing `@outcome` tags into source files: the comment in the file's own syntax, placed
// after whatever must stay first (a shebang, an XML or PHP opener, an encoding line, a
// license header), or above a symbol. Every insertion is read back with the tag scanner, so a
// tag is only written where Outcome Lens will find it again.
import type { CommentSyntax } from '../tags/commentSyntax';
import { commentSyntaxFor, defaultCommentSyntax } from '../tags/commentSyntax';
import { scanText } from '../tags/tagScanner';
import type { EditOutcome } from './textEdit';
import { applyEdits, leadingWhitespace, lineEndAt, lineEnding, nextLineStart } from './textEdit';

export interface TagFileOptions {
  /** VS Code language ID, when known (it wins over the file name). */
  languageId?: string | undefined;
  fileName?: string | undefined;
  outcomeId: string;
}

/** `line`: 0-based line of the inserted tag in the new text. */
export type TagEditOutcome = EditOutcome<{ line: number; comment: string }>;

/** Languages whose files cannot hold comments at all. */
const noComments = new Set(['json', 'plaintext', 'csv', 'tsv', 'log', 'code-text-binary']);

/** Syntaxes whose files start in markup, where only the markup comment is a comment. */
const markupFirst = new Set(['markup', 'markup-with-script', 'razor']);

/** The tag comment for a file (`// @outcome KR-1`), or why the file cannot have one. */
export function tagComment(options: TagFileOptions): { comment: string } | { reason: string } {
  const { languageId, fileName } = options;
  const label = languageId ?? fileName ?? 'these';
  if ((languageId !== undefined && noComments.has(languageId)) || (languageId === undefined && /\.json$/i.test(fileName ?? ''))) {
    return { reason: `${label} files have no comments to hold a tag` };
  }
  const syntax = commentSyntaxFor({ languageId, fileName });
  if (syntax === defaultCommentSyntax) return { reason: `Outcome Lens does not know how comments are written in ${label} files` };
  const delimiters = syntax.delimiters;
  const line = markupFirst.has(syntax.name) ? undefined : delimiters.find((d) => d.kind === 'line');
  if (line) return { comment: `${line.open} @outcome ${options.outcomeId}` };
  const block = delimiters.find((d) => d.kind === 'block');
  if (block?.kind === 'block') return { comment: `${block.open} @outcome ${options.outcomeId} ${block.close}` };
  return { reason: `${label} files have no comment syntax Outcome Lens can write` };
}

/** Inserts a file tag near the top: after a shebang, an opener line, an encoding line or a license header. */
export function tagFileEdit(text: string, options: TagFileOptions): TagEditOutcome {
  const made = tagComment(options);
  if ('reason' in made) return { status: 'failed', reason: made.reason };
  const existing = existingTag(text, options);
  if (existing !== undefined) return { status: 'unchanged', reason: `the file is already tagged ${options.outcomeId} (line ${existing})` };
  const eol = lineEnding(text);
  const offset = headerEnd(text, commentSyntaxFor(options));
  const needsBreakBefore = offset === text.length && offset > 0 && !/[\r\n]$/.test(text);
  const insert = needsBreakBefore ? `${eol}${made.comment}` : `${made.comment}${eol}`;
  return finish(text, offset, insert, lineOf(text, offset) + (needsBreakBefore ? 1 : 0), made.comment, options);
}

/** Inserts a tag comment above `line` (0-based), indented like it. */
export function tagAboveLineEdit(text: string, line: number, options: TagFileOptions): TagEditOutcome {
  const made = tagComment(options);
  if ('reason' in made) return { status: 'failed', reason: made.reason };
  const starts = lineStarts(text);
  const target = Math.max(0, Math.min(line, starts.length - 1));
  const offset = starts[target] ?? 0;
  const indent = leadingWhitespace(text.slice(offset, lineEndAt(text, offset)));
  if (target > 0) {
    const above = scanText(text, { languageId: options.languageId, fileName: options.fileName, ticketPatterns: [] }).tags;
    if (above.some((tag) => tag.id === options.outcomeId && tag.line === target)) {
      return { status: 'unchanged', reason: `line ${target + 1} already has a tag for ${options.outcomeId} above it` };
    }
  }
  const eol = lineEnding(text);
  return finish(text, offset, `${indent}${made.comment}${eol}`, target, made.comment, options);
}

function finish(text: string, offset: number, insert: string, line: number, comment: string, options: TagFileOptions): TagEditOutcome {
  const edits = [{ offset, length: 0, text: insert }];
  const newText = applyEdits(text, edits);
  const found = scanText(newText, { languageId: options.languageId, fileName: options.fileName, ticketPatterns: [] }).tags;
  if (!found.some((tag) => tag.id === options.outcomeId && tag.line === line + 1)) {
    return { status: 'failed', reason: `a tag comment at line ${line + 1} would not be read as a comment there` };
  }
  return { status: 'edited', edits, text: newText, line, comment };
}

/** 1-based line of an existing tag for the outcome. */
function existingTag(text: string, options: TagFileOptions): number | undefined {
  const tags = scanText(text, { languageId: options.languageId, fileName: options.fileName, ticketPatterns: [] }).tags;
  return tags.find((tag) => tag.id === options.outcomeId)?.line;
}

const licensePattern = /\b(copyright|licen[cs]ed?|spdx-license-identifier)\b|\(c\)|©/i;

/** Where a file's own header ends: the offset a file tag goes to. */
export function headerEnd(text: string, syntax: CommentSyntax): number {
  let offset = text.startsWith('\uFEFF') ? 1 : 0;
  const lineAt = (at: number): string => text.slice(at, lineEndAt(text, at));
  if (text.startsWith('#!', offset)) offset = nextLineStart(text, offset);
  // Openers that must stay first; a comment before them would be content (or an error).
  if (/^(<\?xml\b|<\?php\b|<!doctype\b)/i.test(lineAt(offset))) {
    const close = lineAt(offset).startsWith('<?xml') ? text.indexOf('?>', offset) : offset;
    offset = nextLineStart(text, close < 0 ? offset : close);
  }
  // PEP 263 encoding lines and editor modelines are only read on the first two lines.
  while (offset < text.length && /^[ \t\f]*#.*?(coding[:=]|-\*-.*-\*-|vim?:)/.test(lineAt(offset))) offset = nextLineStart(text, offset);
  const header = leadingCommentEnd(text, offset, syntax);
  if (header !== undefined && licensePattern.test(text.slice(offset, header))) {
    offset = header;
    // Keep the blank line that separates a license from the code; the tag goes after it.
    if (offset < text.length && lineAt(offset).trim() === '') offset = nextLineStart(text, offset);
  }
  return offset;
}

/** End (next line start) of the comment block starting at `offset`, blank lines before it allowed. */
function leadingCommentEnd(text: string, offset: number, syntax: CommentSyntax): number | undefined {
  let at = offset;
  while (at < text.length && text.slice(at, lineEndAt(text, at)).trim() === '') {
    const next = nextLineStart(text, at);
    if (next === at) break;
    at = next;
  }
  const start = (line: string): string => line.trimStart();
  const first = start(text.slice(at, lineEndAt(text, at)));
  for (const delimiter of syntax.delimiters) {
    if (delimiter.kind !== 'block' || !first.startsWith(delimiter.open)) continue;
    const openAt = text.indexOf(delimiter.open, at);
    const close = text.indexOf(delimiter.close, openAt + delimiter.open.length);
    return close < 0 ? undefined : nextLineStart(text, close + delimiter.close.length - 1);
  }
  const lineOpeners = syntax.delimiters.filter((d) => d.kind === 'line').map((d) => d.open);
  const isLineComment = (line: string): boolean => lineOpeners.some((open) => start(line).startsWith(open));
  if (!isLineComment(first)) return undefined;
  while (at < text.length && isLineComment(text.slice(at, lineEndAt(text, at)))) {
    const next = nextLineStart(text, at);
    if (next === at) return text.length;
    at = next;
  }
  return at;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 13 && text.charCodeAt(at + 1) === 10) continue;
    if (code === 10 || code === 13) starts.push(at + 1);
  }
  return starts;
}

function lineOf(text: string, offset: number): number {
  return lineStarts(text).filter((start) => start <= offset).length - 1;
}

/** A symbol from the editor's outline, without `vscode` types. Lines are 0-based. */
export interface OutlineSymbol {
  /** `vscode.SymbolKind` name: `Function`, `Method`, `Class`, `Variable`, … */
  kind: string;
  startLine: number;
  endLine: number;
  children?: readonly OutlineSymbol[];
}

/** Kinds too small to carry a tag when nested (a local variable, a field); top-level ones count. */
const memberKinds = new Set(['Variable', 'Constant', 'Property', 'Field', 'EnumMember', 'Key', 'String', 'Number', 'Boolean', 'Array', 'Null', 'Object', 'TypeParameter', 'Event', 'Operator']);

/** The start line of the innermost declaration enclosing `line`, if any. */
export function enclosingSymbolLine(symbols: readonly OutlineSymbol[], line: number): number | undefined {
  let best: OutlineSymbol | undefined;
  const walk = (list: readonly OutlineSymbol[], depth: number): void => {
    for (const symbol of list) {
      if (symbol.startLine > line || symbol.endLine < line) continue;
      // A nested variable and what its initializer holds (`reduce((a, b) => …)`) are part of the enclosing code.
      if (depth > 0 && memberKinds.has(symbol.kind)) continue;
      if (!best || symbol.startLine > best.startLine || (symbol.startLine === best.startLine && symbol.endLine < best.endLine)) best = symbol;
      walk(symbol.children ?? [], depth + 1);
    }
  };
  walk(symbols, 0);
  return best?.startLine;
}
