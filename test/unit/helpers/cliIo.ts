// Captures a CLI run's output for assertions.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../../src/cli/cliCommand';

/** CLI runs in tests keep their caches (parsed configs, metric values) here, never in the user's. */
const testCacheDirectory = path.join(tmpdir(), `outcome-lens-test-cache-${process.pid}`);
process.once('exit', () => rmSync(testCacheDirectory, { recursive: true, force: true }));

export function captureIo(cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env: { OUTCOME_LENS_CACHE_DIR: testCacheDirectory, ...env },
    cwd,
    stderrIsTTY: false,
    stdout(text: string | Uint8Array) {
      io.out += typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
