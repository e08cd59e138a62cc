// The workspace index as `scan`, `check` and `coverage` build it: the file listing started
// before the config is read, ripgrep started as soon as the config cache says what to search
// for, worker threads, and the scan cache (core/index/scanCache.ts) that spares an unchanged
// tree from being read again. For `scan`, the output cache (core/index/outputCache.ts) spares
// an unchanged tree from being indexed again at all.
import { availableParallelism } from 'node:os';
import type { OutcomeModel } from '../core/config/model';
import { readHeadCommit } from '../core/git/branch';
import { changedSince } from '../core/git/workspaceFiles';
import { defaultMaxFileBytes, toPatternSources } from '../core/index/fileScan';
import { RipgrepPrefilter } from '../core/index/ripgrepPrefilter';
import { OutputCacheFile, contentDigest, contentStillHolds, maxChecked, outputCacheKey } from '../core/index/outputCache';
import { CachedContent, ScanCacheFile, cacheableScans, filesToRead, scanCacheKey, unvouchedFiles } from '../core/index/scanCache';
import type { ReadScans, StoredScans } from '../core/index/scanCache';
import { createNodeScanner } from '../core/index/workerPool';
import { listIndexFiles } from '../core/index/workspaceFileList';
import type { FileListing } from '../core/index/workspaceFileList';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { IndexBuildOptions } from '../core/index/workspaceIndex';
import { nodeFileSystem, nodeGitRunner, nodeWalkFileSystem } from '../core/node/nodeHost';
import { silentLogger } from '../core/ports';
import { UsageError } from './cliCommand';
import type { CliIo, CliOptionValues } from './cliCommand';
import { cliCacheDirectory, cliCodeFingerprint, hintsFor, loadModelOrReport, readCliConfig } from './loadModel';
import type { CliModelHints, FoundConfig } from './loadModel';

/** The index options shared by `scan`, `check` and `coverage`. */
export const indexCliOptions = {
  threads: { type: 'string' },
  'no-prefilter': { type: 'boolean', default: false },
} as const;

/** A cache entry that matched, and git's answer to what changed since its commit. */
interface CacheHit {
  stored: ReadScans;
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
  /** The stored output of this form, if nothing it depends on changed; call before `build`. Never rejects. */
  replay: (form: string) => Promise<Uint8Array | undefined>;
  /** Builds the index; call once, after the config is loaded. */
  build: (model: OutcomeModel) => Promise<WorkspaceIndex>;
  /**
   * Updates the scan cache from the built index, and stores the command's output when given;
   * call after the command's output. Never rejects.
   */
  remember: (index: WorkspaceIndex, output?: CommandOutput) => Promise<void>;
  /** Stops what is still running (git is killed, a walk stops, an unused rg is killed). */
  cancel: () => void;
}

/** A command's whole output, and its form: what besides the workspace decides it (`scan --json`). */
interface CommandOutput {
  form: string;
  text: string;
}

/** Call before reading the config; cancel it once the index is built (or not needed). */
function startIndexing(root: string, config: Promise<FoundConfig | undefined>, values: CliOptionValues, io: CliIo): HeadStart {
  const threads = threadCount(values);
  const controller = new AbortController();
  const signal = controller.signal;
  const listing = listIndexFiles(root, nodeGitRunner, nodeWalkFileSystem, signal);
  // Awaited by the index build; never awaited when it is cancelled.
  listing.catch(() => undefined);
  const cacheDirectory = cliCacheDirectory(io.env);
  const cacheFile = io.env['OUTCOME_LENS_SCAN_CACHE'] === 'off' ? undefined : new ScanCacheFile(cacheDirectory, root);
  /** Where outputs are stored: the output cache stands on the scan cache. */
  const outputFile = (form: string) => (cacheFile && io.env['OUTCOME_LENS_OUTPUT_CACHE'] !== 'off' ? new OutputCacheFile(cacheDirectory, root, form) : undefined);
  // Asked once an index is built (a stored output needs no HEAD); not killed with the rest, as the
  // cache is written after the build.
  let head: Promise<string | undefined> | undefined;
  const headCommit = () => (head ??= cacheFile ? readHeadCommit(root, nodeGitRunner).catch(() => undefined) : Promise.resolve(undefined));
  // rg gets all cores but one: this thread reads the files rg names meanwhile.
  const prefilter = values['no-prefilter'] === true ? undefined : new RipgrepPrefilter(io.env['OUTCOME_LENS_RG'] ?? 'rg', { threads: Math.max(1, availableParallelism() - 1) });

  /** git's answer to what changed since a commit, asked once per run and commit. */
  const diffs = new Map<string, Promise<string[] | undefined>>();
  const changedSinceCommit = (commit: string) => {
    let changed = diffs.get(commit);
    if (!changed) diffs.set(commit, (changed = changedSince(root, commit, nodeGitRunner, { signal }).catch(() => undefined)));
    return changed;
  };

  /** The scan cache's key for the last hints seen, and its entry when that matched. */
  let opened: { key: string; hit: CacheHit | undefined } | undefined;
  const openCache = (hints: CliModelHints) => {
    const key = scanCacheKey({ code: cliCodeFingerprint(), root, maxFileBytes: defaultMaxFileBytes, needles: hints.needles, ticketPatterns: hints.ticketPatterns });
    if (opened?.key !== key) {
      const stored = cacheFile?.read(key);
      opened = { key, hit: stored && { stored, toRead: toReadSince(stored, listing, changedSinceCommit(stored.commit)) } };
    }
    return opened;
  };
  let built: { key: string; hit: CacheHit | undefined; listing: FileListing; hints: CliModelHints } | undefined;

  /** The output cache's key for this run, given the scan-cache entry's digest; `undefined` when there can be none. */
  const outputKey = async (form: string, files: FileListing, scanEntry: string): Promise<string | undefined> => {
    const found = await config;
    if (files.source !== 'git' || !found || 'failed' in found.read) return undefined;
    const { file: configFile, read } = found;
    return outputCacheKey({ code: cliCodeFingerprint(), root, form, maxFileBytes: defaultMaxFileBytes, configFile, configBytes: read.bytes, files: files.files, scanEntry });
  };

  /**
   * Stores `output`, made by `index` from the scan-cache entry `scanEntry`: every file but
   * those in `read` (which the index read) holds what the entry says.
   */
  const rememberOutput = async (index: WorkspaceIndex, output: CommandOutput, listing: FileListing, scanEntry: string, read: ReadonlySet<string>, hints: CliModelHints) => {
    const file = outputFile(output.form);
    const key = file && (await outputKey(output.form, listing, scanEntry));
    if (!file || key === undefined) return;
    const scans = new Map(index.contentScans());
    // And those it could not read: they may be readable next time, with git none the wiser.
    const checked = new Set(read);
    for (const [file, scan] of scans) if (scan.status === 'unreadable') checked.add(file);
    if (checked.size > maxChecked) return;
    const entry = {
      key,
      checked: [...checked].sort().map((file): [string, string] => [file, contentDigest(scans.get(file), hints.needles)]),
      needles: hints.needles,
      ticketPatterns: toPatternSources(index.model.ticketPatterns),
      maxFileBytes: defaultMaxFileBytes,
    };
    await file.write(entry, output.text);
  };

  return {
    replay: async (form) => {
      try {
        const stored = outputFile(form)?.read();
        const scanEntry = stored && cacheFile?.peek();
        if (!stored || !scanEntry) return undefined;
        // git's diff usually comes first, and a file changed that the entry did not check is a
        // miss: then the config is loaded without waiting for the listing.
        const changed = await changedSinceCommit(scanEntry.commit);
        if (!changed || !stored.checks(changed)) return undefined;
        const files = await listing;
        if (files.source !== 'git' || (await outputKey(form, files, scanEntry.digest)) !== stored.key) return undefined;
        const unvouched = unvouchedFiles(files.untracked, files.unwatched, changed);
        return (await contentStillHolds(stored, unvouched, root, nodeFileSystem)) ? stored.text() : undefined;
      } catch {
        // Anything amiss is a miss: the index is built as without the cache.
        return undefined;
      }
    },
    onHints: (hints) => {
      // With a usable cache entry, rg is only started if many files changed (see CachedContent).
      if (!openCache(hints).hit) prefilter?.prestart(root, { literals: hints.needles }, defaultMaxFileBytes);
    },
    build: async (model) => {
      void headCommit();
      const scanner = createNodeScanner({ threads });
      const hints = hintsFor(model);
      const { key, hit } = openCache(hints);
      const content = hit && new CachedContent(hit.stored, hit.toRead, { prefilter, scanner, fileCount: listing.then((l) => l.files.length) });
      const index = await buildIndex(root, model, io, {
        prefilter: content?.prefilter ?? prefilter,
        scanner: content?.scanner ?? scanner,
        files: listing.then((l) => l.files),
      });
      built = { key, hit, listing: await listing, hints };
      return index;
    },
    remember: async (index, output) => {
      try {
        const commit = await headCommit();
        if (!cacheFile || !built || built.listing.source !== 'git' || commit === undefined) return;
        const { hit, listing: files, hints } = built;
        if (hit && hit.stored.commit === commit) {
          // The entry still describes HEAD: what changed since is read every time anyway. The
          // output came from it, but for the files the index read.
          const read = await hit.toRead;
          if (output && read) await rememberOutput(index, output, files, hit.stored.digest, read, hints);
          return;
        }
        // Asked after the files were read, so a file edited meanwhile counts as changed.
        const changed = await changedSince(root, commit, nodeGitRunner);
        if (!changed) return;
        const unvouched = unvouchedFiles(files.untracked, files.unwatched, changed);
        const scanEntry = await cacheFile.write(built.key, { commit, scans: cacheableScans(index.contentScans(), unvouched) });
        if (output && scanEntry !== undefined) await rememberOutput(index, output, files, scanEntry, unvouched, hints);
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
  const indexed = await indexing(commandName, root, values, io, undefined);
  if (!indexed || 'replayed' in indexed) return undefined;
  return { model: indexed.model, index: indexed.index, remember: () => indexed.remember() };
}

/** `indexWithConfig` for a command whose whole output the output cache keeps: `remember` stores it too. */
export interface IndexedForOutput extends Omit<IndexedWorkspace, 'remember'> {
  /** Updates the scan cache and stores `output`; call after printing it. Never rejects. */
  remember: (output: string) => Promise<void>;
}

/**
 * `indexWithConfig` for `scan`: the output stored by an earlier run of the same `form`, when
 * nothing it depends on changed since (core/index/outputCache.ts); else the index. Without a
 * `form` (`scan --history`), no output is looked for or stored.
 */
export async function replayOrIndex(
  commandName: string,
  form: string | undefined,
  root: string,
  values: CliOptionValues,
  io: CliIo,
): Promise<{ replayed: Uint8Array } | IndexedForOutput | undefined> {
  const indexed = await indexing(commandName, root, values, io, form);
  if (!indexed || 'replayed' in indexed) return indexed;
  return { model: indexed.model, index: indexed.index, remember: (text) => indexed.remember(form === undefined ? undefined : { form, text }) };
}

type Indexing = { replayed: Uint8Array } | { model: OutcomeModel; index: WorkspaceIndex; remember: (output?: CommandOutput) => Promise<void> };

/** The two above: with a `form`, a stored output is looked for first (after git's listing, before the config is parsed). */
async function indexing(commandName: string, root: string, values: CliOptionValues, io: CliIo, form: string | undefined): Promise<Indexing | undefined> {
  const config = readCliConfig(root);
  const headStart = startIndexing(root, config, values, io);
  const replayed = form === undefined ? undefined : await headStart.replay(form);
  if (replayed !== undefined) {
    headStart.cancel();
    return { replayed };
  }
  const model = await loadModelOrReport(commandName, root, io, headStart.onHints, config);
  if (!model) {
    headStart.cancel();
    return undefined;
  }
  const index = await headStart.build(model).finally(() => headStart.cancel());
  return { model, index, remember: (output) => headStart.remember(index, output) };
}

/** The files a cache entry cannot answer for, once the listing and git's diff since its commit are in. */
async function toReadSince(stored: StoredScans, listing: Promise<FileListing>, changedSinceCommit: Promise<string[] | undefined>): Promise<ReadonlySet<string> | undefined> {
  try {
    const [files, changed] = await Promise.all([listing, changedSinceCommit]);
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
