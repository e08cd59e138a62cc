// Messages between the worker pool and its scan workers.
import type { ContentScan, PatternSource } from './fileScan';

export interface ScanChunk {
  chunkId: number;
  root: string;
  paths: string[];
  patterns: PatternSource[];
  maxFileBytes: number;
}

export interface ScanChunkResult {
  chunkId: number;
  /** Only the files worth keeping, by their position in the chunk. */
  found: [number, ContentScan][];
}
