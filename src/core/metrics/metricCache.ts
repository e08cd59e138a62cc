// The last good value of each metric, kept on disk so the editor and the CLI show something
// (marked stale) when a source is down or the machine is offline. One JSON file per directory:
// the editor passes its globalStorage folder, the CLI its user cache folder.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { maxEntryAgeMs, replaceFile } from '../cacheFiles';
import type { Logger } from '../ports';
import type { HistoryPoint, MetricJob } from './metricTypes';

export interface CachedMetric {
  value: number;
  asOf: number;
  history: HistoryPoint[];
  /** Fingerprint of the source request; a changed query or URL makes the entry unusable. */
  source: string;
  /** When this entry was written (ms since the epoch); very old entries are dropped. */
  savedAt: number;
}

export interface MetricCache {
  load(): Promise<Map<string, CachedMetric>>;
  /** Stores these entries, keeping entries under other keys (other workspaces share the file). */
  save(entries: ReadonlyMap<string, CachedMetric>): Promise<void>;
}

interface CacheFile {
  version: 1;
  entries: Record<string, CachedMetric>;
}

const cacheFileName = 'metric-cache.json';

/** The key of a job's entry: the same metric in two workspaces must not share a value. */
export function cacheKeyOf(job: MetricJob): string {
  return `${job.folder}#${job.key}`;
}

/** A short fingerprint of a request key. Request keys hold `${secret:NAME}` references, never values. */
export function sourceFingerprint(requestKey: string): string {
  return createHash('sha256').update(requestKey).digest('hex').slice(0, 16);
}

/**
 * The CLI's cache folder: `$XDG_CACHE_HOME/outcome-lens`, else `%LOCALAPPDATA%\outcome-lens`
 * on Windows, else `~/Library/Caches/outcome-lens` on macOS, else `~/.cache/outcome-lens`.
 */
export function defaultCliCacheDirectory(env: Readonly<Record<string, string | undefined>>, homeDirectory: string, platform: string): string {
  if (env['XDG_CACHE_HOME']) return path.join(env['XDG_CACHE_HOME'], 'outcome-lens');
  if (platform === 'win32' && env['LOCALAPPDATA']) return path.join(env['LOCALAPPDATA'], 'outcome-lens');
  if (platform === 'darwin') return path.join(homeDirectory, 'Library', 'Caches', 'outcome-lens');
  return path.join(homeDirectory, '.cache', 'outcome-lens');
}

export function createFileMetricCache(directory: string, logger: Logger, now: () => number = Date.now): MetricCache {
  const file = path.join(directory, cacheFileName);

  const read = async (): Promise<Map<string, CachedMetric>> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return new Map();
    }
    try {
      return new Map(Object.entries(parseCacheFile(JSON.parse(text) as unknown)));
    } catch (error) {
      // A damaged cache only costs the offline fallback; it is rewritten on the next save.
      logger.warn(`metric cache ${file} is unreadable and will be replaced: ${error instanceof Error ? error.message : String(error)}`);
      return new Map();
    }
  };

  return {
    load: read,
    save: async (entries) => {
      const merged = await read();
      for (const [key, entry] of entries) merged.set(key, entry);
      const oldest = now() - maxEntryAgeMs;
      for (const [key, entry] of merged) if (entry.savedAt < oldest) merged.delete(key);
      const content: CacheFile = { version: 1, entries: Object.fromEntries(merged) };
      await replaceFile(file, JSON.stringify(content));
    },
  };
}

function parseCacheFile(data: unknown): Record<string, CachedMetric> {
  if (!isRecord(data) || data['version'] !== 1 || !isRecord(data['entries'])) throw new Error('not a version 1 metric cache');
  const entries: Record<string, CachedMetric> = {};
  for (const [key, raw] of Object.entries(data['entries'])) {
    if (!isRecord(raw)) continue;
    const { value, asOf, history, source, savedAt } = raw;
    if (typeof value !== 'number' || typeof asOf !== 'number' || typeof source !== 'string' || typeof savedAt !== 'number') continue;
    const points = Array.isArray(history)
      ? history.filter((point): point is HistoryPoint => isRecord(point) && typeof point['t'] === 'number' && typeof point['v'] === 'number')
      : [];
    entries[key] = { value, asOf, history: points, source, savedAt };
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
