// Reading and scanning a file synchronously with Node's fs: what a worker thread does for
// each file of its chunk. One open, reads, one close per file; no stat: reading stops as soon
// as there is more than `maxFileBytes`, so an oversize file is never read whole, and a folder
// fails the read (EISDIR) and counts as unreadable, as a non-file should.
import { closeSync, openSync, readSync } from 'node:fs';
import { joinRoot, worthKeeping } from './contentScanner';
import type { ContentScanner, ContentScanRequest } from './contentScanner';
import { scanFileBytes, skippedScan } from './fileScan';
import type { ContentScan } from './fileScan';

/** Reused across files: a worker reads one file at a time. */
let buffer = new Uint8Array(64 * 1024);

export function scanFileSync(absolutePath: string, relativePath: string, ticketPatterns: readonly RegExp[], maxFileBytes: number): ContentScan {
  let fd: number;
  try {
    fd = openSync(absolutePath, 'r');
  } catch {
    return skippedScan('unreadable');
  }
  try {
    let length = 0;
    for (;;) {
      if (length > maxFileBytes) return skippedScan('too-large');
      if (length === buffer.length) {
        const bigger = new Uint8Array(Math.min(buffer.length * 2, maxFileBytes + 1));
        bigger.set(buffer);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return scanFileBytes(relativePath, buffer.subarray(0, length), ticketPatterns, maxFileBytes);
  } catch {
    return skippedScan('unreadable');
  } finally {
    closeSync(fd);
  }
}

/** The whole scan in this thread, file after file (for small scans, where workers do not pay). */
export class SyncScanner implements ContentScanner {
  scan(request: ContentScanRequest): Promise<Map<string, ContentScan>> {
    const found = new Map<string, ContentScan>();
    const base = joinRoot(request.root, '');
    request.paths.forEach((relativePath, i) => {
      if (i % 256 === 0) request.signal?.throwIfAborted();
      const scan = scanFileSync(base + relativePath, relativePath, request.ticketPatterns, request.maxFileBytes);
      if (worthKeeping(scan)) found.set(relativePath, scan);
    });
    request.onProgress?.(request.paths.length);
    return Promise.resolve(found);
  }
}
