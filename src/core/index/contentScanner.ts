// Scanning the content of many files: the contract both scanners meet, and the in-thread one
// that goes through the FileSystem port (the reference the worker pool is tested against).
import type { FileSystem } from '../ports';
import { scanFileBytes, skippedScan } from './fileScan';
import type { ContentScan } from './fileScan';

export interface ContentScanRequest {
  root: string;
  /** `/`-separated, relative to the root. */
  paths: readonly string[];
  ticketPatterns: readonly RegExp[];
  maxFileBytes: number;
  /** Called with how many of `paths` are done. */
  onProgress?: ((done: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ContentScanner {
  /**
   * Scans every path. The result holds only the files worth remembering: those with a tag
   * or ticket, or not scanned (binary, too large, unreadable); any other path was read
   * and held neither.
   */
  scan(request: ContentScanRequest): Promise<Map<string, ContentScan>>;
}

/** Reads at most this many files at once, so a 100,000-file tree does not open them all. */
const readConcurrency = 32;

export function worthKeeping(scan: ContentScan): boolean {
  return scan.status !== 'scanned' || scan.tags.length > 0 || scan.tickets.length > 0;
}

export function joinRoot(root: string, relativePath: string): string {
  return `${root.replace(/[\\/]+$/, '')}/${relativePath}`;
}

/** Reads and scans one file through the port; never throws for a file that cannot be read. */
export async function scanOneFile(fs: FileSystem, root: string, relativePath: string, ticketPatterns: readonly RegExp[], maxFileBytes: number): Promise<ContentScan> {
  const absolute = joinRoot(root, relativePath);
  const stat = await fs.stat(absolute);
  if (!stat?.isFile) return skippedScan('unreadable');
  // Checked before reading, so a 2 GB log file is never loaded just to be skipped.
  if (stat.size > maxFileBytes) return skippedScan('too-large');
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(absolute);
  } catch {
    return skippedScan('unreadable');
  }
  return scanFileBytes(relativePath, bytes, ticketPatterns, maxFileBytes);
}

export class InThreadScanner implements ContentScanner {
  constructor(private readonly fs: FileSystem) {}

  async scan(request: ContentScanRequest): Promise<Map<string, ContentScan>> {
    const found = new Map<string, ContentScan>();
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < request.paths.length) {
        request.signal?.throwIfAborted();
        const path = request.paths[next++];
        if (path === undefined) break;
        const scan = await scanOneFile(this.fs, request.root, path, request.ticketPatterns, request.maxFileBytes);
        if (worthKeeping(scan)) found.set(path, scan);
        done++;
        if (done % 256 === 0 || done === request.paths.length) request.onProgress?.(done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(readConcurrency, request.paths.length) }, worker));
    // Map order is completion order; callers look entries up by path, never iterate for order.
    return found;
  }
}
