// Reading the layout of YAML source text around a node: where its content ends, how its list
// items are indented and separated, how its scalars are quoted. The config edits use these to
// write new entries the way the file already writes its own.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import type { CST, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { leadingWhitespace, lineEndAt, lineStartAt } from './textEdit';

export type QuoteStyle = 'plain' | 'single' | 'double';

/** Offset just past the last character of a node's content (trailing comments and line breaks excluded). */
export function contentEnd(text: string, node: unknown): number | undefined {
  if (isPair(node)) return contentEnd(text, node.value) ?? contentEnd(text, node.key);
  if (!isScalar(node) && !isAlias(node) && !isCollection(node)) return undefined;
  if (isCollection(node) && !node.flow) {
    for (let i = node.items.length - 1; i >= 0; i--) {
      const end = contentEnd(text, node.items[i]);
      if (end !== undefined) return end;
    }
    return undefined;
  }
  const range = node.range;
  if (!range) return undefined;
  let end = range[1];
  // A key with no value (`paths:`) gets an empty null scalar placed after the colon.
  if (isScalar(node) && node.value === null && range[0] === range[1]) return undefined;
  // Block scalars include their final line break(s).
  while (end > range[0] && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return end;
}

/** Offset of the first character of a node or pair (its key for a pair). */
export function contentStart(node: unknown): number | undefined {
  if (isPair(node)) return contentStart(node.key) ?? contentStart(node.value);
  if (!isScalar(node) && !isAlias(node) && !isCollection(node)) return undefined;
  return node.range?.[0];
}

export function scalarStyle(node: unknown): QuoteStyle | undefined {
  if (!isScalar(node)) return undefined;
  if (node.type === Scalar.QUOTE_DOUBLE) return 'double';
  if (node.type === Scalar.QUOTE_SINGLE) return 'single';
  if (node.type === Scalar.PLAIN) return 'plain';
  return undefined;
}

/** The quoting all of `nodes` share, when they are quoted alike (a JSON-style file, say). */
export function sharedQuoteStyle(nodes: readonly unknown[]): 'single' | 'double' | undefined {
  const styles = new Set(nodes.map(scalarStyle));
  const [only] = styles;
  return styles.size === 1 && (only === 'single' || only === 'double') ? only : undefined;
}

/**
 * `value` as a YAML scalar in a block (`- value`) or flow (`[a, value]`) context: in `quote`
 * when asked, else plain when plain reads back as the same string, else double-quoted.
 */
export function renderScalar(value: string, context: 'block' | 'flow', quote?: 'single' | 'double'): string {
  if (quote === undefined && plainReadsBack(value, context)) return value;
  if (quote === 'single' && !hasControlCharacter(value)) return `'${value.replaceAll("'", "''")}'`;
  // JSON strings are valid YAML double-quoted scalars.
  return JSON.stringify(value);
}

function plainReadsBack(value: string, context: 'block' | 'flow'): boolean {
  if (value === '' || /^\s|\s$/.test(value) || hasControlCharacter(value)) return false;
  const source = context === 'block' ? `- ${value}\n` : `[${value}]\n`;
  const doc = parseDocument(source);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return false;
  const items = (doc.contents as YAMLSeq | null)?.items;
  return isDeepStrictEqual(doc.toJS(), [value]) && items?.length === 1 && scalarStyle(items[0]) === 'plain';
}

/** Line breaks, tabs and other control characters: only a double-quoted scalar writes them safely. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** What precedes a node on its line, as indentation: `  - ` becomes four spaces, tabs stay. */
export function indentationBefore(text: string, offset: number): string {
  const before = text.slice(lineStartAt(text, offset), offset);
  return before.replace(/[^\t]/g, ' ');
}

/** Whether only spaces and tabs precede `offset` on its line. */
export function startsItsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartAt(text, offset), offset));
}

export interface BlockItemLayout {
  /** What precedes the `-` on its line (as indentation). */
  prefix: string;
  /** Between the `-` and the item's content: usually one space. */
  separator: string;
  /** Offset of the `-`. */
  dash: number;
}

/** The layout of a block sequence's last item, read from its concrete syntax. */
export function lastBlockItemLayout(text: string, seq: YAMLSeq): BlockItemLayout | undefined {
  const token = seq.srcToken;
  if (token?.type !== 'block-seq') return undefined;
  for (let i = token.items.length - 1; i >= 0; i--) {
    const start = token.items[i]?.start ?? [];
    const index = start.findIndex((t) => t.type === 'seq-item-ind');
    const dash = start[index];
    if (!dash) continue;
    const space = start[index + 1];
    const separator = space?.type === 'space' ? space.source : ' ';
    return { prefix: indentationBefore(text, dash.offset), separator: separator === '' ? ' ' : separator, dash: dash.offset };
  }
  return undefined;
}

/** The `-` offsets of a block sequence's items, in order. */
export function blockItemDashes(seq: YAMLSeq): number[] {
  const token = seq.srcToken;
  if (token?.type !== 'block-seq') return [];
  return token.items.flatMap((item: CST.BlockSequence['items'][number]) => item.start.filter((t) => t.type === 'seq-item-ind').map((t) => t.offset));
}

/** Whether a blank line separates the last two items of a block sequence. */
export function itemsSeparatedByBlankLines(text: string, seq: YAMLSeq): boolean {
  const dashes = blockItemDashes(seq);
  if (dashes.length < 2 || seq.items.length < 2) return false;
  const previousEnd = contentEnd(text, seq.items[seq.items.length - 2]);
  const lastDash = dashes[dashes.length - 1];
  if (previousEnd === undefined || lastDash === undefined) return false;
  return blankLineBetween(text, previousEnd, lastDash);
}

/** Whether a blank line lies between the line holding `end` and the line holding `start`. */
export function blankLineBetween(text: string, end: number, start: number): boolean {
  const between = text.slice(lineEndAt(text, end), lineStartAt(text, start));
  // The break ending `end`'s line, then whole lines: the pieces strictly between are lines.
  return between.split(/\r\n|\n|\r/).slice(1, -1).some((line) => line.trim() === '');
}

/** The indentation of the keys of a block mapping, from a key that starts its own line. */
export function blockMapKeyIndent(text: string, map: YAMLMap): string | undefined {
  for (const pair of map.items) {
    const start = contentStart(pair);
    if (start !== undefined && startsItsLine(text, start)) return text.slice(lineStartAt(text, start), start);
  }
  const first = contentStart(map.items[0]);
  return first === undefined ? undefined : indentationBefore(text, first);
}

/**
 * How a block sequence under a key is indented relative to the key: `'  '` for
 * `paths:\n  - a`, `''` for the indentless `paths:\n- a`.
 */
export function sequenceIndentUnder(text: string, pair: Pair, seq: YAMLSeq): string | undefined {
  const keyStart = contentStart(pair.key);
  const layout = lastBlockItemLayout(text, seq);
  if (keyStart === undefined || !layout || !startsItsLine(text, layout.dash)) return undefined;
  const keyIndent = indentationBefore(text, keyStart);
  return layout.prefix.startsWith(keyIndent) ? layout.prefix.slice(keyIndent.length) : undefined;
}

/** Leading whitespace of the line holding `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return leadingWhitespace(text.slice(start, lineEndAt(text, start)));
}

export function isBlockSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && !node.flow;
}

export function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow;
}

/** Not a type guard on purpose: a node that is not flow is still the same map or list. */
export function isFlowCollection(node: unknown): boolean {
  return isCollection(node) && node.flow === true;
}

export type { Node };
