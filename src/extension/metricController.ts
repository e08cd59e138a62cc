// Keeps every folder's metrics fresh in the editor: one core MetricEngine per loaded config,
// rebuilt only when the metrics or sources change (not on every keystroke in the config),
// with secrets from SecretStorage, the cache in global storage, and workspace trust honoured.
import * as vscode from 'vscode';
import type { OutcomeModel } from '../core/config/model';
import { secretReferencePattern } from '../core/config/secretReference';
import { createFileMetricCache } from '../core/metrics/metricCache';
import type { MetricCache } from '../core/metrics/metricCache';
import { MetricEngine } from '../core/metrics/metricEngine';
import { assessModel, jobsOf } from '../core/metrics/modelStatus';
import type { ModelStatus } from '../core/metrics/modelStatus';
import { nodeCommandRunner } from '../core/metrics/nodeCommandRunner';
import { nodeFileSystem } from '../core/node/nodeHost';
import { systemClock } from '../core/ports';
import type { ExtensionLogger } from './log';
import type { OutcomeConfigController } from './outcomeConfigController';
import { nextTurn } from './nextTurn';
import { Coalesced } from './coalesced';

/** SecretStorage key of `${secret:NAME}`. */
export function secretStorageKey(name: string): string {
  return `outcomeLens.secret.${name}`;
}

interface FolderMetrics {
  signature: string;
  engine: MetricEngine;
  disposables: vscode.Disposable[];
}

/** Readings arrive in bursts (one per metric); views redraw once per burst. */
const redrawDelayMs = 100;

/** How long a worked-out status is used again, when no reading changed meanwhile. */
const statusMaxAgeMs = 60_000;

export class MetricController implements vscode.Disposable {
  private readonly folders = new Map<string, FolderMetrics>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly cache: MetricCache;
  private readonly redraws = new Coalesced(() => {
    this.statuses = new WeakMap();
    this.changed.fire();
  }, redrawDelayMs);
  /**
   * Status per model, as last worked out: every view, the status bar and each redraw ask, and
   * with thousands of outcomes an answer costs milliseconds. Dropped when readings change.
   */
  private statuses = new WeakMap<OutcomeModel, { status: ModelStatus; at: number }>();

  /** Fires (debounced) when any reading changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly secrets: vscode.SecretStorage,
    storage: vscode.Uri,
    private readonly logger: ExtensionLogger,
  ) {
    this.cache = createFileMetricCache(vscode.Uri.joinPath(storage, 'metrics').fsPath, logger);
    this.disposables.push(
      configs.onDidChange(() => this.sync()),
      // Trust unlocks command sources and secret-bearing requests: rebuild with it.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.sync(true)),
      secrets.onDidChange((event) => {
        if (event.key.startsWith('outcomeLens.secret.')) void this.refreshAll();
      }),
    );
  }

  /** Status of every metric and outcome of `model`, from the current readings. */
  statusOf(model: OutcomeModel): ModelStatus {
    const now = systemClock.now();
    const known = this.statuses.get(model);
    // Statuses also move with time (stale, expected by today): a minute old at most.
    if (known && now - known.at >= 0 && now - known.at < statusMaxAgeMs) return known.status;
    const engine = this.folders.get(model.folder)?.engine;
    const status = assessModel(model, (key) => engine?.reading(key), now);
    this.statuses.set(model, { status, at: now });
    return status;
  }

  /** Stores (or, with an empty value, deletes) a secret; engines refresh through onDidChange. */
  async storeSecret(key: string, value: string): Promise<void> {
    if (value === '') await this.secrets.delete(key);
    else await this.secrets.store(key, value);
  }

  async refreshAll(): Promise<void> {
    await Promise.all([...this.folders.values()].map((f) => f.engine.refreshAll()));
  }

  /** Refreshes some metrics of one folder now (keys as `metricKey` makes them); resolves when done. */
  async refresh(model: OutcomeModel, keys: readonly string[]): Promise<void> {
    const engine = this.folders.get(model.folder)?.engine;
    if (engine) await Promise.all(keys.map((key) => engine.refresh(key)));
  }

  /** Every `${secret:NAME}` the loaded configs use. */
  secretNames(): string[] {
    const names = new Set<string>();
    for (const model of this.configs.all()) {
      const text = JSON.stringify([...model.sources.values()].map((s) => s.spec).concat(model.outcomes.flatMap((o) => o.metrics.flatMap((m) => (m.source ? [m.source] : [])))));
      for (const match of text.matchAll(secretReferencePattern)) if (match[1]) names.add(match[1]);
    }
    return [...names].sort();
  }

  private sync(force = false): void {
    const models = new Map(this.configs.all().map((m) => [m.folder, m]));
    for (const [folder, metrics] of this.folders) {
      if (!models.has(folder)) this.stop(folder, metrics);
    }
    for (const [folder, model] of models) {
      const jobs = jobsOf(model);
      const signature = JSON.stringify([jobs, model.settings, vscode.workspace.isTrusted]);
      const current = this.folders.get(folder);
      if (current && current.signature === signature && !force) continue;
      if (current) this.stop(folder, current);
      const engine = new MetricEngine({
        jobs,
        settings: model.settings,
        secrets: (name) => Promise.resolve(this.secrets.get(secretStorageKey(name))),
        fetch: globalThis.fetch,
        fs: nodeFileSystem,
        clock: systemClock,
        logger: this.logger,
        trusted: vscode.workspace.isTrusted,
        exec: nodeCommandRunner,
        cache: this.cache,
      });
      const subscription = engine.onDidChange(() => this.redraws.schedule());
      const disposables: vscode.Disposable[] = [{ dispose: () => subscription.dispose() }];
      // File sources are re-read when their file changes (a nightly export landing, say).
      for (const job of jobs) {
        if (job.source?.type !== 'file') continue;
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), job.source.path));
        const refresh = (): void => void engine.refresh(job.key);
        disposables.push(watcher, watcher.onDidChange(refresh), watcher.onDidCreate(refresh), watcher.onDidDelete(refresh));
      }
      this.folders.set(folder, { signature, engine, disposables });
      // In the background: activation and config loads never wait for sources (network, files, commands).
      void nextTurn().then(async () => {
        if (this.folders.get(folder)?.engine !== engine) return;
        await engine.start().catch((error: unknown) => this.logger.error(`metrics of ${folder} failed to start: ${String(error)}`));
      });
    }
    this.redraws.schedule();
  }

  private stop(folder: string, metrics: FolderMetrics): void {
    metrics.engine.dispose();
    vscode.Disposable.from(...metrics.disposables).dispose();
    this.folders.delete(folder);
  }

  dispose(): void {
    this.redraws.dispose();
    for (const [folder, metrics] of this.folders) this.stop(folder, metrics);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
