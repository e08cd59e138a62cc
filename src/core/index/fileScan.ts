// Reading one file's content for the index: the checks that decide whether it is scanned at
// all (binary, too large) and the scan itself. Shared by the in-thread path and the workers,
// so both produce the same result for the same bytes.
import { scanText } from '../tags/tagScanner';
import type { TextHit } from '../tags/tagScanner';

/** Files larger than this are listed (path rules still apply) but their content is not read. */
export const defaultMaxFileBytes = 1024 * 1024;

/** git's own heuristic: a NUL byte in the first 8 KB makes a file binary. */
const binarySniffBytes = 8000;

export type ContentStatus =
  | 'scanned'
  | 'binary'
  | 'too-large'
  /** Gone between listing and reading, a folder (submodule, symlink to one), or no permission. */
  | 'unreadable'
  /** Not read: a pre-filter showed it cannot hold a tag or a mapped ticket. */
  | 'no-match';

export interface ContentScan {
  status: ContentStatus;
  tags: TextHit[];
  tickets: TextHit[];
}

/** How ticket patterns cross a worker boundary: RegExp objects cannot be posted as they are. */
export interface PatternSource {
  source: string;
  flags: string;
}

export function toPatternSources(patterns: readonly RegExp[]): PatternSource[] {
  return patterns.map((p) => ({ source: p.source, flags: p.flags }));
}

/** Whether `value` (read back from a cache entry) is a list of pattern sources. */
export function isPatternSources(value: unknown): value is PatternSource[] {
  return Array.isArray(value) && value.every((p: unknown) => typeof p === 'object' && p !== null && typeof (p as PatternSource).source === 'string' && typeof (p as PatternSource).flags === 'string');
}

export function fromPatternSources(sources: readonly PatternSource[]): RegExp[] {
  return sources.map((p) => new RegExp(p.source, p.flags));
}

export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, binarySniffBytes).indexOf(0) >= 0;
}

const emptyScan = (status: ContentStatus): ContentScan => ({ status, tags: [], tickets: [] });

const utf8 = new TextDecoder('utf-8');

/** Scans bytes already read; `relativePath` picks the comment syntax by file name. */
export function scanFileBytes(relativePath: string, bytes: Uint8Array, ticketPatterns: readonly RegExp[], maxFileBytes = defaultMaxFileBytes): ContentScan {
  if (bytes.length > maxFileBytes) return emptyScan('too-large');
  if (isBinary(bytes)) return emptyScan('binary');
  return scanFileText(relativePath, utf8.decode(bytes), ticketPatterns);
}

/** Scans text (an open editor's unsaved buffer, or decoded file content). */
export function scanFileText(relativePath: string, text: string, ticketPatterns: readonly RegExp[]): ContentScan {
  const { tags, tickets } = scanText(text, { fileName: relativePath, ticketPatterns });
  return { status: 'scanned', tags, tickets };
}

export function skippedScan(status: Exclude<ContentStatus, 'scanned'>): ContentScan {
  return emptyScan(status);
}
