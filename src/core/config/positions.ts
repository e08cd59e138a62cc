// Offsets in the decoded text → the 1-based line/column positions problems carry.
import { LineCounter } from 'yaml';
import type { Position, SourceRange } from './model';

export class SourceText {
  readonly lineCounter = new LineCounter();

  constructor(readonly text: string) {}

  /** Call after parsing: yaml fills `lineCounter` while it lexes. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const { line, col } = this.lineCounter.linePos(clamped);
    // linePos counts UTF-16 code units because offsets index the JS string.
    return { line, column: col };
  }

  /**
   * The range from `start` to `end`, with trailing whitespace and line breaks dropped:
   * yaml's block nodes end at the start of the following line, which would make an
   * editor underline one line too many.
   */
  range(start: number, end: number): SourceRange {
    let trimmedEnd = Math.min(end, this.text.length);
    while (trimmedEnd > start && /\s/.test(this.text.charAt(trimmedEnd - 1))) trimmedEnd--;
    return { start: this.position(start), end: this.position(trimmedEnd) };
  }

  /** From `start` to the end of its line (for pointing at a mapping without covering all of it). */
  firstLineRange(start: number, end: number): SourceRange {
    let lineEnd = start;
    while (lineEnd < end && lineEnd < this.text.length && this.text.charAt(lineEnd) !== '\n' && this.text.charAt(lineEnd) !== '\r') lineEnd++;
    return this.range(start, lineEnd);
  }
}

export { startOfFile } from './configFile';
