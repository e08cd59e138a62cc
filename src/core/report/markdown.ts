// Markdown that is safe to paste into a pull request: text from the config, git and sources is
// escaped so it cannot format, link, inject HTML, break a table or @-mention anyone.
import type { Line, Segment } from './reportText';

/** Plain text: Markdown punctuation escaped, line breaks flattened, mentions defused. */
export function markdownText(value: string): string {
  return (
    value
      .replace(/\r\n?|\n/g, ' ')
      .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
      // A zero-width space after `@` keeps GitHub from notifying `@someone` in commit subjects.
      .replace(/(^|[^\w])@(?=[\w-])/g, '$1@&#8203;')
  );
}

/**
 * A code span. In a table cell `|` must be written `\|` even inside code (GFM splits cells
 * first); outside a table that would show the backslash, so the caller says which it is.
 */
export function markdownCode(value: string, inTable: boolean): string {
  let clean = value.replace(/\r\n?|\n/g, ' ');
  if (inTable) clean = clean.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

function segment(part: Segment, inTable: boolean): string {
  if (part.code) return markdownCode(part.text, inTable);
  if (part.href !== undefined) return `[${markdownText(part.text)}](<${part.href}>)`;
  return markdownText(part.text);
}

export function markdownLine(line: Line, inTable = false): string {
  return line.map((part) => segment(part, inTable)).join('');
}

/** A GFM table; cells are already Markdown (escape them with `markdownLine(…, true)`). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const row = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}
