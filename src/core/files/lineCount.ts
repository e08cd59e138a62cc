// Counting lines the way git does, for changed-line shares and coverage by lines.
import { isBinary } from '../index/fileScan';
import type { FileSystem } from '../ports';

/** Files larger than this are listed, but their lines are not counted. */
export const maxCountedBytes = 32 * 1024 * 1024;

/** A last line without a newline counts; `null` for binary content (a NUL in the first 8 KB). */
export function countLines(bytes: Uint8Array): number | null {
  if (isBinary(bytes)) return null;
  let lines = 0;
  // indexOf is a native byte search: many times faster than visiting each byte in a loop.
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines++;
  return lines;
}

/** `null` when the file is binary, larger than `maxCountedBytes`, gone or unreadable. */
export async function countFileLines(fs: FileSystem, absolutePath: string): Promise<number | null> {
  const stat = await fs.stat(absolutePath);
  if (!stat?.isFile || stat.size > maxCountedBytes) return null;
  try {
    return countLines(await fs.readFile(absolutePath));
  } catch {
    return null;
  }
}

/** Lines of many files under `root`, reading at most `concurrency` at once. */
export async function countLinesOfFiles(fs: FileSystem, root: string, paths: readonly string[], concurrency = 32): Promise<Map<string, number | null>> {
  const counts = new Map<string, number | null>();
  const base = root.replace(/[\\/]+$/, '');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++];
      if (path === undefined) break;
      counts.set(path, await countFileLines(fs, `${base}/${path}`));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return counts;
}
