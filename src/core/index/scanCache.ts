/*
 * The CLI's cache of content scans, so that a scan of an unchanged tree does not read it
 * again. Like git's own index, it trusts git to tell which files changed, and reads only those.
 *
 * - An entry belongs to one root and holds a commit C and the scans (tags, tickets, skipped
 *   files) of every file tracked at C whose working-tree content was C's when it was scanned.
 *   A file absent from the entry held nothing, unless the entry lists it as unvouched: the
 *   files git could not vouch for when it was written (edited since C, untracked, unwatched),
 *   whose content at C the entry does not know. Those are read again on every use, even once
 *   git shows them as C's (an edit undone, an assume-unchanged mark cleared).
 * - A later run asks git which tracked files differ from C now (`changedSince`: edited, staged,
 *   added, deleted); every other tracked file still reads as it did, so its scan is the cached
 *   one. Untracked files, tracked files git does not watch (symbolic links, whose target is not
 *   git's to watch; files marked assume-unchanged or skip-worktree) and files that could not
 *   be read are always read again.
 * - The key covers what a scan depends on besides the file: the program (the CLI bundle's
 *   bytes), the Node version, the root, the size limit, what the pre-filter searched for and
 *   the ticket patterns. Any change is a miss, and so is a damaged entry or a commit git no
 *   longer has: then every file is read, as without a cache.
 * - Written after the scan (`git diff` against HEAD then, so a file edited while it was read is
 *   left out), to a temporary file renamed over the entry: concurrent runs never see half a file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isTextList, sha256, writeCacheEntry } from '../cacheFiles';
import type { ContentScanRequest, ContentScanner } from './contentScanner';
import type { ContentScan, ContentStatus, PatternSource } from './fileScan';
import type { ContentNeedles, ContentPrefilter } from './ripgrepPrefilter';
import type { TextHit } from '../tags/tagScanner';

/** Bump when the stored form or the meaning of an entry changes. */
const entryFormat = 2;

export interface ScanCacheKeyParts {
  /** Identifies the program that scans (the CLI: a hash of its bundle). */
  code: string;
  root: string;
  maxFileBytes: number;
  /** What the pre-filter searches for: a file holding none of these is recorded as holding nothing. */
  needles: readonly string[];
  ticketPatterns: readonly PatternSource[];
}

export function scanCacheKey(parts: ScanCacheKeyParts): string {
  const { code, root, maxFileBytes, needles, ticketPatterns } = parts;
  return sha256(JSON.stringify([entryFormat, code, process.version, root, maxFileBytes, needles, ticketPatterns.map((p) => [p.source, p.flags])]));
}

export interface StoredScans {
  commit: string;
  /** By path (`/`-separated, relative to the root): the files that held something, or were skipped. */
  scans: ReadonlyMap<string, ContentScan>;
  /** The files whose content at `commit` is unknown to the entry: git did not vouch for them when it was written. */
  unvouched: ReadonlySet<string>;
}

/** An entry as read: also a digest of its exact text (what the output cache keys on). */
export interface ReadScans extends StoredScans {
  digest: string;
}

interface EntryHeader {
  format: number;
  key: string;
  commit: string;
  unvouched: string[];
}

type StoredScan = [path: string, status: ContentStatus, tags: StoredHit[], tickets: StoredHit[]];
type StoredHit = [id: string, line: number, column: number, endColumn: number];

const statuses: readonly ContentStatus[] = ['scanned', 'binary', 'too-large', 'unreadable', 'no-match'];

/** One root's entry in `<directory>/scans/`. */
export class ScanCacheFile {
  readonly file: string;

  constructor(directory: string, root: string) {
    this.file = path.join(directory, 'scans', `${sha256(root).slice(0, 32)}.json`);
  }

  /** The entry, when its key is `key`; `undefined` on a miss or a damaged entry. Synchronous: a few hundred KB. */
  read(key: string): ReadScans | undefined {
    const text = this.text();
    const header = text === undefined ? undefined : parseHeader(text);
    if (text === undefined || header?.key !== key) return undefined;
    try {
      const scans = new Map<string, ContentScan>();
      for (const stored of JSON.parse(text.slice(text.indexOf('\n') + 1)) as StoredScan[]) {
        const [file, status, tags, tickets] = stored;
        if (typeof file !== 'string' || !statuses.includes(status)) return undefined;
        scans.set(file, { status, tags: tags.map(reviveHit), tickets: tickets.map(reviveHit) });
      }
      return { commit: header.commit, scans, unvouched: new Set(header.unvouched), digest: sha256(text) };
    } catch {
      return undefined;
    }
  }

  /** The entry's commit and digest, whatever its key, without parsing its scans. */
  peek(): { commit: string; digest: string } | undefined {
    const text = this.text();
    const header = text === undefined ? undefined : parseHeader(text);
    return text === undefined || !header ? undefined : { commit: header.commit, digest: sha256(text) };
  }

  /** Never throws: a cache that cannot be written (read-only home, full disk) only costs speed. Resolves to the new entry's digest. */
  async write(key: string, stored: StoredScans): Promise<string | undefined> {
    const header: EntryHeader = { format: entryFormat, key, commit: stored.commit, unvouched: [...stored.unvouched].sort() };
    const body: StoredScan[] = [...stored.scans].map(([file, scan]) => [file, scan.status, scan.tags.map(storeHit), scan.tickets.map(storeHit)]);
    const text = `${JSON.stringify(header)}\n${JSON.stringify(body)}`;
    return (await writeCacheEntry(this.file, text, Date.now())) ? sha256(text) : undefined;
  }

  private text(): string | undefined {
    try {
      return readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
  }
}

/** The header line of an entry's text; `undefined` when damaged. */
function parseHeader(text: string): EntryHeader | undefined {
  try {
    const newline = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, newline)) as Partial<EntryHeader>;
    if (newline < 0 || header.format !== entryFormat || typeof header.key !== 'string' || typeof header.commit !== 'string' || !isObjectId(header.commit)) return undefined;
    if (!isTextList(header.unvouched)) return undefined;
    return { format: header.format, key: header.key, commit: header.commit, unvouched: header.unvouched };
  } catch {
    return undefined;
  }
}

/**
 * A cache entry put to work in an index build: a pre-filter and a scanner that answer for the
 * files git shows unchanged since the entry's commit, and hand the rest to the usual ones.
 */
export class CachedContent {
  constructor(
    private readonly stored: StoredScans,
    /** The files that must be read (untracked, unwatched, changed since the commit); `undefined`: git could not tell. */
    private readonly toRead: Promise<ReadonlySet<string> | undefined>,
    private readonly inner: { prefilter?: ContentPrefilter | undefined; scanner: ContentScanner; fileCount: Promise<number> },
  ) {}

  /** Names the files with cached hits and the files to read; ripgrep narrows the latter when there are many. */
  readonly prefilter: ContentPrefilter = {
    candidates: async (root: string, needles: ContentNeedles, maxFileBytes: number, signal?: AbortSignal, onCandidate?: (path: string) => void) => {
      const toRead = await this.toRead;
      if (!toRead) return this.inner.prefilter?.candidates(root, needles, maxFileBytes, signal, onCandidate);
      const named = new Set<string>();
      const name = (file: string) => {
        if (named.has(file)) return;
        named.add(file);
        onCandidate?.(file);
      };
      for (const file of this.stored.scans.keys()) if (!toRead.has(file)) name(file);
      // Reading a file costs a few times what ripgrep spends on one; it pays to run ripgrep over
      // the whole tree only when many files must be read.
      if (!this.inner.prefilter || toRead.size <= directReadLimit || toRead.size * 4 <= (await this.inner.fileCount)) {
        for (const file of toRead) name(file);
        return named;
      }
      const found = await this.inner.prefilter.candidates(root, needles, maxFileBytes, signal, (file) => {
        if (toRead.has(file)) name(file);
      });
      return found && named;
    },
  };

  /** Cached scans for unchanged files, the inner scanner's for the rest. */
  readonly scanner: ContentScanner = {
    scan: async (request: ContentScanRequest) => {
      const toRead = await this.toRead;
      if (!toRead) return this.inner.scanner.scan(request);
      const found = new Map<string, ContentScan>();
      const rest: string[] = [];
      for (const file of request.paths) {
        if (toRead.has(file)) rest.push(file);
        else {
          const cached = this.stored.scans.get(file);
          if (cached) found.set(file, cached);
        }
      }
      if (rest.length === 0) {
        request.onProgress?.(request.paths.length);
        return found;
      }
      const cachedCount = request.paths.length - rest.length;
      const scans = await this.inner.scanner.scan({ ...request, paths: rest, onProgress: request.onProgress && ((done) => request.onProgress?.(cachedCount + done)) });
      for (const [file, scan] of scans) found.set(file, scan);
      return found;
    },
  };
}

/** Up to this many changed files are read directly, without ripgrep. */
const directReadLimit = 1000;

/**
 * The files git does not vouch for as unchanged since a commit: untracked, unwatched (see
 * listGitWorkspace) and changed since (see changedSince). An entry never answers for them.
 */
export function unvouchedFiles(untracked: readonly string[], unwatched: readonly string[], changed: readonly string[]): Set<string> {
  return new Set([...untracked, ...unwatched, ...changed]);
}

/**
 * The files a build must read despite the entry: those git cannot vouch for now (`unvouched`;
 * the set is added to and returned), those it could not when the entry was written, and those
 * the entry could not read.
 */
export function filesToRead(stored: StoredScans, unvouched: Set<string>): Set<string> {
  for (const file of stored.unvouched) unvouched.add(file);
  for (const [file, scan] of stored.scans) if (scan.status === 'unreadable') unvouched.add(file);
  return unvouched;
}

/** What a new entry may hold of a build's scans: not those of unvouched files. */
export function cacheableScans(scans: Iterable<[string, ContentScan]>, unvouched: ReadonlySet<string>): Map<string, ContentScan> {
  const kept = new Map<string, ContentScan>();
  for (const [file, scan] of scans) if (!unvouched.has(file)) kept.set(file, scan);
  return kept;
}

function storeHit(hit: TextHit): StoredHit {
  return [hit.id, hit.line, hit.column, hit.endColumn];
}

function reviveHit(stored: StoredHit): TextHit {
  const [id, line, column, endColumn] = stored;
  if (typeof id !== 'string' || ![line, column, endColumn].every(Number.isInteger)) throw new Error('damaged hit');
  return { id, line, column, endColumn };
}

function isObjectId(text: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(text);
}
