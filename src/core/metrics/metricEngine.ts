// Keeps every metric's reading current: refreshes on a schedule and on demand, at most N
// sources at a time, one request for jobs that ask the same thing, backing off from failing
// sources, and falling back to the cached value (marked stale) when a source fails.
// One engine lives for one config load; `dispose()` cancels everything it started.
import { setMaxListeners } from 'node:events';
import type { TeamSettingsSpec } from '../config/schema';
import type { Clock, FileSystem, Logger } from '../ports';
import type { CommandRunner } from './commandRunner';
import type { CachedMetric, MetricCache } from './metricCache';
import type { MetricSourceKinds } from './metricSource';
import type { HistoryPoint, MetricJob, MetricReading, SourceResult } from './metricTypes';
import type { SecretResolver } from './secrets';
import type { Event } from './typedEmitter';
import { durationToMs } from './duration';
import { cacheKeyOf, sourceFingerprint } from './metricCache';
import { fetchMetric, metricSourceKinds, requestKeyOf } from './metricSource';
import { emptyReading } from './metricTypes';
import { abortReason, describeError } from './sourceErrors';
import { Emitter } from './typedEmitter';

export const defaultRefreshIntervalMs = 5 * 60_000;
export const defaultConcurrency = 4;
export const defaultRetryDelayMs = 30_000;
export const defaultMaxRetryDelayMs = 30 * 60_000;
/** History kept for sources that give none themselves (points recorded at each refresh). */
const recordedHistoryWindowMs = 30 * 86_400_000;
const maxRecordedHistoryPoints = 1000;
// setTimeout overflows past 2^31 − 1 ms (~24.8 days) and would fire at once.
const maxTimerDelayMs = 2_147_483_647;

export interface TimerHandle {
  cancel(): void;
}

/** Scheduling, injectable so tests control time and hosts choose whether timers keep Node alive. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
}

/** Node timers that never keep the process alive, so the CLI exits when its work is done. */
export const unrefTimers: Timers = {
  setTimeout: (callback, delayMs) => {
    const handle = setTimeout(callback, delayMs);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

export interface MetricEngineOptions {
  jobs: readonly MetricJob[];
  settings?: TeamSettingsSpec | undefined;
  secrets: SecretResolver;
  fetch: typeof fetch;
  fs: FileSystem;
  clock: Clock;
  logger: Logger;
  trusted: boolean;
  exec?: CommandRunner | undefined;
  cache?: MetricCache | undefined;
  /** Default: every source kind. */
  kinds?: MetricSourceKinds | undefined;
  /** Default: `unrefTimers`. */
  timers?: Timers | undefined;
  /** Overrides `settings.concurrency`. */
  concurrency?: number | undefined;
  /** Overrides `settings.refreshInterval`; 0 means on demand only. */
  refreshIntervalMs?: number | undefined;
  /** First retry after a failure (default 30 s); doubles per failure up to `maxRetryDelayMs` (default 30 min). */
  retryDelayMs?: number | undefined;
  maxRetryDelayMs?: number | undefined;
}

export interface MetricChange {
  key: string;
  reading: MetricReading;
}

/** Jobs that make the same request: fetched once, the result given to each. */
interface RequestGroup {
  requestKey: string;
  fingerprint: string;
  jobs: MetricJob[];
  failures: number;
  lastError?: string;
  inFlight?: Promise<void>;
  timer?: TimerHandle;
}

export class MetricEngine {
  private readonly changes: Emitter<MetricChange>;
  readonly onDidChange: Event<MetricChange>;

  private readonly groups = new Map<string, RequestGroup>();
  private readonly groupOfJob = new Map<string, RequestGroup>();
  private readonly current = new Map<string, MetricReading>();
  private readonly lifetime = new AbortController();
  private readonly limiter: ConcurrencyLimiter;
  private readonly timers: Timers;
  private readonly refreshIntervalMs: number;
  private cacheLoaded?: Promise<void>;
  private cacheWrite: Promise<void> = Promise.resolve();
  private cacheWriteQueued = false;
  private readonly cacheEntries = new Map<string, CachedMetric>();
  private started = false;
  private disposed = false;

  constructor(private readonly options: MetricEngineOptions) {
    this.changes = new Emitter((error) => options.logger.error(`metric change listener failed: ${describeError(error)}`));
    this.onDidChange = this.changes.event;
    // Every request queued behind the concurrency limit listens for this signal's abort (and
    // stops listening when it starts), so hundreds of listeners are expected, not a leak.
    setMaxListeners(0, this.lifetime.signal);
    this.timers = options.timers ?? unrefTimers;
    this.refreshIntervalMs = options.refreshIntervalMs ?? durationToMs(options.settings?.refreshInterval) ?? defaultRefreshIntervalMs;
    this.limiter = new ConcurrencyLimiter(Math.max(1, options.concurrency ?? options.settings?.concurrency ?? defaultConcurrency));
    const kinds = options.kinds ?? metricSourceKinds;
    for (const job of options.jobs) {
      this.current.set(job.key, emptyReading);
      if (!job.source) continue;
      const requestKey = requestKeyOf(job, kinds);
      let group = this.groups.get(requestKey);
      if (!group) {
        group = { requestKey, fingerprint: sourceFingerprint(requestKey), jobs: [], failures: 0 };
        this.groups.set(requestKey, group);
      }
      group.jobs.push(job);
      this.groupOfJob.set(job.key, group);
    }
  }

  /** Shows cached values (stale) and starts refreshing; resolves once the cached values are out. */
  async start(): Promise<void> {
    if (this.started || this.disposed) return;
    this.started = true;
    await this.loadCache();
    for (const group of this.groups.values()) void this.refreshGroup(group);
  }

  reading(key: string): MetricReading {
    return this.current.get(key) ?? emptyReading;
  }

  readings(): ReadonlyMap<string, MetricReading> {
    return this.current;
  }

  /** Refreshes one metric now (and the metrics sharing its request), whatever the schedule; resolves once cached. */
  async refresh(key: string): Promise<MetricReading> {
    const group = this.groupOfJob.get(key);
    if (group) await this.refreshGroup(group);
    await this.cacheWrite;
    return this.reading(key);
  }

  /** Refreshes every metric now; resolves when all are done and the cache is written. */
  async refreshAll(): Promise<void> {
    await Promise.all([...this.groups.values()].map((group) => this.refreshGroup(group)));
    await this.cacheWrite;
  }

  /** Resolves when cache writes already started are done (e.g. before the CLI exits). */
  flush(): Promise<void> {
    return this.cacheWrite;
  }

  /** Cancels in-flight requests and timers. Readings stay readable; nothing changes afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    for (const group of this.groups.values()) group.timer?.cancel();
    this.changes.dispose();
  }

  private loadCache(): Promise<void> {
    this.cacheLoaded ??= this.readCache();
    return this.cacheLoaded;
  }

  private async readCache(): Promise<void> {
    const cache = this.options.cache;
    if (!cache) return;
    let entries: Map<string, CachedMetric>;
    try {
      entries = await cache.load();
    } catch (error) {
      this.options.logger.warn(`metric cache could not be read: ${describeError(error)}`);
      return;
    }
    for (const group of this.groups.values()) {
      for (const job of group.jobs) {
        const entry = entries.get(cacheKeyOf(job));
        // A cached value from another query or URL would be a wrong value, not an old one.
        if (!entry || entry.source !== group.fingerprint || this.disposed) continue;
        this.cacheEntries.set(cacheKeyOf(job), entry);
        if (this.reading(job.key).value !== null) continue;
        this.update(job.key, { value: entry.value, asOf: entry.asOf, history: entry.history, stale: true });
      }
    }
  }

  /** Never rejects: every failure ends up in the readings. */
  private refreshGroup(group: RequestGroup): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (group.inFlight) return group.inFlight;
    group.timer?.cancel();
    delete group.timer;
    const signal = this.lifetime.signal;
    const run = async (): Promise<void> => {
      await this.loadCache();
      const representative = group.jobs[0];
      if (!representative) return;
      try {
        const result = await this.limiter.run(signal, () =>
          fetchMetric(representative, {
            ...(this.options.kinds ? { kinds: this.options.kinds } : {}),
            secrets: this.options.secrets,
            fetch: this.options.fetch,
            fs: this.options.fs,
            clock: this.options.clock,
            trusted: this.options.trusted,
            ...(this.options.exec ? { exec: this.options.exec } : {}),
            signal,
          }),
        );
        if (!this.disposed) this.succeeded(group, result);
      } catch (error) {
        if (!this.disposed) this.failed(group, describeError(error));
      }
    };
    group.inFlight = run().finally(() => {
      delete group.inFlight;
      this.schedule(group);
    });
    return group.inFlight;
  }

  private succeeded(group: RequestGroup, result: SourceResult): void {
    if (group.failures > 0) this.options.logger.info(`metric ${describeGroup(group)} recovered`);
    group.failures = 0;
    delete group.lastError;
    const savedAt = this.options.clock.now();
    for (const job of group.jobs) {
      const history = result.history ?? recordPoint(this.reading(job.key).history, { t: result.asOf, v: result.value });
      this.update(job.key, { value: result.value, asOf: result.asOf, history, stale: false });
      this.cacheEntries.set(cacheKeyOf(job), { value: result.value, asOf: result.asOf, history, source: group.fingerprint, savedAt });
    }
    this.writeCache();
  }

  private failed(group: RequestGroup, message: string): void {
    group.failures++;
    if (message !== group.lastError) this.options.logger.warn(`metric ${describeGroup(group)}: ${message}`);
    group.lastError = message;
    for (const job of group.jobs) {
      const previous = this.reading(job.key);
      this.update(job.key, { ...previous, error: message, stale: previous.value !== null });
    }
  }

  private schedule(group: RequestGroup): void {
    if (this.disposed) return;
    const delay =
      group.failures > 0
        ? Math.min(this.options.maxRetryDelayMs ?? defaultMaxRetryDelayMs, (this.options.retryDelayMs ?? defaultRetryDelayMs) * 2 ** (group.failures - 1))
        : this.refreshIntervalMs;
    if (delay <= 0 && group.failures === 0) return;
    group.timer?.cancel();
    group.timer = this.timers.setTimeout(() => void this.refreshGroup(group), Math.min(delay, maxTimerDelayMs));
  }

  private update(key: string, reading: MetricReading): void {
    this.current.set(key, reading);
    this.changes.fire({ key, reading });
  }

  /**
   * Writes are chained so two never race on the same file, and coalesced: a write waiting its
   * turn takes the entries as they are when it starts, so a burst of refreshes costs one or two
   * writes. A failed write is logged, not fatal.
   */
  private writeCache(): void {
    const cache = this.options.cache;
    if (!cache || this.cacheWriteQueued) return;
    this.cacheWriteQueued = true;
    this.cacheWrite = this.cacheWrite
      .then(() => {
        this.cacheWriteQueued = false;
        return cache.save(new Map(this.cacheEntries));
      })
      .catch((error: unknown) => this.options.logger.warn(`metric cache could not be written: ${describeError(error)}`));
  }
}

function describeGroup(group: RequestGroup): string {
  return group.jobs.map((job) => job.key).join(', ');
}

function recordPoint(history: readonly HistoryPoint[], point: HistoryPoint): HistoryPoint[] {
  const last = history[history.length - 1];
  const kept = last && last.t >= point.t ? [...history] : [...history, point];
  const oldest = point.t - recordedHistoryWindowMs;
  return kept.filter((item) => item.t >= oldest).slice(-maxRecordedHistoryPoints);
}

/** Runs at most `limit` tasks at once; queued tasks are dropped when the signal aborts. */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const start = (): void => {
        signal.removeEventListener('abort', cancel);
        this.running++;
        resolve();
      };
      const cancel = (): void => {
        const index = this.queue.indexOf(start);
        if (index !== -1) this.queue.splice(index, 1);
        reject(abortReason(signal));
      };
      this.queue.push(start);
      signal.addEventListener('abort', cancel, { once: true });
    });
  }
}
