/*
 * Adding a git trailer (`Outcome: KR-1`) to a commit message the way `git interpret-trailers`
 * reads trailers back:
 *
 * - trailers live in the message's last paragraph, and never in the first (the subject);
 * - that paragraph is a trailer block when all its lines are trailers (`Key: value`, the
 *   key made of letters, digits and `-`, whitespace allowed before the colon) or their
 *   indented continuations, or when at least a quarter of them are and one is git's own
 *   (`Signed-off-by: `, `(cherry picked from commit `); `#` comment lines do not count;
 * - a new trailer joins an existing block; otherwise it starts one after a blank line.
 *
 * An identical trailer (same key, compared case-insensitively as git does, same value) is not
 * added twice. The message keeps its line endings; trailing blank lines are dropped.
 */
import { lineEnding } from './textEdit';

export type TrailerOutcome = { status: 'edited'; message: string } | { status: 'unchanged'; reason: string };

const gitGeneratedPrefixes = ['Signed-off-by: ', '(cherry picked from commit '];

export interface Trailer {
  key: string;
  value: string;
}

export function addTrailer(message: string, key: string, value: string): TrailerOutcome {
  const eol = lineEnding(message);
  const lines = message.split(/\r\n|\n|\r/);
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
  const trailer = `${key}: ${value}`;
  if (lines.length === 0) return { status: 'edited', message: `${eol}${eol}${trailer}` };
  const block = trailerBlock(lines);
  if (block && block.trailers.some((t) => t.key.toLowerCase() === key.toLowerCase() && t.value === value)) {
    return { status: 'unchanged', reason: `the message already has the trailer "${trailer}"` };
  }
  const body = lines.join(eol);
  return { status: 'edited', message: block ? `${body}${eol}${trailer}` : `${body}${eol}${eol}${trailer}` };
}

/** The trailers of a message, as git reads them (continuation lines joined with a space). */
export function parseTrailers(message: string): Trailer[] {
  const lines = message.split(/\r\n|\n|\r/);
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
  return trailerBlock(lines)?.trailers ?? [];
}

function trailerBlock(lines: readonly string[]): { start: number; trailers: Trailer[] } | undefined {
  const titleEnd = endOfTitle(lines);
  let start = lines.length;
  while (start > titleEnd && (lines[start - 1] ?? '').trim() !== '') start--;
  if (start <= titleEnd) return undefined;
  const paragraph = lines.slice(start).filter((line) => !line.startsWith('#'));
  let trailerLines = 0;
  let nonTrailerLines = 0;
  let recognizedPrefix = false;
  // An indented line continues the trailer above it; after anything else it is plain text.
  let afterTrailer = false;
  const trailers: Trailer[] = [];
  for (const line of paragraph) {
    const generated = gitGeneratedPrefixes.some((prefix) => line.startsWith(prefix));
    const separator = generated ? line.indexOf(':') : separatorIndex(line);
    if (generated || separator > 0) {
      trailerLines++;
      recognizedPrefix ||= generated;
      afterTrailer = true;
      if (separator > 0) trailers.push({ key: line.slice(0, separator).trim(), value: line.slice(separator + 1).trim() });
    } else if (/^\s/.test(line) && afterTrailer) {
      const last = trailers.at(-1);
      if (last) last.value = `${last.value} ${line.trim()}`.trim();
    } else {
      nonTrailerLines++;
      afterTrailer = false;
    }
  }
  const isBlock = (recognizedPrefix && trailerLines * 3 >= nonTrailerLines) || (trailerLines > 0 && nonTrailerLines === 0);
  return isBlock ? { start, trailers } : undefined;
}

/** Index after the subject paragraph: the first blank line, skipping `#` comment lines. */
function endOfTitle(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('#')) continue;
    if (line.trim() === '') return i;
  }
  return lines.length;
}

/** Offset of the `:` of a `Key: value` line (key: letters, digits, `-`; spaces before the colon allowed), or -1. */
function separatorIndex(line: string): number {
  let whitespaceFound = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === ':') return i;
    if (!whitespaceFound && /[A-Za-z0-9-]/.test(c)) continue;
    if (i !== 0 && (c === ' ' || c === '\t')) {
      whitespaceFound = true;
      continue;
    }
    break;
  }
  return -1;
}
