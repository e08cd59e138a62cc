// Owns the outcome config of each workspace folder: finds it, parses it (from the editor
// buffer while it is open, so problems follow typing; from disk otherwise), publishes its
// problems as diagnostics, and tells views when a model changes. Reloads without a window
// reload when the file changes on disk, is created or deleted, or a folder is added.
import path from 'node:path';
import * as vscode from 'vscode';
import { findConfigFile, readConfigFile } from '../core/config/configFile';
import type { OutcomeModel, Problem } from '../core/config/model';
import { bundleFingerprint, createFileModelCache } from '../core/config/modelCache';
import type { ModelCache } from '../core/config/modelCache';
import { configFileNames } from '../core/config/configFile';
import { immediateFileSystem } from '../core/node/nodeHost';
import { configParser, loadedConfigParser } from './configParser';
import type { Logger } from '../core/ports';

/** Typing pauses shorter than this do not re-parse. */
const reparseDelayMs = 250;

export class OutcomeConfigController implements vscode.Disposable {
  private readonly models = new Map<string, OutcomeModel>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('outcome-lens');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];
  private readonly pendingReparse = new Map<string, NodeJS.Timeout>();
  private loading: Promise<void> = Promise.resolve();

  /** Fires after any folder's model changed (loaded, re-parsed, removed). */
  readonly onDidChange = this.changed.event;

  /** Parsed configs by their exact bytes, so a window opens on a known config without the parser. */
  private modelCache: ModelCache | undefined;

  constructor(
    private readonly logger: Logger,
    /** The model cache keeps its entries under `configs/` in it. */
    private readonly cacheDirectory?: string,
  ) {
    // Any depth, then filtered: only a folder-root config (per configFileNames) matters.
    const pattern = `**/{${configFileNames.join(',')}}`;
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.onDiskChange(uri)),
      watcher.onDidCreate((uri) => this.onDiskChange(uri)),
      watcher.onDidDelete((uri) => this.onDiskChange(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.scheduleReparse(event.document);
      }),
      // Closing an unsaved buffer means the file on disk is the truth again.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.isConfigUri(document.uri)) this.reloadSoon();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadSoon()),
    );
  }

  /** Every folder's model, in workspace folder order. */
  all(): OutcomeModel[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((f) => this.models.get(f.uri.fsPath) ?? []);
  }

  /** The model of the folder holding `uri`. */
  forUri(uri: vscode.Uri): OutcomeModel | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.models.get(folder.uri.fsPath) : undefined;
  }

  /**
   * The model of a folder's config as its document reads right now: a buffer edited a moment
   * ago is parsed without waiting for the typing pause. `undefined` when `document` is not the
   * config discovery picked for its folder.
   */
  modelOfDocument(document: vscode.TextDocument): OutcomeModel | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return undefined;
    const root = folder.uri.fsPath;
    const current = this.models.get(root);
    if (!current || current.file !== document.uri.fsPath) return undefined;
    const key = document.uri.fsPath;
    const pending = this.pendingReparse.get(key);
    const parser = loadedConfigParser();
    if (pending === undefined || !parser) return current;
    clearTimeout(pending);
    this.pendingReparse.delete(key);
    const model = parser.parseOutcomes(document.getText(), key, root);
    this.models.set(root, model);
    this.publish();
    return model;
  }

  /** (Re)loads every folder; resolves when done. Never rejects. */
  reload(): Promise<void> {
    this.loading = this.loading.then(() => this.loadAll());
    return this.loading;
  }

  private reloadSoon(): void {
    void this.reload();
  }

  private async loadAll(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const seen = new Set<string>();
    for (const folder of folders) {
      if (folder.uri.scheme !== 'file') continue;
      const root = folder.uri.fsPath;
      seen.add(root);
      try {
        const file = await findConfigFile(root, immediateFileSystem);
        if (file === undefined) {
          this.models.delete(root);
          continue;
        }
        // An open buffer is what the user sees and edits: it wins over the disk.
        const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
        const model = open ? (await configParser()).parseOutcomes(open.getText(), file, root) : await this.readFromDisk(file, root);
        this.models.set(root, model);
      } catch (error) {
        this.logger.error(`loading the outcome config of ${root} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const root of [...this.models.keys()]) if (!seen.has(root)) this.models.delete(root);
    this.publish();
  }

  /** The config on disk: from the model cache when these bytes were parsed before, else parsed (and cached). */
  private async readFromDisk(file: string, root: string): Promise<OutcomeModel> {
    const read = await readConfigFile(file, root, immediateFileSystem);
    if ('failed' in read) return read.failed;
    const cache = this.cache();
    const cached = await cache?.load(file, root, read.bytes);
    if (cached) {
      // Typing in the config needs the parser; load it now, off the path that shows the model.
      setTimeout(() => void configParser().catch(() => undefined), 1000).unref();
      return cached;
    }
    const model = (await configParser()).parseOutcomes(read.bytes, file, root);
    void cache?.save(file, root, read.bytes, model);
    return model;
  }

  private cache(): ModelCache | undefined {
    if (this.cacheDirectory === undefined) return undefined;
    if (!this.modelCache) {
      this.modelCache = createFileModelCache(this.cacheDirectory, bundleFingerprint(__filename));
    }
    return this.modelCache;
  }

  private onDiskChange(uri: vscode.Uri): void {
    if (!this.isConfigUri(uri)) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
    // A dirty buffer is newer than the disk from the user's point of view.
    if (open?.isDirty) return;
    this.reloadSoon();
  }

  private isConfigUri(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file') return false;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const relative = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    return (configFileNames as readonly string[]).includes(relative);
  }

  private scheduleReparse(document: vscode.TextDocument): void {
    if (!this.isConfigUri(document.uri)) return;
    const key = document.uri.fsPath;
    clearTimeout(this.pendingReparse.get(key));
    this.pendingReparse.set(
      key,
      setTimeout(() => {
        this.pendingReparse.delete(key);
        const folder = vscode.workspace.getWorkspaceFolder(document.uri);
        if (!folder || document.isClosed) return;
        const root = folder.uri.fsPath;
        const current = this.models.get(root);
        // Only the config that discovery picked for this folder drives the model.
        if (current && current.file !== document.uri.fsPath) return;
        if (!current) {
          this.reloadSoon();
          return;
        }
        configParser().then(
          ({ parseOutcomes }) => {
            if (document.isClosed || this.models.get(root) !== current) return;
            this.models.set(root, parseOutcomes(document.getText(), document.uri.fsPath, root));
            this.publish();
          },
          (error: unknown) => this.logger.error(`loading the config parser failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, reparseDelayMs),
    );
  }

  private publish(): void {
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const model of this.models.values()) {
      for (const problem of model.problems) {
        const list = byFile.get(problem.file) ?? [];
        list.push(toDiagnostic(problem));
        byFile.set(problem.file, list);
      }
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
    void vscode.commands.executeCommand('setContext', 'outcomeLens.hasConfig', this.models.size > 0);
    this.changed.fire();
  }

  dispose(): void {
    for (const timer of this.pendingReparse.values()) clearTimeout(timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

const severities: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(range: Problem['range']): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1);
}

function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(problem.range), problem.message, severities[problem.severity]);
  diagnostic.source = 'Outcome Lens';
  diagnostic.code = problem.code;
  return diagnostic;
}
