// Worker thread entry for the parallel content scan (see workerPool.ts). It is its own entry
// point, so it starts listening when loaded; nothing else imports it.
import { parentPort } from 'node:worker_threads';
import { worthKeeping, joinRoot } from './contentScanner';
import { fromPatternSources } from './fileScan';
import type { ScanChunk, ScanChunkResult } from './workerProtocol';
import { scanFileSync } from './syncFileScan';

const port = parentPort;
if (port) {
  let patternsKey = '';
  let patterns: RegExp[] = [];
  port.on('message', (chunk: ScanChunk) => {
    const key = JSON.stringify(chunk.patterns);
    if (key !== patternsKey) {
      patternsKey = key;
      patterns = fromPatternSources(chunk.patterns);
    }
    const found: ScanChunkResult['found'] = [];
    const base = joinRoot(chunk.root, '');
    chunk.paths.forEach((relativePath, i) => {
      const scan = scanFileSync(base + relativePath, relativePath, patterns, chunk.maxFileBytes);
      if (worthKeeping(scan)) found.push([i, scan]);
    });
    const result: ScanChunkResult = { chunkId: chunk.chunkId, found };
    port.postMessage(result);
  });
}
