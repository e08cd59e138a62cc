/*
 * The CLI's cache of whole `scan` outputs, so that a scan of a tree that has not changed since
 * the last one prints that one's output instead of indexing again, and one where some files'
 * content changed, or a few files were added or deleted, patches the stored JSON with them
 * (scanJson.ts; cli/cliIndex.ts). It stands on the scan cache (scanCache.ts) and trusts git
 * exactly as far as that does.
 *
 * - An entry belongs to one root and one output form (JSON or table) and holds the output text.
 * - Its key covers everything else the output is a function of but the files indexed: the
 *   program (the CLI bundle's bytes), the Node version, the root, the form, the size limit, the
 *   config's path and exact bytes, and the exact bytes of the scan-cache entry the index took
 *   its content from (or wrote). Any difference is a miss.
 * - The list of files indexed is told by its digest (`files`): a different one is a miss too,
 *   but a stored JSON can be patched for it. So the root's listing file holds the list a
 *   stored JSON was last made from, which tells the files added and deleted since; a JSON
 *   whose digest is not that list's (another run's, or a write that failed) is not patched
 *   for a changed list.
 * - That scan-cache entry vouches for the files git shows unchanged since its commit. For the
 *   rest, those the entry cannot vouch for (untracked, unwatched, changed since the commit) and
 *   those the output's index could not read, an output entry records what their content held
 *   when the output was made (`checked`). A later run reads those files, and the files git now
 *   shows changed, again: the output is used only if every one holds what was recorded
 *   (its tags, and its tickets that a mapped ticket's key finds). Beyond `maxChecked` files, no
 *   entry is written and none is used: reading them all would cost what indexing does.
 * - Written after the output, to a temporary file renamed over the entry, like the others.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { isTextList, sha256, writeCacheEntry } from '../cacheFiles';
import type { FileSystem } from '../ports';
import { scanOneFile } from './contentScanner';
import { fromPatternSources, isPatternSources } from './fileScan';
import type { ContentScan, PatternSource } from './fileScan';

/** Bump when the stored form or the meaning of an entry changes. */
const entryFormat = 2;

/** More files to check than this, and an output is neither stored nor reused. */
export const maxChecked = 1000;

export interface OutputCacheKeyParts {
  /** Identifies the program (the CLI: a hash of its bundle). */
  code: string;
  root: string;
  /** What else the output depends on, e.g. `scan --json`. */
  form: string;
  maxFileBytes: number;
  configFile: string;
  configBytes: Uint8Array;
  /** The digest of the scan-cache entry the content came from (`ScanCacheFile`). */
  scanEntry: string;
}

export function outputCacheKey(parts: OutputCacheKeyParts): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([entryFormat, parts.code, process.version, parts.root, parts.form, parts.maxFileBytes, parts.configFile, parts.scanEntry]));
  hash.update('\0');
  hash.update(parts.configBytes);
  return hash.digest('hex');
}

/** A list of files indexed (`/`-separated, relative to the root, sorted) as entries store it, and its digest. */
export interface StoredListing {
  files: readonly string[];
  /** The files joined with NUL (which no path holds). */
  text: string;
  digest: string;
}

export function storedListing(files: readonly string[]): StoredListing {
  const text = files.join('\0');
  return { files, text, digest: sha256(text) };
}

/** What a stored output's content checks need besides the files: how to scan them, as the index did. */
export interface ContentCheckSpec {
  /** What the pre-filter searched for: a ticket hit counts only if one of these finds it (see `contentDigest`). */
  needles: string[];
  ticketPatterns: PatternSource[];
  maxFileBytes: number;
}

export interface OutputEntry extends ContentCheckSpec {
  key: string;
  /** The digest of the files indexed (`StoredListing`). */
  files: string;
  /** The files whose content a later run reads again, and what each held (`contentDigest`). */
  checked: [path: string, digest: string][];
}

/** An entry as read: its header, and the output, read only when asked for. */
export interface StoredOutput extends OutputEntry {
  /** The output, as UTF-8; `undefined` when the entry changed or went meanwhile. */
  text(): Uint8Array | undefined;
}

/**
 * What of a file's content an output depends on: its tags, and its tickets that a needle
 * finds (a file holding no needle is never read by a pre-filtered index, so any other ticket
 * it holds is unknown to it; and no such ticket is a mapped one). Two scans with the same
 * digest give the same output. A file with neither that could not be read is told apart from
 * one that held nothing, which is stricter than the output needs: it costs a miss, never a
 * wrong output.
 */
export function contentDigest(scan: ContentScan | undefined, needles: readonly string[]): string {
  if (!scan) return '';
  const tickets = scan.tickets.filter((hit) => needles.some((needle) => hit.id.includes(needle)));
  if (scan.tags.length === 0 && tickets.length === 0) return scan.status === 'unreadable' ? 'unreadable' : '';
  const hits = (list: typeof tickets) => list.map((h) => [h.id, h.line, h.column, h.endColumn]);
  return JSON.stringify([hits(scan.tags), hits(tickets)]);
}

/** One root's entry for one output form in `<directory>/outputs/`. */
export class OutputCacheFile {
  readonly file: string;

  constructor(directory: string, root: string, form: string) {
    this.file = path.join(directory, 'outputs', `${sha256(`${root}\0${form}`).slice(0, 32)}.txt`);
  }

  /** The entry, whatever its key; `undefined` when there is none or it is damaged. */
  read(): StoredOutput | undefined {
    // The header comes first; the output (megabytes) is read only on a hit.
    const headerText = readFirstLine(this.file);
    if (headerText === undefined) return undefined;
    try {
      const header = JSON.parse(headerText) as Partial<OutputEntry> & { format?: unknown };
      const { key, files, checked, needles, ticketPatterns, maxFileBytes } = header;
      if (header.format !== entryFormat || typeof key !== 'string' || typeof files !== 'string' || typeof maxFileBytes !== 'number') return undefined;
      if (!Array.isArray(checked) || !checked.every((c) => Array.isArray(c) && typeof c[0] === 'string' && typeof c[1] === 'string')) return undefined;
      if (!isTextList(needles) || !isPatternSources(ticketPatterns)) return undefined;
      return {
        key,
        files,
        checked,
        needles,
        ticketPatterns,
        maxFileBytes,
        text: () => {
          try {
            // Bytes, not a string: decoding megabytes only for the output to encode them again costs time.
            const bytes = readFileSync(this.file);
            const header = Buffer.from(`${headerText}\n`);
            return bytes.subarray(0, header.length).equals(header) ? bytes.subarray(header.length) : undefined;
          } catch {
            return undefined;
          }
        },
      };
    } catch {
      return undefined;
    }
  }

  /** Never throws: a cache that cannot be written only costs speed. */
  async write(entry: OutputEntry, output: Uint8Array): Promise<boolean> {
    const { key, files, checked, needles, ticketPatterns, maxFileBytes } = entry;
    const header = { format: entryFormat, key, files, checked, needles, ticketPatterns, maxFileBytes };
    return writeCacheEntry(this.file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), output]), Date.now());
  }
}

/** One root's listing file in `<directory>/outputs/`: the files the last stored JSON was made from. */
export class OutputListingFile {
  readonly file: string;

  constructor(directory: string, root: string) {
    this.file = path.join(directory, 'outputs', `${sha256(root).slice(0, 32)}.files`);
  }

  /** The list whose digest is `digest`; `undefined` when the file holds another, or none, or is damaged. */
  read(digest: string): string[] | undefined {
    try {
      const text = readFileSync(this.file, 'utf8');
      const newline = text.indexOf('\n');
      if (newline < 0 || text.slice(0, newline) !== digest) return undefined;
      // The list is hashed again: a damaged one would patch the wrong files.
      const body = text.slice(newline + 1);
      if (sha256(body) !== digest) return undefined;
      return body === '' ? [] : body.split('\0');
    } catch {
      return undefined;
    }
  }

  /** Never throws. A file that holds `listing` already is only touched, so that it is not pruned as old. */
  async write(listing: StoredListing): Promise<boolean> {
    const now = new Date();
    try {
      if (readFirstLine(this.file) === listing.digest) {
        await utimes(this.file, now, now);
        return true;
      }
    } catch {
      // Written again below.
    }
    return writeCacheEntry(this.file, `${listing.digest}\n${listing.text}`, now.getTime());
  }
}

/**
 * Whether a stored output still holds, its key and files matching: every file it checks, and every file
 * in `unvouched` (what git cannot vouch for now), read again, holds what the entry recorded.
 */
export async function contentStillHolds(stored: StoredOutput, unvouched: Iterable<string>, root: string, fs: FileSystem): Promise<boolean> {
  const recorded = new Map(stored.checked);
  const toCheck = new Set([...recorded.keys(), ...unvouched]);
  if (toCheck.size > maxChecked) return false;
  for (const file of toCheck) if (!recorded.has(file)) return false;
  const patterns = fromPatternSources(stored.ticketPatterns);
  const digests = await Promise.all([...toCheck].map(async (file) => [file, contentDigest(await scanOneFile(fs, root, file, patterns, stored.maxFileBytes), stored.needles)] as const));
  return digests.every(([file, digest]) => recorded.get(file) === digest);
}

/** The first line of a file, without reading all of it; `undefined` when it cannot be read or has no newline. */
function readFirstLine(file: string): string | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const length = readSync(descriptor, chunk, 0, chunk.length, null);
      const newline = chunk.subarray(0, length).indexOf(10);
      if (newline >= 0) return Buffer.concat([...chunks, chunk.subarray(0, newline)]).toString('utf8');
      if (length === 0) return undefined;
      chunks.push(chunk.subarray(0, length));
    }
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
