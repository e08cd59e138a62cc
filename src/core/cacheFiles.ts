// Writing the CLI's cache entries (parsed configs, content scans, outputs, metric values): each
// written beside its target and renamed over it, so a crash or a concurrent reader never sees
// half a file; entries not rewritten for 90 days go when another is written. And the shape
// checks an entry read back needs: a damaged one is a miss, never a wrong answer.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Whether `value`, read back from an entry, is a list of strings. */
export function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Entries not rewritten for this long go when another is written: configs or roots that moved or were deleted. */
export const maxEntryAgeMs = 90 * 86_400_000;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes `text` to a temporary file beside `file` and renames it over `file`. Throws when that fails (the temporary file is removed). */
export async function replaceFile(file: string, text: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * `replaceFile`, then the other entries of its folder not rewritten for 90 days are deleted.
 * Never throws: a cache that cannot be written (read-only home, full disk) only costs speed.
 * Resolves to whether the entry was written.
 */
export async function writeCacheEntry(file: string, text: string | Uint8Array, nowMs: number): Promise<boolean> {
  try {
    await replaceFile(file, text);
    await pruneOldEntries(path.dirname(file), file, nowMs);
    return true;
  } catch {
    return false;
  }
}

/** Deletes the entries of `folder` (but `written`) not rewritten for 90 days; never throws for one that is gone. */
async function pruneOldEntries(folder: string, written: string, nowMs: number): Promise<void> {
  for (const name of await readdir(folder)) {
    const entry = path.join(folder, name);
    if (entry === written) continue;
    try {
      if (nowMs - (await stat(entry)).mtimeMs > maxEntryAgeMs) await rm(entry, { force: true });
    } catch {
      // Gone meanwhile (another run pruned it): nothing to do.
    }
  }
}
