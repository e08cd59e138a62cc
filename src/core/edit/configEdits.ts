/*
 * Edits to outcomes.yaml that lose nothing.
 *
 * Every edit here is a set of pure insertions into the user's text, placed and written the
 * way the file already writes such things: after the last item of a list, with that item's
 * indentation, dash spacing, quoting and line endings; inside `[...]`/`{...}` flow
 * collections (single-line or one item per line, with or without a trailing comma, tab
 * indentation included); a missing `paths`/`tickets` key in the style the other outcomes
 * use. Comments, blank lines, key order and quoting elsewhere are untouched because nothing
 * else is touched. As a last guard the result is parsed again and must read back as exactly
 * the old data plus the new values; anything else is refused, never written.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { findPair } from '../config/yamlNodes';
import type { EditOutcome, TextEdit } from './textEdit';
import { applyEdits, lineEndAt, lineEnding, lineStartAt } from './textEdit';
import {
  blankLineBetween,
  blockMapKeyIndent,
  contentEnd,
  contentStart,
  isBlockMap,
  isBlockSeq,
  isFlowCollection,
  itemsSeparatedByBlankLines,
  lastBlockItemLayout,
  renderScalar,
  scalarStyle,
  sequenceIndentUnder,
  sharedQuoteStyle,
  startsItsLine,
} from './yamlText';

export type OutcomeListKey = 'paths' | 'tickets';

/** A span of the edited text to select or reveal (the first value added, a placeholder title). */
export interface Focus {
  offset: number;
  length: number;
}

export type ListEditOutcome = EditOutcome<{ added: string[]; skipped: string[]; focus: Focus }>;
export type OutcomeEntryEditOutcome = EditOutcome<{ focus: Focus }>;

const listLabels: Record<OutcomeListKey, string> = { paths: 'paths', tickets: 'tickets' };

/** An insertion of several pieces at one offset; `focusAt` marks a piece to select afterwards. */
interface Insertion {
  offset: number;
  pieces: string[];
  focusPiece?: number;
}

class EditFailure extends Error {}

/**
 * Appends `values` to the `paths` or `tickets` list of outcome `outcomeId`, creating the key
 * when the outcome has none. Values already in the list are skipped (and reported).
 */
export function addToOutcomeList(text: string, outcomeId: string, key: OutcomeListKey, values: readonly string[]): ListEditOutcome {
  try {
    const doc = parseForEdit(text);
    const outcome = findOutcome(doc, outcomeId);
    if (!outcome) return { status: 'failed', reason: `outcome "${outcomeId}" is not in the config` };
    const pair = findPair(outcome, key);
    const existing = pair ? listValues(pair, outcomeId, key) : [];
    const added: string[] = [];
    const skipped: string[] = [];
    for (const value of values) {
      if (existing.includes(value) || added.includes(value)) skipped.push(value);
      else added.push(value);
    }
    if (added.length === 0) {
      const what = skipped.map((v) => `"${v}"`).join(', ');
      return { status: 'unchanged', reason: `${what} ${skipped.length === 1 ? 'is' : 'are'} already in the ${listLabels[key]} of ${outcomeId}` };
    }
    const eol = lineEnding(text);
    const insertions = pair ? appendToList(text, pair, added, eol) : addListKey(text, doc, outcome, key, added, eol);
    const expected = doc.toJS() as unknown;
    const target = outcomeData(expected, outcomeId);
    const current: unknown = target[key];
    target[key] = [...(Array.isArray(current) ? (current as unknown[]) : []), ...added];
    const { edits, newText, focus } = finish(text, insertions, expected);
    return { status: 'edited', edits, text: newText, added, skipped, focus };
  } catch (error) {
    if (error instanceof EditFailure) return { status: 'failed', reason: error.message };
    throw error;
  }
}

/** Appends a new outcome `{ id, title }` to `outcomes` (creating the list, or the whole config, when missing). */
export function addOutcomeEntry(text: string, id: string, title: string): OutcomeEntryEditOutcome {
  try {
    const eol = lineEnding(text);
    const doc = parseForEdit(text);
    if (findOutcome(doc, id)) return { status: 'unchanged', reason: `outcome "${id}" is already in the config` };
    const root = doc.contents;
    let insertions: Insertion[];
    let expected: unknown;
    if (root === null || (isScalar(root) && root.value === null)) {
      insertions = [starterInsertion(text, id, title, eol)];
      expected = { version: 1, outcomes: [{ id, title }] };
    } else {
      if (!isMap(root)) throw new EditFailure('the config is not a mapping of keys such as "version" and "outcomes"');
      const pair = findPair(root, 'outcomes');
      expected = doc.toJS() as unknown;
      const data = expected as Record<string, unknown>;
      if (!pair) {
        insertions = addOutcomesKey(text, root, id, title, eol);
        data['outcomes'] = [{ id, title }];
      } else {
        if (!isSeq(pair.value)) throw new EditFailure('"outcomes" is not a list');
        insertions = appendOutcome(text, pair.value, id, title, eol);
        data['outcomes'] = [...(data['outcomes'] as unknown[]), { id, title }];
      }
    }
    const { edits, newText, focus } = finish(text, insertions, expected);
    return { status: 'edited', edits, text: newText, focus };
  } catch (error) {
    if (error instanceof EditFailure) return { status: 'failed', reason: error.message };
    throw error;
  }
}

function parseForEdit(text: string): Document {
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true, merge: true });
  const [error] = doc.errors;
  if (error) throw new EditFailure(`the config is not valid YAML (${(error.message.split('\n')[0] ?? error.code).replace(/:$/, '')})`);
  return doc;
}

function findOutcome(doc: Document, id: string): YAMLMap | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const outcomes = findPair(root, 'outcomes')?.value;
  if (!isSeq(outcomes)) return undefined;
  for (const item of outcomes.items) {
    if (!isMap(item)) continue;
    const idNode = findPair(item, 'id')?.value;
    if (isScalar(idNode) && String(idNode.value) === id) return item;
  }
  return undefined;
}

function listValues(pair: Pair, outcomeId: string, key: OutcomeListKey): string[] {
  if (!isSeq(pair.value)) throw new EditFailure(`"${key}" of ${outcomeId} is not a list`);
  return pair.value.items.map((item) => (isScalar(item) ? String(item.value) : ''));
}

function outcomeData(data: unknown, outcomeId: string): Record<string, unknown> {
  const outcomes = (data as { outcomes?: unknown }).outcomes;
  const found = Array.isArray(outcomes) ? (outcomes as unknown[]).find((o) => (o as { id?: unknown } | null)?.id === outcomeId) : undefined;
  if (typeof found !== 'object' || found === null) throw new EditFailure(`outcome "${outcomeId}" could not be read back`);
  return found as Record<string, unknown>;
}

/** Turns insertions into edits, applies them and checks that the result reads back as `expected`. */
function finish(text: string, insertions: readonly Insertion[], expected: unknown): { edits: TextEdit[]; newText: string; focus: Focus } {
  const sorted = [...insertions].sort((a, b) => a.offset - b.offset);
  const edits: TextEdit[] = [];
  let shift = 0;
  let focus: Focus | undefined;
  for (const insertion of sorted) {
    const insert = insertion.pieces.join('');
    if (insertion.focusPiece !== undefined && focus === undefined) {
      const before = insertion.pieces.slice(0, insertion.focusPiece).join('').length;
      focus = { offset: insertion.offset + shift + before, length: insertion.pieces[insertion.focusPiece]?.length ?? 0 };
    }
    // Insertions at one offset become one edit, in order.
    const previous = edits.at(-1);
    if (previous?.offset === insertion.offset) previous.text += insert;
    else edits.push({ offset: insertion.offset, length: 0, text: insert });
    shift += insert.length;
  }
  const newText = applyEdits(text, edits);
  const reread = parseDocument(newText, { uniqueKeys: true, merge: true });
  if (reread.errors.length > 0 || !isDeepStrictEqual(reread.toJS(), expected)) {
    throw new EditFailure('the edit could not be made without changing other parts of the file; please edit the config by hand');
  }
  return { edits, newText, focus: focus ?? { offset: sorted[0]?.offset ?? 0, length: 0 } };
}

function appendToList(text: string, pair: Pair, values: readonly string[], eol: string): Insertion[] {
  const seq = pair.value as YAMLSeq;
  const quote = sharedQuoteStyle(seq.items);
  if (isFlowCollection(seq)) return appendToFlow(text, seq, values.map((v) => renderScalar(v, 'flow', quote)), eol);
  const layout = lastBlockItemLayout(text, seq);
  const end = contentEnd(text, seq);
  if (!layout || end === undefined) throw new EditFailure('the list has a layout Outcome Lens cannot extend');
  const pieces: string[] = [];
  let focusPiece: number | undefined;
  for (const value of values) {
    pieces.push(`${eol}${layout.prefix}-${layout.separator}`);
    focusPiece ??= pieces.length;
    pieces.push(renderScalar(value, 'block', quote));
  }
  return [{ offset: itemEnd(text, end, layout.prefix), pieces, ...(focusPiece === undefined ? {} : { focusPiece }) }];
}

/**
 * Where a new block list item goes: after the last item's line, and after the comment lines
 * below it that are indented deeper than its dash (they belong to that item).
 */
function itemEnd(text: string, contentEndOffset: number, dashPrefix: string): number {
  let end = lineEndAt(text, contentEndOffset);
  let at = end;
  while (at < text.length) {
    const start = at + (text.startsWith('\r\n', at) ? 2 : 1);
    const lineEnd = lineEndAt(text, start);
    const line = text.slice(start, lineEnd);
    const trimmed = line.trimStart();
    if (trimmed.startsWith('#') && line.length - trimmed.length > dashPrefix.length) end = lineEnd;
    else if (trimmed !== '') break;
    if (lineEnd === at) break;
    at = lineEnd;
  }
  return end;
}

/**
 * Adds entries (already rendered) at the end of a flow collection, matching its layout:
 * `[a, b]` → `[a, b, c]`; one entry per line keeps one entry per line, with the last entry's
 * indentation and the trailing comma (or its absence).
 */
function appendToFlow(text: string, node: YAMLSeq | YAMLMap, entries: readonly string[], eol: string): Insertion[] {
  const range = node.range;
  if (!range) throw new EditFailure('the list has no position');
  const open = range[0];
  const close = range[1] - 1;
  if (!'[{'.includes(text.charAt(open)) || !']}'.includes(text.charAt(close))) throw new EditFailure('the list has a layout Outcome Lens cannot extend');
  const items: unknown[] = node.items;
  const last = items.at(-1);
  if (last === undefined) return [{ offset: open + 1, pieces: entries.flatMap((e, i) => (i === 0 ? [e] : [', ', e])), focusPiece: 0 }];
  const lastStart = contentStart(last);
  const lastEnd = contentEnd(text, last);
  if (lastStart === undefined || lastEnd === undefined) throw new EditFailure('the list has a layout Outcome Lens cannot extend');
  const gap = text.slice(lastEnd, close);
  const comma = trailingCommaOffset(gap);
  const ownLine = startsItsLine(text, lastStart) && lineStartAt(text, lastStart) > open;
  if (!ownLine) {
    const previous = items.at(-2);
    const previousEnd = previous === undefined ? undefined : contentEnd(text, previous);
    const between = previousEnd === undefined ? '' : text.slice(previousEnd, lastStart);
    const separator = previousEnd !== undefined && /^[ \t]*,[ \t]*$/.test(between) ? between : ', ';
    return [{ offset: lastEnd, pieces: entries.flatMap((e) => [separator, e]), focusPiece: 1 }];
  }
  const prefix = text.slice(lineStartAt(text, lastStart), lastStart);
  const closeOnLastLine = !/[\r\n]/.test(gap);
  if (closeOnLastLine) {
    return [{ offset: lastEnd, pieces: entries.flatMap((e) => [`,${eol}${prefix}`, e]), focusPiece: 1 }];
  }
  if (comma !== undefined && !/[\r\n]/.test(gap.slice(0, comma))) {
    // `  b,  # note` → a new line after it, ending in a comma like its neighbours.
    return [{ offset: lineEndAt(text, lastEnd + comma), pieces: entries.flatMap((e) => [`${eol}${prefix}`, e, ',']), focusPiece: 1 }];
  }
  const pieces = entries.flatMap((e, i) => [i === 0 ? `${eol}${prefix}` : `,${eol}${prefix}`, e]);
  return [
    { offset: lastEnd, pieces: [','] },
    { offset: lineEndAt(text, lastEnd), pieces, focusPiece: 1 },
  ];
}

/** Offset within `gap` (between the last entry and the closing bracket) of a trailing comma. */
function trailingCommaOffset(gap: string): number | undefined {
  let inComment = false;
  for (let i = 0; i < gap.length; i++) {
    const c = gap.charAt(i);
    if (c === '\n' || c === '\r') inComment = false;
    else if (inComment) continue;
    else if (c === '#') inComment = true;
    else if (c === ',') return i;
  }
  return undefined;
}

/** Adds a `paths:`/`tickets:` key to an outcome that has none, styled like the other outcomes'. */
function addListKey(text: string, doc: Document, outcome: YAMLMap, key: OutcomeListKey, values: readonly string[], eol: string): Insertion[] {
  const style = listStyle(text, doc, key);
  if (isFlowCollection(outcome)) {
    const keyQuote = sharedQuoteStyle(outcome.items.map((p) => p.key));
    // JSON-style files quote every string.
    const valueQuote = sharedQuoteStyle(outcome.items.map((p) => p.value).filter((v) => scalarStyle(v) !== undefined)) ?? keyQuote;
    const renderedKey = renderScalar(key, 'flow', keyQuote);
    const list = `[${values.map((v) => renderScalar(v, 'flow', valueQuote)).join(', ')}]`;
    return appendToFlow(text, outcome, [`${renderedKey}: ${list}`], eol);
  }
  if (!isBlockMap(outcome)) throw new EditFailure('the outcome has a layout Outcome Lens cannot extend');
  const indent = blockMapKeyIndent(text, outcome);
  const end = contentEnd(text, outcome);
  if (indent === undefined || end === undefined) throw new EditFailure('the outcome has a layout Outcome Lens cannot extend');
  const pieces: string[] = [`${eol}${indent}${key}:`];
  let focusPiece: number;
  if (style.flow) {
    const rendered = values.map((v) => renderScalar(v, 'flow', style.quote));
    pieces.push(' [');
    focusPiece = pieces.length;
    pieces.push(rendered[0] ?? '');
    for (const r of rendered.slice(1)) pieces.push(', ', r);
    pieces.push(']');
  } else {
    focusPiece = pieces.length + 1;
    for (const value of values) pieces.push(`${eol}${indent}${style.indent}- `, renderScalar(value, 'block', style.quote));
  }
  return [{ offset: lineEndAt(text, end), pieces, focusPiece }];
}

interface ListStyle {
  flow: boolean;
  /** Block lists: the dash's indentation relative to the key. */
  indent: string;
  quote?: 'single' | 'double';
}

/** How the config writes this key's lists elsewhere (other outcomes first), else any block list under a key. */
function listStyle(text: string, doc: Document, key: OutcomeListKey): ListStyle {
  const root = doc.contents;
  const outcomes = isMap(root) ? findPair(root, 'outcomes') : undefined;
  const others = isSeq(outcomes?.value) ? outcomes.value.items.filter(isMap) : [];
  let fallbackIndent: string | undefined;
  for (const other of others) {
    const pair = findPair(other, key);
    if (!pair || !isSeq(pair.value)) continue;
    const quote = sharedQuoteStyle(pair.value.items);
    if (isFlowCollection(pair.value)) return { flow: true, indent: '  ', ...(quote ? { quote } : {}) };
    const indent = sequenceIndentUnder(text, pair, pair.value);
    if (indent !== undefined) return { flow: false, indent, ...(quote ? { quote } : {}) };
  }
  for (const other of others) {
    for (const pair of other.items) {
      if (isBlockSeq(pair.value)) fallbackIndent ??= sequenceIndentUnder(text, pair, pair.value);
    }
  }
  if (outcomes && isBlockSeq(outcomes.value)) fallbackIndent ??= sequenceIndentUnder(text, outcomes, outcomes.value);
  return { flow: false, indent: fallbackIndent ?? '  ' };
}

function appendOutcome(text: string, seq: YAMLSeq, id: string, title: string, eol: string): Insertion[] {
  const quote = sharedQuoteStyle(seq.items.flatMap((item) => (isMap(item) ? item.items.map((p) => p.value) : [])));
  if (isFlowCollection(seq)) {
    const entry = flowOutcome(text, seq.items.at(-1), id, title);
    return focusOnTitle(appendToFlow(text, seq, [entry.text], eol), entry);
  }
  const layout = lastBlockItemLayout(text, seq);
  const end = contentEnd(text, seq);
  if (!layout || end === undefined) throw new EditFailure('the outcomes list has a layout Outcome Lens cannot extend');
  const last = seq.items.at(-1);
  const blank = itemsSeparatedByBlankLines(text, seq) ? eol : '';
  if (isFlowCollection(last)) {
    const entry = flowOutcome(text, last, id, title);
    return [
      {
        offset: itemEnd(text, end, layout.prefix),
        pieces: [`${eol}${blank}${layout.prefix}-${layout.separator}${entry.text.slice(0, entry.titleAt)}`, entry.text.slice(entry.titleAt, entry.titleAt + entry.titleLength), entry.text.slice(entry.titleAt + entry.titleLength)],
        focusPiece: 1,
      },
    ];
  }
  const keyIndent = isBlockMap(last) ? blockMapKeyIndentAfterDash(text, last, layout) : `${layout.prefix} ${layout.separator}`;
  return [
    {
      offset: itemEnd(text, end, layout.prefix),
      pieces: [`${eol}${blank}${layout.prefix}-${layout.separator}id: ${renderScalar(id, 'block', quote)}${eol}${keyIndent}title: `, renderScalar(title, 'block', quote)],
      focusPiece: 1,
    },
  ];
}

/** Indentation of an item's keys after its first line (`  - id: x` → four spaces). */
function blockMapKeyIndentAfterDash(text: string, map: YAMLMap, layout: { prefix: string; separator: string }): string {
  for (const pair of map.items.slice(1)) {
    const start = contentStart(pair);
    if (start !== undefined && startsItsLine(text, start)) return text.slice(lineStartAt(text, start), start);
  }
  return `${layout.prefix} ${layout.separator.replace(/[^\t]/g, ' ')}`;
}

interface FlowEntry {
  text: string;
  titleAt: number;
  titleLength: number;
}

/** The insertions of a flow entry, with the entry's title as their focus. */
function focusOnTitle(insertions: Insertion[], entry: FlowEntry): Insertion[] {
  return insertions.map((insertion) => {
    const at = insertion.focusPiece;
    if (at === undefined) return insertion;
    const piece = insertion.pieces[at] ?? '';
    const titleAt = piece.indexOf(entry.text) + entry.titleAt;
    const pieces = [...insertion.pieces];
    pieces.splice(at, 1, piece.slice(0, titleAt), piece.slice(titleAt, titleAt + entry.titleLength), piece.slice(titleAt + entry.titleLength));
    return { offset: insertion.offset, pieces, focusPiece: at + 1 };
  });
}

/** `{ id: KR-7, title: … }` written like the neighbouring flow entry (quoted keys for JSON style). */
function flowOutcome(text: string, neighbour: unknown, id: string, title: string, defaultKeyQuote?: 'single' | 'double', defaultValueQuote?: 'single' | 'double'): FlowEntry {
  const map = isMap(neighbour) ? neighbour : undefined;
  const keyQuote = map ? sharedQuoteStyle(map.items.map((p) => p.key)) : defaultKeyQuote;
  const valueQuote = (map ? sharedQuoteStyle(map.items.map((p) => p.value).filter((v) => scalarStyle(v) !== undefined)) : defaultValueQuote) ?? keyQuote;
  const key = (k: string): string => renderScalar(k, 'flow', keyQuote);
  const spaced = map?.range ? /\s/.test(text.charAt(map.range[0] + 1)) : true;
  const [open, close] = spaced ? ['{ ', ' }'] : ['{', '}'];
  const head = `${open}${key('id')}: ${renderScalar(id, 'flow', valueQuote)}, ${key('title')}: `;
  const renderedTitle = renderScalar(title, 'flow', valueQuote);
  return { text: `${head}${renderedTitle}${close}`, titleAt: head.length, titleLength: renderedTitle.length };
}

function addOutcomesKey(text: string, root: YAMLMap, id: string, title: string, eol: string): Insertion[] {
  if (isFlowCollection(root)) {
    const keyQuote = sharedQuoteStyle(root.items.map((p) => p.key));
    const valueQuote = sharedQuoteStyle(root.items.map((p) => p.value).filter((v) => scalarStyle(v) !== undefined));
    const entry = flowOutcome(text, undefined, id, title, keyQuote, valueQuote);
    return focusOnTitle(appendToFlow(text, root, [`${renderScalar('outcomes', 'flow', keyQuote)}: [${entry.text}]`], eol), entry);
  }
  const end = contentEnd(text, root);
  const indent = blockMapKeyIndent(text, root) ?? '';
  if (end === undefined) throw new EditFailure('the config has a layout Outcome Lens cannot extend');
  const blank = rootPairsSeparatedByBlankLines(text, root) ? eol : '';
  return [
    {
      offset: lineEndAt(text, end),
      pieces: [`${eol}${blank}${indent}outcomes:${eol}${indent}  - id: ${renderScalar(id, 'block')}${eol}${indent}    title: `, renderScalar(title, 'block')],
      focusPiece: 1,
    },
  ];
}

function rootPairsSeparatedByBlankLines(text: string, root: YAMLMap): boolean {
  const items = root.items;
  for (let i = 1; i < items.length; i++) {
    const previousEnd = contentEnd(text, items[i - 1]);
    const start = contentStart(items[i]);
    if (previousEnd === undefined || start === undefined) continue;
    if (blankLineBetween(text, previousEnd, start)) return true;
  }
  return false;
}

/** A config that is empty or only comments: a minimal valid one, after whatever is there. */
function starterInsertion(text: string, id: string, title: string, eol: string): Insertion {
  const needsBreak = text.length > 0 && !/[\r\n]$/.test(text);
  const head = `${needsBreak ? eol : ''}version: 1${eol}outcomes:${eol}  - id: ${renderScalar(id, 'block')}${eol}    title: `;
  return { offset: text.length, pieces: [head, renderScalar(title, 'block'), eol], focusPiece: 1 };
}
