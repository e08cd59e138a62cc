// The parallel content scan: worker threads pull chunks of paths, each reads and scans its
// files synchronously (cheaper per file than async I/O) and posts back only what is worth
// keeping. Workers live for one scan, so nothing is left running afterwards.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ContentScanner, ContentScanRequest } from './contentScanner';
import { toPatternSources } from './fileScan';
import type { ContentScan } from './fileScan';
import { SyncScanner } from './syncFileScan';
import type { ScanChunk, ScanChunkResult } from './workerProtocol';

export interface WorkerPoolOptions {
  /** The worker script; by default `scanWorker.js` next to this module (or next to the bundle). */
  workerFile?: string | undefined;
  /** Default: the machine's available parallelism. */
  threads?: number | undefined;
  /** Paths per chunk: small enough to balance the load, large enough to keep messages few. */
  chunkSize?: number | undefined;
}

const defaultChunkSize = 512;

/** Where the worker script is: esbuild writes it next to dist/cli.js; the test build next to this file. */
export function defaultWorkerFile(): string {
  return path.join(__dirname, 'scanWorker.js');
}

export function workerScanAvailable(workerFile = defaultWorkerFile()): boolean {
  return existsSync(workerFile);
}

export class WorkerPoolScanner implements ContentScanner {
  private readonly workerFile: string;
  private readonly threads: number;
  private readonly chunkSize: number;

  constructor(options: WorkerPoolOptions = {}) {
    this.workerFile = options.workerFile ?? defaultWorkerFile();
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.chunkSize = Math.max(1, options.chunkSize ?? defaultChunkSize);
  }

  async scan(request: ContentScanRequest): Promise<Map<string, ContentScan>> {
    const found = new Map<string, ContentScan>();
    const chunks: string[][] = [];
    for (let i = 0; i < request.paths.length; i += this.chunkSize) chunks.push(request.paths.slice(i, i + this.chunkSize));
    if (chunks.length === 0) return found;
    const patterns = toPatternSources(request.ticketPatterns);
    const workerCount = Math.min(this.threads, chunks.length);
    const workers: Worker[] = [];
    let nextChunk = 0;
    let done = 0;

    try {
      await new Promise<void>((resolve, reject) => {
        let finishedChunks = 0;
        const onAbort = () => reject(request.signal?.reason instanceof Error ? request.signal.reason : new Error('scan aborted'));
        request.signal?.addEventListener('abort', onAbort, { once: true });
        const send = (worker: Worker): void => {
          const chunkId = nextChunk++;
          const paths = chunks[chunkId];
          if (!paths) return;
          const message: ScanChunk = { chunkId, root: request.root, paths, patterns, maxFileBytes: request.maxFileBytes };
          worker.postMessage(message);
        };
        for (let i = 0; i < workerCount; i++) {
          const worker = new Worker(this.workerFile);
          workers.push(worker);
          worker.on('message', (result: ScanChunkResult) => {
            const paths = chunks[result.chunkId] ?? [];
            for (const [at, scan] of result.found) {
              const relativePath = paths[at];
              if (relativePath !== undefined) found.set(relativePath, scan);
            }
            done += paths.length;
            request.onProgress?.(done);
            finishedChunks++;
            if (finishedChunks === chunks.length) {
              request.signal?.removeEventListener('abort', onAbort);
              resolve();
            } else send(worker);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (finishedChunks < chunks.length) reject(new Error(`scan worker stopped early (exit ${code})`));
          });
          send(worker);
        }
      });
    } finally {
      await Promise.all(workers.map(async (w) => w.terminate()));
    }
    return found;
  }
}

export interface NodeScannerOptions {
  /** 0 or 1: never start workers. Default: the machine's available parallelism. */
  threads?: number | undefined;
  workerFile?: string | undefined;
}

/**
 * Below this many files, starting workers (each loads its script) costs more than it saves.
 */
const minFilesForWorkers = 2000;

/** For the CLI and the extension: workers for big scans, a synchronous loop for small ones. */
export function createNodeScanner(options: NodeScannerOptions = {}): ContentScanner {
  const threads = options.threads ?? availableParallelism();
  const pool = threads > 1 && workerScanAvailable(options.workerFile) ? new WorkerPoolScanner({ threads, workerFile: options.workerFile }) : undefined;
  const sync = new SyncScanner();
  return {
    scan: async (request) => (pool && request.paths.length >= minFilesForWorkers ? pool.scan(request) : sync.scan(request)),
  };
}
