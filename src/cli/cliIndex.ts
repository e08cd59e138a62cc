// The workspace index as `scan`, `check` and `coverage` build it: the file listing started
// before the config is read, ripgrep started as soon as the config cache says what to search
// for, worker threads, and the scan cache (core/index/scanCache.ts) that spares an unchanged
// tree from being read again.
import { availableParallelism } from 'node:os';
import type { OutcomeModel } from '../core/config/model';
import { readHeadCommit } from '../core/git/branch';
import { changedSince } from '../core/git/workspaceFiles';
import { defaultMaxFileBytes } from '../core/index/fileScan';
import { RipgrepPrefilter } from '../core/index/ripgrepPrefilter';
import { CachedContent, ScanCacheFile, cacheableScans, filesToRead, scanCacheKey, unvouchedFiles } from '../core/index/scanCache';
import type { StoredScans } from '../core/index/scanCache';
import { createNodeScanner } from '../core/index/workerPool';
import { listIndexFiles } from '../core/index/workspaceFileList';
import type { FileListing } from '../core/index/workspaceFileList';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { IndexBuildOptions } from '../core/index/workspaceIndex';
import { nodeFileSystem, nodeGitRunner, nodeWalkFileSystem } from '../core/node/nodeHost';
import { silentLogger } from '../core/ports';
import { UsageError } from './cliCommand';
import type { CliIo, CliOptionValues } from './cliCommand';
import { cliCacheDirectory, cliCodeFingerprint, hintsFor, loadModelOrReport } from './loadModel';
import type { CliModelHints } from './loadModel';

/** The index options shared by `scan`, `check` and `coverage`. */
export const indexCliOptions = {
  threads: { type: 'string' },
  'no-prefilter': { type: 'boolean', default: false },
} as const;

/** A cache entry that matched, and git's answer to what changed since its commit. */
interface CacheHit {
  stored: StoredScans;
  toRead: Promise<ReadonlySet<string> | undefined>;
}

/**
 * What a command starts before it reads the config: the file listing (git, or a walk), the
 * commit HEAD is at, and ripgrep or the scan cache as soon as the config cache says what to
 * search for.
 */
interface HeadStart {
  /** Pass to `loadModelOrReport`. */
  onHints: (hints: CliModelHints) => void;
  /** Builds the index; call once, after the config is loaded. */
  build: (model: OutcomeModel) => Promise<WorkspaceIndex>;
  /** Updates the scan cache from the built index; call after the command's output. Never rejects. */
  remember: (index: WorkspaceIndex) => Promise<void>;
  /** Stops what is still running (git is killed, a walk stops, an unused rg is killed). */
  cancel: () => void;
}

/** Call before reading the config; cancel it once the index is built (or not needed). */
function startIndexing(root: string, values: CliOptionValues, io: CliIo): HeadStart {
  const threads = threadCount(values);
  const controller = new AbortController();
  const signal = controller.signal;
  const listing = listIndexFiles(root, nodeGitRunner, nodeWalkFileSystem, signal);
  // Awaited by the index build; never awaited when it is cancelled.
  listing.catch(() => undefined);
  const cacheFile = io.env['OUTCOME_LENS_SCAN_CACHE'] === 'off' ? undefined : new ScanCacheFile(cliCacheDirectory(io.env), root);
  const head = cacheFile ? readHeadCommit(root, nodeGitRunner, { signal }).catch(() => undefined) : Promise.resolve(undefined);
  // rg gets all cores but one: this thread reads the files rg names meanwhile.
  const prefilter = values['no-prefilter'] === true ? undefined : new RipgrepPrefilter(io.env['OUTCOME_LENS_RG'] ?? 'rg', { threads: Math.max(1, availableParallelism() - 1) });

  /** The scan cache's key for the last hints seen, and its entry when that matched. */
  let opened: { key: string; hit: CacheHit | undefined } | undefined;
  const openCache = (hints: CliModelHints) => {
    const key = scanCacheKey({ code: cliCodeFingerprint(), root, maxFileBytes: defaultMaxFileBytes, needles: hints.needles, ticketPatterns: hints.ticketPatterns });
    if (opened?.key !== key) {
      const stored = cacheFile?.read(key);
      opened = { key, hit: stored && { stored, toRead: toReadSince(root, stored, listing, signal) } };
    }
    return opened;
  };
  let built: { key: string; hit: CacheHit | undefined; listing: FileListing } | undefined;

  return {
    onHints: (hints) => {
      // With a usable cache entry, rg is only started if many files changed (see CachedContent).
      if (!openCache(hints).hit) prefilter?.prestart(root, { literals: hints.needles }, defaultMaxFileBytes);
    },
    build: async (model) => {
      const scanner = createNodeScanner({ threads });
      const { key, hit } = openCache(hintsFor(model));
      const content = hit && new CachedContent(hit.stored, hit.toRead, { prefilter, scanner, fileCount: listing.then((l) => l.files.length) });
      const index = await buildIndex(root, model, io, {
        prefilter: content?.prefilter ?? prefilter,
        scanner: content?.scanner ?? scanner,
        files: listing.then((l) => l.files),
      });
      built = { key, hit, listing: await listing };
      return index;
    },
    remember: async (index) => {
      try {
        const commit = await head;
        if (!cacheFile || !built || built.listing.source !== 'git' || commit === undefined) return;
        // The entry still describes HEAD: what changed since is read every time anyway.
        if (built.hit?.stored.commit === commit) return;
        // Asked after the files were read, so a file edited meanwhile counts as changed.
        const changed = await changedSince(root, commit, nodeGitRunner);
        if (!changed) return;
        await cacheFile.write(built.key, { commit, scans: cacheableScans(index.contentScans(), unvouchedFiles(built.listing.untracked, built.listing.unwatched, changed)) });
      } catch {
        // Only speed is lost.
      }
    },
    cancel: () => {
      controller.abort();
      prefilter?.dispose();
    },
  };
}

/** What `scan`, `check` and `coverage` work from: the config, and the index built with it. */
export interface IndexedWorkspace {
  model: OutcomeModel;
  index: WorkspaceIndex;
  /** Updates the scan cache; call after the command's output. Never rejects. */
  remember: () => Promise<void>;
}

/**
 * The config (loaded while git lists the files) and the index: `undefined`, after telling the
 * user, when there is no config (the command exits 2).
 */
export async function indexWithConfig(commandName: string, root: string, values: CliOptionValues, io: CliIo): Promise<IndexedWorkspace | undefined> {
  const headStart = startIndexing(root, values, io);
  const model = await loadModelOrReport(commandName, root, io, headStart.onHints);
  if (!model) {
    headStart.cancel();
    return undefined;
  }
  const index = await headStart.build(model).finally(() => headStart.cancel());
  return { model, index, remember: () => headStart.remember(index) };
}

/** The files a cache entry cannot answer for, once the listing and git's diff are in. */
async function toReadSince(root: string, stored: StoredScans, listing: Promise<FileListing>, signal: AbortSignal): Promise<ReadonlySet<string> | undefined> {
  try {
    const [files, changed] = await Promise.all([listing, changedSince(root, stored.commit, nodeGitRunner, { signal })]);
    if (files.source !== 'git' || !changed) return undefined;
    return filesToRead(stored, unvouchedFiles(files.untracked, files.unwatched, changed));
  } catch {
    return undefined;
  }
}

function threadCount(values: CliOptionValues): number {
  const threadsValue = values['threads'];
  if (typeof threadsValue !== 'string') return availableParallelism();
  const threads = Number(threadsValue);
  if (!Number.isInteger(threads) || threads < 0) throw new UsageError(`--threads must be a whole number (0: no worker threads), not "${threadsValue}"`);
  return threads;
}

/** Builds the index the fast way: a pre-filter to skip files that cannot hold tags, workers across cores. */
async function buildIndex(
  root: string,
  model: OutcomeModel,
  io: CliIo,
  parts: Pick<IndexBuildOptions, 'prefilter' | 'scanner' | 'files'>,
): Promise<WorkspaceIndex> {
  let lastDrawn = 0;
  const onProgress = io.stderrIsTTY
    ? (done: number, total: number) => {
        const now = Date.now();
        if (done !== total && now - lastDrawn < 100) return;
        lastDrawn = now;
        io.stderr(`\rindexing ${done}/${total} files${done === total ? '\n' : ''}`);
      }
    : undefined;
  return WorkspaceIndex.build(root, model, { fs: nodeFileSystem, git: nodeGitRunner, walk: nodeWalkFileSystem, logger: silentLogger }, { ...parts, onProgress });
}
