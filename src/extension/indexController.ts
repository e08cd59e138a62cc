// Keeps a WorkspaceIndex per workspace folder with a config: built in the background after
// activation (worker threads, VS Code's own ripgrep as the pre-filter), then kept current:
// open editors re-index from their buffer as you type, files created/changed/deleted/renamed
// on disk re-index one by one, a new config re-derives every entry without reading a file.
// Providers read from it synchronously; nothing here blocks the extension host.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OutcomeModel } from '../core/config/model';
import { configFileNames } from '../core/config/configFile';
import type { FileEntry, FileOutcome } from '../core/index/reasons';
import { RipgrepPrefilter } from '../core/index/ripgrepPrefilter';
import { createNodeScanner } from '../core/index/workerPool';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import { nodeFileSystem, nodeWalkFileSystem } from '../core/node/nodeHost';
import type { Logger } from '../core/ports';
import type { OutcomeConfigController } from './outcomeConfigController';
import { getSetting, settingsChanged } from './settings';
import { nextTurn } from './nextTurn';
import { trustedGitRunner } from './trustedGit';

interface FolderIndex {
  root: string;
  /** Undefined while the first build runs. */
  index: WorkspaceIndex | undefined;
  built: Promise<void>;
  abort: AbortController;
  isGit: boolean;
}

/**
 * What changed in an index. `files`: only these files were re-indexed (or removed, or renamed
 * away: `after` is empty), each with what it served before and serves now, so a view can tell
 * in a few steps whether what it shows changed. Undefined: anything may have changed (a build,
 * a new config, a folder gone), and `root` is undefined when more than one folder did.
 */
export interface IndexChange {
  readonly root: string | undefined;
  readonly files: readonly IndexedFile[] | undefined;
}

export interface IndexedFile {
  readonly path: string;
  readonly before: readonly FileOutcome[];
  readonly after: readonly FileOutcome[];
}

/** Typing pauses shorter than this do not re-scan the buffer. */
const bufferDelayMs = 300;
/** Disk events arrive in bursts (checkout, build output); they are handled together. */
const diskDelayMs = 300;
/** A burst larger than this rebuilds the folder's index instead of file by file. */
const rebuildAbove = 2000;

export class IndexController implements vscode.Disposable {
  private readonly folders = new Map<string, FolderIndex>();
  private readonly changed = new vscode.EventEmitter<IndexChange>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly pendingBuffers = new Map<string, NodeJS.Timeout>();
  private readonly pendingDisk = new Map<string, 'change' | 'delete'>();
  private diskTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  /** Fires after any folder's index changed (built, a file re-indexed, a new config), saying what changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly logger: Logger,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      configs.onDidChange(() => this.sync()),
      watcher,
      watcher.onDidCreate((uri) => this.onDisk(uri, 'change')),
      watcher.onDidChange((uri) => this.onDisk(uri, 'change')),
      watcher.onDidDelete((uri) => this.onDisk(uri, 'delete')),
      vscode.workspace.onDidRenameFiles((event) => {
        for (const { oldUri, newUri } of event.files) this.onRename(oldUri, newUri);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.scheduleBuffer(event.document);
      }),
      // Closing an unsaved buffer: the disk is the truth again.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.isDirty) this.onDisk(document.uri, 'change');
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settingsChanged(event, ['maxFileSizeKB'])) this.rebuildAll();
      }),
      // Restricted Mode listed the files by a walk (see trustedGit.ts): now git may list them.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.rebuildAll()),
    );
  }

  /** Resolves when every folder's current build has finished. Never rejects. */
  async whenBuilt(): Promise<void> {
    await Promise.all([...this.folders.values()].map((f) => f.built));
  }

  /** The index of the folder holding `uri`, once built. */
  indexFor(uri: vscode.Uri): WorkspaceIndex | undefined {
    const folder = this.folderOf(uri);
    return folder?.index;
  }

  /** Every built index, in workspace folder order. */
  all(): WorkspaceIndex[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((f) => this.folders.get(f.uri.fsPath)?.index ?? []);
  }

  /** The index entry of a file, or undefined when its folder has no index (yet) or the file is not indexed. */
  entryFor(uri: vscode.Uri): FileEntry | undefined {
    const folder = this.folderOf(uri);
    const relative = folder && relativePath(folder.root, uri);
    return relative !== undefined ? folder?.index?.entry(relative) : undefined;
  }

  /**
   * What a file serves from paths, tags and tickets. A file the index does not hold (not yet
   * built, ignored, untitled-but-saved elsewhere) is still answered by its path rules.
   */
  outcomesOf(uri: vscode.Uri): readonly FileOutcome[] {
    const folder = this.folderOf(uri);
    const relative = folder && relativePath(folder.root, uri);
    if (!folder?.index || relative === undefined) return [];
    return folder.index.outcomesOf(relative);
  }

  /** The file's path relative to its folder's root, `/`-separated. */
  relativePath(uri: vscode.Uri): string | undefined {
    const folder = this.folderOf(uri);
    return folder ? relativePath(folder.root, uri) : undefined;
  }

  private folderOf(uri: vscode.Uri): FolderIndex | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.folders.get(folder.uri.fsPath) : undefined;
  }

  /** Follows the configs: a new folder builds, a changed model re-derives, a removed one drops. */
  private sync(): void {
    if (this.disposed) return;
    const models = new Map(this.configs.all().map((m) => [m.folder, m]));
    let changed = false;
    for (const [root, folder] of this.folders) {
      if (models.has(root)) continue;
      folder.abort.abort();
      this.folders.delete(root);
      changed = true;
    }
    for (const [root, model] of models) {
      const folder = this.folders.get(root);
      if (!folder) {
        this.startBuild(root, model);
        continue;
      }
      if (!folder.index || folder.index.model === model) continue;
      if (folder.index.setModel(model)) this.startBuild(root, model);
      changed = true;
    }
    if (changed) this.changed.fire({ root: undefined, files: undefined });
  }

  private rebuildAll(): void {
    for (const model of this.configs.all()) this.startBuild(model.folder, model);
  }

  private startBuild(root: string, model: OutcomeModel): void {
    this.folders.get(root)?.abort.abort();
    const abort = new AbortController();
    const previous = this.folders.get(root);
    const folder: FolderIndex = { root, index: previous?.index, built: Promise.resolve(), abort, isGit: previous?.isGit ?? true };
    this.folders.set(root, folder);
    // Indexing spawns git and ripgrep: not while the config change that started it is published.
    folder.built = nextTurn().then(() => (abort.signal.aborted ? undefined : this.build(folder, model)));
  }

  private async build(folder: FolderIndex, model: OutcomeModel): Promise<void> {
    const started = performance.now();
    try {
      const index = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Outcome Lens: indexing' },
        async (progress) => {
          let reported = 0;
          return WorkspaceIndex.build(
            folder.root,
            model,
            { fs: nodeFileSystem, git: trustedGitRunner, walk: nodeWalkFileSystem, logger: this.logger },
            {
              maxFileBytes: getSetting('maxFileSizeKB') * 1024,
              scanner: createNodeScanner({}),
              prefilter: ripgrepPrefilter(),
              // The Tickets view lists tickets no outcome lists (its Untagged group).
              unlistedTickets: true,
              signal: folder.abort.signal,
              onProgress: (done, total) => {
                const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
                if (percent > reported) {
                  progress.report({ increment: percent - reported, message: `${done}/${total} files` });
                  reported = percent;
                }
              },
            },
          );
        },
      );
      if (folder.abort.signal.aborted || this.folders.get(folder.root) !== folder) return;
      folder.index = index;
      folder.isGit = existsSync(path.join(folder.root, '.git'));
      // Open editors may hold unsaved tags: the buffer wins over the disk.
      for (const document of vscode.workspace.textDocuments) {
        const relative = relativePath(folder.root, document.uri);
        if (document.isDirty && relative !== undefined && index.entry(relative)) index.updateText(relative, document.getText());
      }
      this.logger.info(`index of ${folder.root}: ${index.size} files in ${(performance.now() - started).toFixed(0)} ms`);
      this.changed.fire({ root: folder.root, files: undefined });
    } catch (error) {
      if (folder.abort.signal.aborted) return;
      this.logger.error(`indexing ${folder.root} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private scheduleBuffer(document: vscode.TextDocument): void {
    const folder = this.folderOf(document.uri);
    if (!folder?.index) return;
    const key = document.uri.toString();
    clearTimeout(this.pendingBuffers.get(key));
    this.pendingBuffers.set(
      key,
      setTimeout(() => {
        this.pendingBuffers.delete(key);
        const relative = relativePath(folder.root, document.uri);
        // Closed before the pause ended (revert and close, say): the disk is the truth again.
        if (document.isClosed) return this.onDisk(document.uri, 'change');
        if (!folder.index || relative === undefined || isConfigPath(relative)) return;
        const before = folder.index.entry(relative)?.outcomes;
        // A buffer of a file the index does not cover (ignored) stays out of it.
        if (!before) return;
        const after = folder.index.updateText(relative, document.getText()).outcomes;
        this.changed.fire({ root: folder.root, files: [{ path: relative, before, after }] });
      }, bufferDelayMs),
    );
  }

  private onDisk(uri: vscode.Uri, kind: 'change' | 'delete'): void {
    const folder = this.folderOf(uri);
    const relative = folder && relativePath(folder.root, uri);
    if (!folder?.index || relative === undefined || relative === '' || relative === '.git' || relative.startsWith('.git/')) return;
    this.pendingDisk.set(`${folder.root}\0${relative}`, kind);
    clearTimeout(this.diskTimer);
    this.diskTimer = setTimeout(() => void this.flushDisk(), diskDelayMs);
  }

  private onRename(from: vscode.Uri, to: vscode.Uri): void {
    const folder = this.folderOf(from);
    const index = folder?.index;
    const oldPath = folder && relativePath(folder.root, from);
    const newPath = folder && relativePath(folder.root, to);
    if (!index || oldPath === undefined || newPath === undefined || this.folderOf(to) !== folder) return;
    // A folder rename moves every file under it.
    const prefix = `${oldPath}/`;
    const moved = index.entry(oldPath) ? [oldPath] : index.files().filter((f) => f.startsWith(prefix));
    const files: IndexedFile[] = [];
    for (const file of moved) {
      const to = newPath + file.slice(oldPath.length);
      const before = heldOutcomes(index, file);
      const replaced = heldOutcomes(index, to);
      const after = index.renameFile(file, to)?.outcomes ?? [];
      files.push({ path: file, before, after: [] }, { path: to, before: replaced, after });
    }
    if (files.length > 0) this.changed.fire({ root: folder.root, files });
  }

  private async flushDisk(): Promise<void> {
    const batch = [...this.pendingDisk];
    this.pendingDisk.clear();
    const byFolder = new Map<string, { changes: string[]; deletes: string[] }>();
    for (const [key, kind] of batch) {
      const [root = '', relative = ''] = key.split('\0');
      const lists = byFolder.get(root) ?? { changes: [], deletes: [] };
      (kind === 'delete' ? lists.deletes : lists.changes).push(relative);
      byFolder.set(root, lists);
    }
    for (const [root, { changes, deletes }] of byFolder) {
      const folder = this.folders.get(root);
      const index = folder?.index;
      if (!folder || !index) continue;
      const files: IndexedFile[] = [];
      let complete = true;
      try {
        if (changes.length + deletes.length > rebuildAbove) {
          this.startBuild(root, index.model);
          continue;
        }
        for (const relative of deletes) {
          // A deleted folder arrives as one event for the folder.
          const prefix = `${relative}/`;
          const gone = index.entry(relative) ? [relative] : index.files().filter((f) => f.startsWith(prefix));
          for (const file of gone) {
            files.push({ path: file, before: heldOutcomes(index, file), after: [] });
            index.removeFile(file);
          }
        }
        const known = changes.filter((f) => index.entry(f));
        const fresh = await this.indexable(folder, changes.filter((f) => !index.entry(f)));
        for (const relative of [...known, ...fresh]) {
          if (isConfigPath(relative) || this.isOpenAndDirty(root, relative)) continue;
          const before = heldOutcomes(index, relative);
          const after = (await index.updateFile(relative))?.outcomes ?? [];
          files.push({ path: relative, before, after });
        }
      } catch (error) {
        complete = false;
        this.logger.warn(`re-indexing changed files of ${root} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // After a failure part way, what changed is not known for sure.
      if (!this.disposed && (files.length > 0 || !complete)) this.changed.fire({ root, files: complete ? files : undefined });
    }
  }

  /** Of new paths, the files the index would have listed: not git-ignored, not folders. */
  private async indexable(folder: FolderIndex, paths: readonly string[]): Promise<string[]> {
    const files: string[] = [];
    for (const relative of paths) {
      const stat = await nodeFileSystem.stat(path.join(folder.root, relative));
      if (stat?.isFile) files.push(relative);
    }
    if (files.length === 0 || !folder.isGit) return files;
    const result = await trustedGitRunner(['check-ignore', '-z', '--stdin'], { cwd: folder.root, input: files.join('\0') + '\0' });
    // Exit 1: none ignored; 0: some listed; anything else: git could not say, keep them all.
    if (result.exitCode !== 0) return files;
    const ignored = new Set(result.stdout.split('\0').filter(Boolean));
    return files.filter((f) => !ignored.has(f));
  }

  private isOpenAndDirty(root: string, relative: string): boolean {
    const file = path.join(root, relative);
    return vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath === file);
  }

  dispose(): void {
    this.disposed = true;
    for (const folder of this.folders.values()) folder.abort.abort();
    for (const timer of this.pendingBuffers.values()) clearTimeout(timer);
    clearTimeout(this.diskTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** VS Code ships ripgrep; use it when it is where this VS Code keeps it. */
function ripgrepPrefilter(): RipgrepPrefilter | undefined {
  const binary = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    for (const pkg of ['@vscode/ripgrep', 'vscode-ripgrep']) {
      const candidate = path.join(vscode.env.appRoot, modules, pkg, 'bin', binary);
      if (existsSync(candidate)) return new RipgrepPrefilter(candidate);
    }
  }
  return undefined;
}

/** What a file serves in the index now; nothing when the index does not hold it. */
function heldOutcomes(index: WorkspaceIndex, relative: string): readonly FileOutcome[] {
  return index.entry(relative)?.outcomes ?? [];
}

function relativePath(root: string, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  const relative = path.relative(root, uri.fsPath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

function isConfigPath(relative: string): boolean {
  return (configFileNames as readonly string[]).includes(relative);
}
