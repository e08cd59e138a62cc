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
import type { ContentScan } from './fileScan';
import { historyReasons } from './historyReasons';
import type { OutcomeReason } from './reasons';
import { ReasonContext, pathRulesOf } from './reasons';
import type { FileEntry, FileOutcome, TagProblem, TicketMention } from './reasons';
import type { ContentPrefilter } from './ripgrepPrefilter';
import { listIndexFiles } from './workspaceFileList';

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
  /** The files to index instead of listing them (`/`-separated, relative to the root). */
  files?: readonly string[] | undefined;
}

export interface ExplainOptions {
  /** Also the commits that touched the file (a `git log`; cached per file). */
  history?: boolean | undefined;
}

type HistoryReason = Extract<OutcomeReason, { kind: 'history' }>;

export class WorkspaceIndex {
  private readonly entries = new Map<string, FileEntry>();
  /** Only scans worth remembering (hits, or skipped); a missing path means "read, nothing found". */
  private readonly scans = new Map<string, ContentScan>();
  private readonly history = new Map<string, Promise<HistoryReason[]>>();
  private context: ReasonContext;
  private sortedFiles: string[] | undefined;

  private constructor(
    readonly root: string,
    model: OutcomeModel,
    private readonly ports: IndexPorts,
    readonly maxFileBytes: number,
  ) {
    this.context = contextFor(model);
  }

  /** An index with no files yet, to be filled by `updateFile`. */
  static empty(root: string, model: OutcomeModel, ports: IndexPorts, options: Pick<IndexBuildOptions, 'maxFileBytes'> = {}): WorkspaceIndex {
    return new WorkspaceIndex(root, model, ports, options.maxFileBytes ?? defaultMaxFileBytes);
  }

  static async build(root: string, model: OutcomeModel, ports: IndexPorts, options: IndexBuildOptions = {}): Promise<WorkspaceIndex> {
    const index = WorkspaceIndex.empty(root, model, ports, options);
    const started = Date.now();
    const files = options.files ? [...options.files] : (await listIndexFiles(root, ports.git, ports.walk, options.signal)).files;
    const total = files.length;
    options.onProgress?.(0, total);

    // ripgrep runs in its own process while this thread resolves path rules, which cost
    // about as much; slicing the loop lets rg's output drain so it never waits on a full pipe.
    const candidatesPromise = options.prefilter?.candidates(root, index.context.contentNeedles(), index.maxFileBytes, options.signal);
    const pathReasons: OutcomeReason[][] = new Array<OutcomeReason[]>(files.length);
    for (let i = 0; i < files.length; i++) {
      pathReasons[i] = index.context.pathReasons(files[i] ?? '');
      if (i % 2048 === 2047) await yieldToEventLoop();
    }
    const candidates = await candidatesPromise;
    if (options.prefilter && !candidates) ports.logger.debug('index: pre-filter unavailable, reading every file');
    const toRead = candidates ? files.filter((f) => candidates.has(f)) : files;
    const skippedCount = total - toRead.length;
    const scanner = options.scanner ?? new InThreadScanner(ports.fs);
    const found = await scanner.scan({
      root,
      paths: toRead,
      ticketPatterns: model.ticketPatterns,
      maxFileBytes: index.maxFileBytes,
      onProgress: (done) => options.onProgress?.(skippedCount + done, total),
      signal: options.signal,
    });
    for (const [path, scan] of found) index.scans.set(path, scan);
    const notReadScan = skippedScan('no-match');
    files.forEach((path, i) => {
      const scan = found.get(path) ?? (candidates && !candidates.has(path) ? notReadScan : readNothingScan);
      if (scan === notReadScan) index.scans.set(path, scan);
      index.entries.set(path, index.context.entryFor(path, scan, pathReasons[i]));
    });
    options.onProgress?.(total, total);
    ports.logger.info(`index: ${total} files, ${toRead.length} read, ${found.size} with tags, tickets or skipped, in ${Date.now() - started} ms`);
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
    return this.entries.get(path);
  }

  /**
   * The outcomes a file serves from paths, tags and tickets (no history: see `explain`). A
   * path the index does not hold (ignored, just created) is answered by its path rules.
   */
  outcomesOf(path: string): readonly FileOutcome[] {
    return (this.entries.get(path) ?? this.context.entryFor(path, readNothingScan)).outcomes;
  }

  /** Sorted paths of the files serving `outcomeId`. */
  filesServing(outcomeId: string): string[] {
    return this.files().filter((f) => this.entries.get(f)?.outcomes.some((o) => o.outcomeId === outcomeId));
  }

  /** Tags naming no known outcome, by file and line. */
  unknownIds(): TagProblem[] {
    return this.files().flatMap((f) => this.entries.get(f)?.unknownIds ?? []);
  }

  /** Tags naming a dropped outcome, by file and line. */
  droppedIds(): TagProblem[] {
    return this.files().flatMap((f) => this.entries.get(f)?.droppedIds ?? []);
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
   * A new config: every entry is re-derived from the remembered scans, no file is read.
   * Returns true when the ticket patterns changed: remembered ticket hits were found with
   * the old ones, so the caller should rebuild (until then ticket reasons are missing).
   */
  setModel(model: OutcomeModel): boolean {
    const patternsChanged = patternKey(model.ticketPatterns) !== patternKey(this.context.model.ticketPatterns);
    this.context = contextFor(model);
    this.history.clear();
    if (patternsChanged) for (const [path, scan] of this.scans) this.scans.set(path, { ...scan, tickets: [] });
    for (const path of this.entries.keys()) this.entries.set(path, this.context.entryFor(path, this.scans.get(path) ?? readNothingScan));
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
    const scan = this.scans.get(from) ?? (this.entries.has(from) ? readNothingScan : undefined);
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
    const entry = this.entries.get(path) ?? this.context.entryFor(path, readNothingScan);
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

  private store(path: string, scan: ContentScan): FileEntry {
    if (scan.status !== 'scanned' || scan.tags.length > 0 || scan.tickets.length > 0) this.scans.set(path, scan);
    else this.scans.delete(path);
    if (!this.entries.has(path)) this.sortedFiles = undefined;
    const entry = this.context.entryFor(path, scan);
    this.entries.set(path, entry);
    return entry;
  }
}

const readNothingScan: ContentScan = { status: 'scanned', tags: [], tickets: [] };

async function yieldToEventLoop(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

function contextFor(model: OutcomeModel): ReasonContext {
  return new ReasonContext(model, new PathRuleIndex(pathRulesOf(model)));
}

function patternKey(patterns: readonly RegExp[]): string {
  return patterns.map((p) => `${p.source}/${p.flags}`).join('\n');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
