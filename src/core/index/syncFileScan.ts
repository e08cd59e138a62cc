// Reading and scanning a file synchronously with Node's fs: what a worker thread does for
// each file of its chunk. One open/fstat/read/close per file, the same calls readFileSync
// makes, but the size is checked before anything is read.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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
    const stat = fstatSync(fd);
    if (!stat.isFile()) return skippedScan('unreadable');
    if (stat.size > maxFileBytes) return skippedScan('too-large');
    if (buffer.length < stat.size + 1) buffer = new Uint8Array(Math.max(stat.size + 1, buffer.length * 2));
    // Read until EOF rather than trusting the size: the file may grow between fstat and read.
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = new Uint8Array(buffer.length * 2);
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
    request.paths.forEach((relativePath, i) => {
      if (i % 256 === 0) request.signal?.throwIfAborted();
      const scan = scanFileSync(joinRoot(request.root, relativePath), relativePath, request.ticketPatterns, request.maxFileBytes);
      if (worthKeeping(scan)) found.set(relativePath, scan);
    });
    request.onProgress?.(request.paths.length);
    return Promise.resolve(found);
  }
}
