// The workspace index as `scan`, `check` and `coverage` build it: the file listing started
// before the config is read, ripgrep started as soon as the config cache says what to search
// for, worker threads, and the scan cache (core/index/scanCache.ts) that spares an unchanged
// tree from being read again. For `scan`, the output cache (core/index/outputCache.ts) spares
// an unchanged tree from being indexed again at all, and a tree where a few files changed, were
// added or deleted from more than reading those (the stored JSON is patched: core/index/scanJson.ts).
import { availableParallelism } from 'node:os';
import type { OutcomeModel } from '../core/config/model';
import { readHeadCommit } from '../core/git/branch';
import { sortedChanges, sortedIncludes } from '../core/files/sortedPaths';
import { changedSince } from '../core/git/workspaceFiles';
import { defaultMaxFileBytes } from '../core/index/fileScan';
import type { ContentScan } from '../core/index/fileScan';
import { RipgrepPrefilter } from '../core/index/ripgrepPrefilter';
import { OutputCacheFile, OutputListingFile, contentDigest, contentStillHolds, maxChecked, outputCacheKey, storedListing } from '../core/index/outputCache';
import { patchScanJson, parseScanJson } from '../core/index/scanJson';
import type { ListingChange, ScanJson } from '../core/index/scanJson';
import { CachedContent, ScanCacheFile, cacheableScans, filesToRead, scanCacheKey, unvouchedFiles } from '../core/index/scanCache';
import type { ReadScans, StoredScans } from '../core/index/scanCache';
import type { StoredListing, StoredOutput } from '../core/index/outputCache';
import { createNodeScanner } from '../core/index/workerPool';
import { listIndexFiles } from '../core/index/workspaceFileList';
import type { FileListing } from '../core/index/workspaceFileList';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { IndexBuildOptions, IndexPorts } from '../core/index/workspaceIndex';
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

const indexPorts: IndexPorts = { fs: nodeFileSystem, git: nodeGitRunner, walk: nodeWalkFileSystem, logger: silentLogger };

/** What `scan` prints: its JSON, or a table made from that JSON. */
export type OutputForm = 'json' | 'table';

/** The form a stored output is patched from (`scan` stores it in either form). */
const patchedForm: OutputForm = 'json';

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
  /**
   * The stored output of this form, if nothing it depends on changed; else, if only some files'
   * content did, or a few files were added or deleted, the stored JSON to patch and the files
   * to read for it; call before `build`.
   * Never rejects.
   */
  replay: (form: OutputForm) => Promise<{ text: Uint8Array } | { patch: PatchPlan } | undefined>;
  /** Builds the index; call once, after the config is loaded (or `patch`, instead). */
  build: (model: OutcomeModel, options: IndexOptions) => Promise<WorkspaceIndex>;
  /** Patches the stored JSON `replay` gave: reads the files it named, with this config. */
  patch: (model: OutcomeModel, plan: PatchPlan) => Promise<ScanJson>;
  /**
   * Updates the scan cache from the built index, and stores the command's output when given;
   * call after the command's output. Never rejects.
   */
  remember: (output?: CommandOutput) => Promise<void>;
  /** Stops what is still running (git is killed, a walk stops, an unused rg is killed). */
  cancel: () => void;
}

/** A command's whole output, its form (what besides the workspace decides it), and the JSON it was made from. */
interface CommandOutput {
  form: OutputForm;
  text: Uint8Array;
  json: ScanJson;
}

/** What `scan --json` prints. */
export function jsonText(json: ScanJson): string {
  return JSON.stringify(json, null, 2) + '\n';
}

/** A listing by git (outputs and the scan cache are kept only in a git repository). */
type GitListing = Extract<FileListing, { source: 'git' }>;

/** A stored JSON output whose key matched, the files whose content it may no longer tell, and what it stands on. */
interface PatchPlan {
  json: ScanJson;
  /** Sorted; all among the files listed, every added one among them. */
  files: string[];
  /** The files added and deleted since the stored JSON was made. */
  change: ListingChange;
  listing: GitListing;
  /** The scan-cache entry the stored JSON was made from. */
  scanEntry: { commit: string; digest: string };
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
  const outputsOn = cacheFile !== undefined && io.env['OUTCOME_LENS_OUTPUT_CACHE'] !== 'off';
  const outputFile = (form: string) => (outputsOn ? new OutputCacheFile(cacheDirectory, root, form) : undefined);
  /** What the last stored JSON was made from, to tell the files added and deleted since. */
  const listingFile = outputsOn ? new OutputListingFile(cacheDirectory, root) : undefined;
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
  let built: { index: WorkspaceIndex; key: string; hit: CacheHit | undefined; listing: FileListing; hints: CliModelHints } | undefined;
  /** Once patched: the plan, and the index of the files it read. */
  let patched: { plan: PatchPlan; changed: WorkspaceIndex; hints: CliModelHints } | undefined;

  /** The output cache's key for this run, given the scan-cache entry's digest; `undefined` when there can be none. Taken once per form. */
  const outputKeys = new Map<string, Promise<string | undefined>>();
  const outputKey = (form: OutputForm, scanEntry: string): Promise<string | undefined> => {
    const memo = `${form}\0${scanEntry}`;
    let key = outputKeys.get(memo);
    if (!key) {
      key = (async () => {
        const found = await config;
        if (!found || 'failed' in found.read) return undefined;
        const { file: configFile, read } = found;
        return outputCacheKey({ code: cliCodeFingerprint(), root, form, maxFileBytes: defaultMaxFileBytes, configFile, configBytes: read.bytes, scanEntry });
      })();
      outputKeys.set(memo, key);
    }
    return key;
  };
  /** The listing as outputs store it (its digest is taken once per listing: it hashes megabytes). */
  let listed: StoredListing | undefined;
  const listingOf = (files: FileListing): StoredListing => {
    if (listed?.files !== files.files) listed = storedListing(files.files);
    return listed;
  };

  /**
   * Stores `output`, made from the scan-cache entry `scanEntry`: every listed file but those in
   * `read` holds what the entry says; `scans` (worth keeping: a file read that is not there held
   * nothing) are what those held. A table is stored with its JSON, which a later table may be
   * patched from.
   */
  const rememberOutput = async (scans: ReadonlyMap<string, ContentScan>, output: CommandOutput, listing: GitListing, scanEntry: string, read: ReadonlySet<string>, hints: CliModelHints) => {
    // And those it could not read: they may be readable next time, with git none the wiser. A
    // file not listed (deleted, yet changed since the entry) is no part of the output.
    const checked = new Set([...read].filter((file) => sortedIncludes(listing.files, file)));
    for (const [file, scan] of scans) if (scan.status === 'unreadable') checked.add(file);
    if (checked.size > maxChecked) return;
    const check = {
      checked: [...checked].sort().map((file): [string, string] => [file, contentDigest(scans.get(file), hints.needles)]),
      needles: hints.needles,
      ticketPatterns: hints.ticketPatterns,
      maxFileBytes: defaultMaxFileBytes,
    };
    const files = listingOf(listing);
    const store = async (form: OutputForm, text: () => Uint8Array) => {
      const file = outputFile(form);
      const key = file && (await outputKey(form, scanEntry));
      if (file && key !== undefined) await file.write({ key, files: files.digest, ...check }, text());
    };
    await store(output.form, () => output.text);
    if (output.form !== patchedForm) await store(patchedForm, () => Buffer.from(jsonText(output.json)));
    await listingFile?.write(files);
  };

  /**
   * A stored JSON to patch, whose key matched (the same config and scan-cache entry): the files
   * to read for it are those it checked, those git cannot vouch for now and those added since
   * it was made; those deleted since are taken out.
   */
  const patchPlan = async (stored: StoredOutput | undefined, listing: GitListing, unvouched: readonly string[], scanEntry: PatchPlan['scanEntry']): Promise<PatchPlan | undefined> => {
    if (!stored || (await outputKey(patchedForm, scanEntry.digest)) !== stored.key) return undefined;
    const before = stored.files === listingOf(listing).digest ? listing.files : listingFile?.read(stored.files);
    if (!before) return undefined;
    const change = before === listing.files ? { added: [], removed: [] } : sortedChanges(before, listing.files);
    // A file no longer listed is among those gone, not those read.
    const files = [...new Set([...stored.checked.map(([file]) => file), ...unvouched, ...change.added])].filter((file) => sortedIncludes(listing.files, file));
    if (files.length + change.removed.length > maxChecked) return undefined;
    const text = stored.text();
    const json = text && parseScanJson(Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8'));
    if (!json || json.filesScanned !== before.length) return undefined;
    return { json, files: files.sort(), change, listing, scanEntry };
  };

  /**
   * Writes the scan-cache entry `key` for HEAD (`commit`) from `scans`, what the listed files
   * held, then stores `output` on it. Which files differ from HEAD is asked after they were
   * read, so a file edited meanwhile counts as changed; `unknown` are further files the scans
   * cannot answer for. Resolves to `false` when git could not tell (nothing is written).
   */
  const writeEntryForHead = async (key: string, commit: string, scans: ReadonlyMap<string, ContentScan>, listing: GitListing, hints: CliModelHints, output: CommandOutput | undefined, unknown: Iterable<string> = []): Promise<boolean> => {
    const changed = cacheFile && (await changedSince(root, commit, nodeGitRunner));
    if (!cacheFile || !changed) return false;
    const unvouched = unvouchedFiles(listing.untracked, listing.unwatched, changed);
    for (const file of unknown) unvouched.add(file);
    const scanEntry = await cacheFile.write(key, { commit, scans: cacheableScans(scans, unvouched), unvouched });
    if (output && scanEntry !== undefined) await rememberOutput(scans, output, listing, scanEntry, unvouched, hints);
    return true;
  };

  /**
   * Stores a patched output. It stands on the scan-cache entry the stored one did; but when HEAD
   * moved since that entry's commit, the entry is first rewritten for HEAD from what it held and
   * what the patch read (as an index build would), so the files a patch reads do not pile up
   * commit after commit.
   */
  const rememberPatched = async (output: CommandOutput, { plan: { listing, scanEntry, files: readList }, changed, hints }: NonNullable<typeof patched>) => {
    const files = new Set(readList);
    const read = new Map(changed.contentScans());
    const commit = await headCommit();
    if (commit !== undefined && commit !== scanEntry.commit) {
      // HEAD moved: the entry (read, parsed, only now) is rewritten for it.
      const { key, hit } = openCache(hints);
      if (hit?.stored.digest === scanEntry.digest) {
        // A file no longer listed (deleted since) is no part of it.
        const scans = new Map([...hit.stored.scans].filter(([file]) => !files.has(file) && sortedIncludes(listing.files, file)));
        for (const [file, scan] of read) scans.set(file, scan);
        // What the old entry did not know, the patch read (unless it is not listed): still unknown.
        const unknown = [...hit.stored.unvouched].filter((file) => !files.has(file));
        if (await writeEntryForHead(key, commit, scans, listing, hints, output, unknown)) return;
      }
    }
    await rememberOutput(read, output, listing, scanEntry.digest, files, hints);
  };

  return {
    replay: async (form) => {
      try {
        const file = outputFile(form);
        const scanEntry = file && cacheFile?.peek();
        if (!file || !scanEntry) return undefined;
        const stored = file.read();
        const [changed, files] = await Promise.all([changedSinceCommit(scanEntry.commit), listing]);
        if (!changed || files.source !== 'git') return undefined;
        // What git cannot vouch for now; a file not listed (deleted, yet changed since the
        // entry's commit) is no part of any output.
        const unvouched = [...unvouchedFiles(files.untracked, files.unwatched, changed)].filter((file) => sortedIncludes(files.files, file));
        if (stored && (await outputKey(form, scanEntry.digest)) === stored.key && stored.files === listingOf(files).digest && (await contentStillHolds(stored, unvouched, root, nodeFileSystem))) {
          const text = stored.text();
          if (text) return { text };
        }
        const plan = await patchPlan(form === patchedForm ? stored : outputFile(patchedForm)?.read(), files, unvouched, scanEntry);
        return plan && { patch: plan };
      } catch {
        // Anything amiss is a miss: the index is built as without the cache.
        return undefined;
      }
    },
    onHints: (hints) => {
      // With a usable cache entry, rg is only started if many files changed (see CachedContent).
      if (!openCache(hints).hit) prefilter?.prestart(root, { literals: hints.needles }, defaultMaxFileBytes);
    },
    build: async (model, { pathRules }) => {
      void headCommit();
      const scanner = createNodeScanner({ threads });
      const hints = hintsFor(model);
      const { key, hit } = openCache(hints);
      const content = hit && new CachedContent(hit.stored, hit.toRead, { prefilter, scanner, fileCount: listing.then((l) => l.files.length) });
      const index = await buildIndex(root, model, io, {
        prefilter: content?.prefilter ?? prefilter,
        scanner: content?.scanner ?? scanner,
        files: listing.then((l) => l.files),
        pathRules,
      });
      built = { index, key, hit, listing: await listing, hints };
      return index;
    },
    patch: async (model, plan) => {
      // A few files (at most `maxChecked`), read in this thread: no pre-filter, no workers.
      const changed = await WorkspaceIndex.build(root, model, indexPorts, { files: plan.files, maxFileBytes: defaultMaxFileBytes, signal });
      patchScanJson(plan.json, changed, plan.change);
      patched = { plan, changed, hints: hintsFor(model) };
      return plan.json;
    },
    remember: async (output) => {
      try {
        if (patched) {
          if (output) await rememberPatched(output, patched);
          return;
        }
        const commit = await headCommit();
        if (!cacheFile || !built || built.listing.source !== 'git' || commit === undefined) return;
        const { index, hit, listing: files, hints } = built;
        if (hit && hit.stored.commit === commit) {
          // The entry still describes HEAD: what changed since is read every time anyway. The
          // output came from it, but for the files the index read.
          const read = await hit.toRead;
          if (output && read) await rememberOutput(new Map(index.contentScans()), output, files, hit.stored.digest, read, hints);
          return;
        }
        await writeEntryForHead(built.key, commit, new Map(index.contentScans()), files, hints, output);
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

/** What a command needs of the index besides its files' content. */
export type IndexOptions = Pick<IndexBuildOptions, 'pathRules'>;

/**
 * The config (loaded while git lists the files) and the index: `undefined`, after telling the
 * user, when there is no config (the command exits 2).
 */
export async function indexWithConfig(commandName: string, root: string, values: CliOptionValues, io: CliIo, options: IndexOptions = {}): Promise<IndexedWorkspace | undefined> {
  // No form: nothing is replayed or patched.
  const indexed = await indexing(commandName, root, values, io, undefined, options);
  if (!indexed || !('index' in indexed)) return undefined;
  return { model: indexed.model, index: indexed.index, remember: () => indexed.remember() };
}

/** What `scan` prints from, besides the index: the stored JSON, patched. */
export interface PatchedOutput {
  model: OutcomeModel;
  patched: ScanJson;
  /** How many files were read for the patch. */
  filesRead: number;
  /** How many files the stored output listed are gone (deleted, or ignored now). */
  filesGone: number;
  /** Stores `output`; call after printing it. Never rejects. */
  remember: (output: { text: Uint8Array; json: ScanJson }) => Promise<void>;
}

/** `indexWithConfig` for a command whose whole output the output cache keeps: `remember` stores it too. */
export interface IndexedForOutput extends Omit<IndexedWorkspace, 'remember'> {
  /** Updates the scan cache and stores `output` (and the JSON it was made from); call after printing it. Never rejects. */
  remember: (output: { text: Uint8Array; json: ScanJson }) => Promise<void>;
}

/**
 * `indexWithConfig` for `scan`: the output stored by an earlier run of the same `form`, when
 * nothing it depends on changed since (core/index/outputCache.ts); else, when only some files
 * changed, were added or deleted, the stored JSON patched with what they hold now; else the
 * index. Without a `form` (`scan --history`), no output is looked for or stored.
 */
export async function replayOrIndex(
  commandName: string,
  form: OutputForm | undefined,
  root: string,
  values: CliOptionValues,
  io: CliIo,
): Promise<{ replayed: Uint8Array } | PatchedOutput | IndexedForOutput | undefined> {
  const indexed = await indexing(commandName, root, values, io, form);
  if (!indexed || 'replayed' in indexed) return indexed;
  const remember = (output: { text: Uint8Array; json: ScanJson }) => indexed.remember(form === undefined ? undefined : { form, ...output });
  return 'patched' in indexed ? { ...indexed, remember } : { model: indexed.model, index: indexed.index, remember };
}

type Remember = (output?: CommandOutput) => Promise<void>;
type Indexing = { replayed: Uint8Array } | { model: OutcomeModel; patched: ScanJson; filesRead: number; filesGone: number; remember: Remember } | { model: OutcomeModel; index: WorkspaceIndex; remember: Remember };

/**
 * The two above: with a `form`, a stored output is looked for first (after git's listing,
 * before the config is parsed), then one to patch (the config is needed for that).
 */
async function indexing(commandName: string, root: string, values: CliOptionValues, io: CliIo, form: OutputForm | undefined, options: IndexOptions = {}): Promise<Indexing | undefined> {
  const config = readCliConfig(root);
  const headStart = startIndexing(root, config, values, io);
  const replayed = form === undefined ? undefined : await headStart.replay(form);
  if (replayed && 'text' in replayed) {
    headStart.cancel();
    return { replayed: replayed.text };
  }
  // A patch needs neither rg nor the scan cache's entry, which the config's hints start.
  const model = await loadModelOrReport(commandName, root, io, replayed ? undefined : headStart.onHints, config);
  if (!model) {
    headStart.cancel();
    return undefined;
  }
  if (replayed) {
    const patched = await headStart.patch(model, replayed.patch).finally(() => headStart.cancel());
    return { model, patched, filesRead: replayed.patch.files.length, filesGone: replayed.patch.change.removed.length, remember: headStart.remember };
  }
  const index = await headStart.build(model, options).finally(() => headStart.cancel());
  return { model, index, remember: headStart.remember };
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
  parts: Pick<IndexBuildOptions, 'prefilter' | 'scanner' | 'files' | 'pathRules'>,
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
  return WorkspaceIndex.build(root, model, indexPorts, { ...parts, onProgress });
}
