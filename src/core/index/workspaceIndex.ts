/*
 * The workspace index: for every file of a workspace folder, the outcomes it serves and why.
 *
 * - Built once in the background (`WorkspaceIndex.build`), with progress; then kept current
 *   file by file (`updateFile`, `removeFile`, `renameFile`) and config by config (`setModel`,
 *   which re-derives every entry from remembered scans without reading a file).
 * - Path reasons come from a PathRuleIndex, so a lookup costs the few rules that could match
 *   the path, never outcomes × rules. Tag and ticket reasons come from the content scan,
 *   which can run in worker threads and be narrowed by a pre-filter (ripgrep).
 * - History reasons cost a `git log` per file: they are never part of the build, only
 *   computed by `explain(path, { history: true })`, and cached per file.
 */
import type { OutcomeModel } from '../config/model';
import type { WalkFileSystem } from '../files/walk';
import { PathRuleIndex } from '../matching/pathRules';
import type { FileSystem, GitRunner, Logger } from '../ports';
import { InThreadScanner, scanOneFile } from './contentScanner';
import type { ContentScanner } from './contentScanner';
import { defaultMaxFileBytes, scanFileText, skippedScan } from './fileScan';
import type { ContentScan, ContentStatus } from './fileScan';
import { historyReasons } from './historyReasons';
import type { OutcomeReason } from './reasons';
import { ReasonContext, contentNeedles, outcomesByTicket, pathRulesOf } from './reasons';
import type { FileEntry, FileOutcome, TagProblem, TicketMention } from './reasons';
import { ripgrepPattern } from './ripgrepPattern';
import type { ContentNeedles, ContentPrefilter } from './ripgrepPrefilter';
import { listIndexFiles } from './workspaceFileList';
import { compareText } from '../files/sortedPaths';

export interface IndexPorts {
  fs: FileSystem;
  git: GitRunner;
  /** Used to list the files when the folder is not a git repository. */
  walk: WalkFileSystem;
  logger: Logger;
}

export interface IndexBuildOptions {
  /** Larger files are listed (path rules apply) but not read. Default 1 MB. */
  maxFileBytes?: number | undefined;
  /** Called as files are done; `total` is the number of files listed. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Default: in this thread, through `ports.fs`. */
  scanner?: ContentScanner | undefined;
  /** Narrows the files whose content is read; must only ever over-approximate. */
  prefilter?: ContentPrefilter | undefined;
  /**
   * Whether tickets no outcome lists must be found too (`ticketMentions`, the editor's Tickets
   * view): the pre-filter then also looks for the ticket patterns, or, when one cannot be
   * translated for it, is not used. Without, it looks for tags and listed tickets only (`scan`).
   */
  unlistedTickets?: boolean | undefined;
  /**
   * The files to index instead of listing them (`/`-separated, relative to the root), or a
   * listing already under way (the CLI starts git before it reads the config).
   */
  files?: readonly string[] | Promise<readonly string[]> | undefined;
  /**
   * `false`: the config's path rules are not matched, so no file has a path reason (for a
   * caller that needs only what files hold, tags and tickets: `check`). Default `true`.
   */
  pathRules?: boolean | undefined;
}

export interface ExplainOptions {
  /** Also the commits that touched the file (a `git log`; cached per file). */
  history?: boolean | undefined;
}

type HistoryReason = Extract<OutcomeReason, { kind: 'history' }>;

/**
 * A file's entry, or for a file that serves nothing and holds no tag problem (most files) only
 * its content status: 60,000 files need not be 60,000 objects (see `entry`).
 */
type StoredEntry = FileEntry | ContentStatus;

const noOutcomes: readonly FileOutcome[] = Object.freeze([]);

export class WorkspaceIndex {
  private readonly entries = new Map<string, StoredEntry>();
  /** Only scans worth remembering (hits, or skipped); a missing path means "read, nothing found". */
  private readonly scans = new Map<string, ContentScan>();
  private readonly history = new Map<string, Promise<HistoryReason[]>>();
  private context: ReasonContext;
  private sortedFiles: string[] | undefined;
  /** Whether `entries` iterates in `files()` order (a new path goes to the end of a Map). */
  private entriesInFileOrder = false;

  private constructor(
    readonly root: string,
    model: OutcomeModel,
    private readonly ports: IndexPorts,
    readonly maxFileBytes: number,
    private readonly pathRules: boolean,
  ) {
    this.context = contextFor(model, pathRules);
  }

  /** An index with no files yet, to be filled by `updateFile`. */
  static empty(root: string, model: OutcomeModel, ports: IndexPorts, options: Pick<IndexBuildOptions, 'maxFileBytes' | 'pathRules'> = {}): WorkspaceIndex {
    return new WorkspaceIndex(root, model, ports, options.maxFileBytes ?? defaultMaxFileBytes, options.pathRules ?? true);
  }

  static async build(root: string, model: OutcomeModel, ports: IndexPorts, options: IndexBuildOptions = {}): Promise<WorkspaceIndex> {
    const started = Date.now();
    const maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
    // The pre-filter (ripgrep: its own process, reading every file, the longest step) starts
    // first, before even the rule index is built. Listing the files, resolving their path
    // rules and reading the files it names, as it names them, all happen while it runs; the
    // loops yield so its output keeps draining.
    const named = new CandidateQueue();
    const needles = prefilterNeedles(model, options.unlistedTickets === true);
    const candidatesPromise = needles && options.prefilter?.candidates(root, needles, maxFileBytes, options.signal, (path) => named.push(path));
    // Every path it names is pushed before it settles. (Awaited below; until then a rejection
    // must not count as unhandled.)
    candidatesPromise?.then(
      () => named.close(),
      () => named.close(),
    );
    const index = WorkspaceIndex.empty(root, model, ports, { maxFileBytes, pathRules: options.pathRules });
    const files = options.files ? [...(await options.files)] : (await listIndexFiles(root, ports.git, ports.walk, options.signal)).files;
    const total = files.length;
    options.onProgress?.(0, total);

    const scanner = options.scanner ?? new InThreadScanner(ports.fs);
    const found = new Map<string, ContentScan>();
    const listed = candidatesPromise ? new Set(files) : undefined;
    /** Paths handed to the scanner so far. */
    const read = new Set<string>();
    /** Read, and scanned: their scans are final. */
    const scanned = new Set<string>();
    const context = index.context;
    /** A read file's entry: with a pre-filter, made as soon as its scan is in (see below). */
    const setEntry = (path: string, reasons: OutcomeReason[]) => {
      const scan = found.get(path) ?? readNothingScan;
      if (reasons.length === 0 && scan.tags.length === 0 && scan.tickets.length === 0) index.entries.set(path, scan.status);
      else index.put(path, context.entryFor(path, scan, reasons));
    };
    const readFiles = async (paths: readonly string[], onProgress?: (done: number) => void): Promise<void> => {
      const fresh = paths.filter((path) => !read.has(path) && (listed === undefined || listed.has(path)));
      if (fresh.length === 0) return;
      for (const path of fresh) read.add(path);
      const scans = await scanner.scan({ root, paths: fresh, ticketPatterns: model.ticketPatterns, maxFileBytes, onProgress, signal: options.signal });
      for (const [path, scan] of scans) found.set(path, scan);
      for (const path of fresh) {
        scanned.add(path);
        // Entries go into the map in file order (the loop below); one already there is replaced in place.
        if (candidatesPromise && index.entries.has(path)) setEntry(path, context.pathReasons(path));
      }
    };

    /**
     * Files the pre-filter names are read in small batches, which a scanner reads in this
     * thread (see createNodeScanner): while ripgrep runs, the cores are its.
     */
    const readNamed = async (paths: readonly string[]): Promise<void> => {
      for (let start = 0; start < paths.length; start += namedBatchSize) {
        if (start > 0) await yieldToEventLoop();
        await readFiles(paths.slice(start, start + namedBatchSize));
      }
    };

    // Without a pre-filter every file is read: that starts now (in worker threads, when the
    // scanner has them), and the path rules are resolved meanwhile.
    const readingAll = candidatesPromise ? undefined : readFiles(files, (done) => options.onProgress?.(done, total));
    readingAll?.catch(() => undefined);
    // Sparse: most files have no path reason.
    const pathReasons: (OutcomeReason[] | undefined)[] = [];
    // With a pre-filter, every file gets its entry now: from its scan when it was read already,
    // else as if the pre-filter rules it out (`no-match`), to be replaced once it is read.
    for (let i = 0; i < files.length; i++) {
      const path = files[i] ?? '';
      const reasons = context.pathReasons(path);
      if (!candidatesPromise) {
        if (reasons.length > 0) pathReasons[i] = reasons;
      } else if (scanned.has(path)) setEntry(path, reasons);
      else if (reasons.length === 0) index.entries.set(path, notReadScan.status);
      else index.put(path, context.entryFor(path, notReadScan, reasons));
      if (i % 2048 === 2047) {
        await yieldToEventLoop();
        if (candidatesPromise) await readNamed(named.take());
      }
    }
    let candidates: Set<string> | undefined;
    if (candidatesPromise) {
      for (let batch = await named.next(); batch !== undefined; batch = await named.next()) await readNamed(batch);
      candidates = await candidatesPromise;
      if (!candidates) ports.logger.debug('index: pre-filter unavailable, reading every file');
    }
    await readingAll;
    // What is left: with the pre-filter's answer, the files it named that were not read yet
    // (normally none); when it could not answer, every file.
    const rest = candidates ? files.filter((f) => candidates.has(f) && !read.has(f)) : files.filter((f) => !read.has(f));
    const doneBefore = total - rest.length;
    options.onProgress?.(doneBefore, total);
    await readFiles(rest, (done) => options.onProgress?.(doneBefore + done, total));

    for (const [path, scan] of found) index.scans.set(path, scan);
    if (!candidatesPromise) files.forEach((path, i) => setEntry(path, pathReasons[i] ?? []));
    // A listing comes sorted (and `files()` would sort it again), unless it was passed in.
    if (index.entries.size === files.length && isSorted(files)) {
      index.sortedFiles = files;
      index.entriesInFileOrder = true;
    }
    options.onProgress?.(total, total);
    ports.logger.info(`index: ${total} files, ${read.size} read, ${found.size} with tags, tickets or skipped, in ${Date.now() - started} ms`);
    return index;
  }

  get model(): OutcomeModel {
    return this.context.model;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every indexed path, sorted. */
  files(): readonly string[] {
    return (this.sortedFiles ??= [...this.entries.keys()].sort(compareText));
  }

  entry(path: string): FileEntry | undefined {
    const stored = this.entries.get(path);
    return typeof stored === 'string' ? { path, content: stored, outcomes: [], unknownIds: [], droppedIds: [] } : stored;
  }

  /**
   * The outcomes a file serves from paths, tags and tickets (no history: see `explain`). A
   * path the index does not hold (ignored, just created) is answered by its path rules.
   */
  outcomesOf(path: string): readonly FileOutcome[] {
    const stored = this.entries.get(path);
    if (stored === undefined) return this.context.entryFor(path, readNothingScan).outcomes;
    return typeof stored === 'string' ? noOutcomes : stored.outcomes;
  }

  /**
   * Calls `visit` for every indexed file, in `files()` order, with the outcomes it serves
   * (no history): what a whole-workspace report needs, without a lookup per file.
   */
  forEachFile(visit: (path: string, outcomes: readonly FileOutcome[]) => void): void {
    if (this.entriesInFileOrder) {
      for (const [path, stored] of this.entries) visit(path, typeof stored === 'string' ? noOutcomes : stored.outcomes);
      return;
    }
    for (const path of this.files()) visit(path, this.outcomesOf(path));
  }

  /** Sorted paths of the files serving `outcomeId`. */
  filesServing(outcomeId: string): string[] {
    return this.files().filter((f) => this.outcomesOf(f).some((o) => o.outcomeId === outcomeId));
  }

  /** Tags naming no known outcome, by file and line. */
  unknownIds(): TagProblem[] {
    return this.problems((entry) => entry.unknownIds);
  }

  /** Tags naming a dropped outcome, by file and line. */
  droppedIds(): TagProblem[] {
    return this.problems((entry) => entry.droppedIds);
  }

  private problems(of: (entry: FileEntry) => readonly TagProblem[]): TagProblem[] {
    const found: TagProblem[] = [];
    const add = (stored: StoredEntry | undefined) => {
      if (stored !== undefined && typeof stored !== 'string') for (const problem of of(stored)) found.push(problem);
    };
    if (this.entriesInFileOrder) for (const stored of this.entries.values()) add(stored);
    else for (const file of this.files()) add(this.entries.get(file));
    return found;
  }

  /**
   * Every ticket ID found in a comment, mapped to an outcome or not, by file then line. Only
   * files the index read can contribute: with a pre-filter, a file holding neither a tag nor
   * a mapped ticket's key is never read, so its unmapped tickets are not seen.
   */
  ticketMentions(): TicketMention[] {
    const mentions: TicketMention[] = [];
    for (const [file, scan] of this.scans) {
      for (const hit of scan.tickets) mentions.push({ id: hit.id, file, line: hit.line, column: hit.column });
    }
    return mentions.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column);
  }

  /**
   * The content scans the index holds: of every file that has a tag or ticket, or was not
   * scanned (binary, too large, unreadable). Any other file held nothing.
   */
  contentScans(): IterableIterator<[string, ContentScan]> {
    return this.scans.entries();
  }

  /**
   * A new config: every entry is re-derived from the remembered scans, no file is read.
   * Returns true when the ticket patterns changed: remembered ticket hits were found with
   * the old ones, so the caller should rebuild (until then ticket reasons are missing).
   */
  setModel(model: OutcomeModel): boolean {
    const patternsChanged = patternKey(model.ticketPatterns) !== patternKey(this.context.model.ticketPatterns);
    this.context = contextFor(model, this.pathRules);
    this.history.clear();
    if (patternsChanged) for (const [path, scan] of this.scans) this.scans.set(path, { ...scan, tickets: [] });
    for (const [path, stored] of this.entries) this.put(path, this.context.entryFor(path, this.rememberedScan(path, stored)));
    return patternsChanged;
  }

  /**
   * Re-indexes one file, from `text` (an editor's buffer) when given, else from disk. A new
   * path is added (the caller decides whether it belongs, e.g. is not git-ignored).
   * Resolves to `undefined` when the file is gone (then it is removed).
   */
  async updateFile(path: string, text?: string): Promise<FileEntry | undefined> {
    const scan =
      text !== undefined
        ? scanFileText(path, text, this.context.model.ticketPatterns)
        : await scanOneFile(this.ports.fs, this.root, path, this.context.model.ticketPatterns, this.maxFileBytes);
    if (text === undefined && scan.status === 'unreadable' && !(await this.ports.fs.stat(`${this.root}/${path}`))) {
      this.removeFile(path);
      return undefined;
    }
    return this.store(path, scan);
  }

  /** The synchronous form of `updateFile` for text in hand (an editor keystroke). */
  updateText(path: string, text: string): FileEntry {
    return this.store(path, scanFileText(path, text, this.context.model.ticketPatterns));
  }

  removeFile(path: string): boolean {
    this.scans.delete(path);
    this.history.delete(path);
    const existed = this.entries.delete(path);
    if (existed) this.sortedFiles = undefined;
    return existed;
  }

  /** The content goes along; path reasons are resolved for the new path. */
  renameFile(from: string, to: string): FileEntry | undefined {
    const entry = this.entries.get(from);
    const scan = entry ? this.rememberedScan(from, entry) : this.scans.get(from);
    this.removeFile(from);
    this.history.delete(to);
    if (!scan) return undefined;
    return this.store(to, scan);
  }

  /** Drops cached history (after a commit, checkout or pull). */
  clearHistory(): void {
    this.history.clear();
  }

  /**
   * The file's outcomes with every reason. A path not in the index is still explained by
   * its path rules (and history), which is what a file just created or ignored would get.
   */
  async explain(path: string, options: ExplainOptions = {}): Promise<FileOutcome[]> {
    const entry = this.entry(path) ?? this.context.entryFor(path, readNothingScan);
    if (!options.history) return entry.outcomes.map((o) => ({ outcomeId: o.outcomeId, reasons: [...o.reasons] }));
    let pending = this.history.get(path);
    if (!pending) {
      pending = historyReasons(this.root, path, this.context.model, this.context.outcomesByTicket, this.ports.git);
      this.history.set(path, pending);
      // A failed git call must not stay cached as the answer.
      pending.catch(() => this.history.delete(path));
    }
    const fromHistory = await pending;
    return this.context.group([...entry.outcomes.flatMap((o) => o.reasons), ...fromHistory]);
  }

  /**
   * The scan an entry was made from. Only scans worth keeping are in `scans`; a file the
   * pre-filter ruled out is recognised by its entry's content status instead.
   */
  private rememberedScan(path: string, stored: StoredEntry): ContentScan {
    const content = typeof stored === 'string' ? stored : stored.content;
    return this.scans.get(path) ?? (content === 'no-match' ? notReadScan : readNothingScan);
  }

  private store(path: string, scan: ContentScan): FileEntry {
    if (scan.status !== 'scanned' || scan.tags.length > 0 || scan.tickets.length > 0) this.scans.set(path, scan);
    else this.scans.delete(path);
    if (!this.entries.has(path)) {
      this.sortedFiles = undefined;
      this.entriesInFileOrder = false;
    }
    const entry = this.context.entryFor(path, scan);
    this.put(path, entry);
    return entry;
  }

  private put(path: string, entry: FileEntry): void {
    const trivial = entry.outcomes.length === 0 && entry.unknownIds.length === 0 && entry.droppedIds.length === 0;
    this.entries.set(path, trivial ? entry.content : entry);
  }
}

/** Strictly ascending (so also free of duplicates), in `compareText` order. */
function isSorted(paths: readonly string[]): boolean {
  for (let i = 1; i < paths.length; i++) if (!((paths[i - 1] ?? '') < (paths[i] ?? ''))) return false;
  return true;
}

const readNothingScan: ContentScan = { status: 'scanned', tags: [], tickets: [] };
/** Files named by the pre-filter, read at a time. */
const namedBatchSize = 256;
/** A file the pre-filter showed cannot hold a tag or a mapped ticket, so it was not read. */
const notReadScan = skippedScan('no-match');

/**
 * The paths a pre-filter names while it runs, for a consumer that takes them in batches and
 * waits for more: `next` resolves with what has arrived, or `undefined` once the pre-filter
 * is done and everything was taken.
 */
class CandidateQueue {
  private pending: string[] = [];
  private closed = false;
  private wake: (() => void) | undefined;

  push(path: string): void {
    this.pending.push(path);
    this.wakeUp();
  }

  close(): void {
    this.closed = true;
    this.wakeUp();
  }

  take(): string[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  async next(): Promise<string[] | undefined> {
    while (this.pending.length === 0 && !this.closed) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.pending.length > 0 ? this.take() : undefined;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

async function yieldToEventLoop(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

function contextFor(model: OutcomeModel, pathRules: boolean): ReasonContext {
  return new ReasonContext(model, new PathRuleIndex(pathRules ? pathRulesOf(model) : []));
}

function patternKey(patterns: readonly RegExp[]): string {
  return patterns.map((p) => `${p.source}/${p.flags}`).join('\n');
}

/** What the pre-filter looks for; `undefined` when it cannot be trusted to (every file is read). */
function prefilterNeedles(model: OutcomeModel, unlistedTickets: boolean): ContentNeedles | undefined {
  const literals = contentNeedles(outcomesByTicket(model));
  if (!unlistedTickets || model.ticketPatterns.length === 0) return { literals };
  const patterns = model.ticketPatterns.map((pattern) => ripgrepPattern(pattern.source));
  return patterns.every((p) => p !== undefined) ? { literals, patterns } : undefined;
}
