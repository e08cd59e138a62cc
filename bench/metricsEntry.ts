// The metrics bench's TypeScript half, bundled by bench/metrics.mjs into .bench/metricsEntry.cjs:
// a real Prometheus (the test harness's) scraping 50 gauges, and the metric engine refreshing
// 1,000 prometheus metrics against it, each with its own query (nothing de-duplicated).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createFileMetricCache } from '../src/core/metrics/metricCache';
import { MetricEngine, defaultConcurrency } from '../src/core/metrics/metricEngine';
import type { MetricJob } from '../src/core/metrics/metricTypes';
import { nodeFileSystem } from '../src/core/node/nodeHost';
import type { Logger } from '../src/core/ports';
import { systemClock } from '../src/core/ports';
import type { PrometheusServer } from '../test/unit/helpers/prometheusServer';
import { defaultExposition, startPrometheus } from '../test/unit/helpers/prometheusServer';

export const gaugeCount = 50;

/** 50 gauges `bench_metric{i="0".."49"}` with value i + 1, plus the helper's default page (it waits for `orders_total`). */
export function benchExposition(): string {
  const lines = ['# TYPE bench_metric gauge'];
  for (let i = 0; i < gaugeCount; i++) lines.push(`bench_metric{i="${i}"} ${i + 1}`);
  return `${lines.join('\n')}\n${defaultExposition}`;
}

export function startBenchPrometheus(): Promise<PrometheusServer> {
  return startPrometheus({ exposition: benchExposition() });
}

/** Metric n asks `bench_metric{i="n % 50"} * (n + 1)`: a distinct query each, expected value (n % 50 + 1) * (n + 1). */
function jobsFor(url: string, count: number, folder: string): { jobs: MetricJob[]; expected: Map<string, number> } {
  const jobs: MetricJob[] = [];
  const expected = new Map<string, number>();
  for (let n = 0; n < count; n++) {
    const key = `BENCH-${Math.floor(n / 10)}/m${n}`;
    jobs.push({
      key,
      outcomeId: `BENCH-${Math.floor(n / 10)}`,
      metric: { id: `m${n}`, baseline: 0, target: 1_000_000 },
      source: { type: 'prometheus', url, query: `bench_metric{i="${n % gaugeCount}"} * ${n + 1}` },
      folder,
    });
    expected.set(key, ((n % gaugeCount) + 1) * (n + 1));
  }
  return { jobs, expected };
}

export interface PassFigures {
  /** Wall time, ms. */
  ms: number;
  /** Longest event-loop delay seen by monitorEventLoopDelay (resolution 10 ms), ms. */
  stallMs: number;
  /** Longest lateness of a 5 ms setInterval probe, ms. */
  driftMs: number;
  /** Readings without a value, or with an error. */
  failed: number;
  /** Readings whose value is not the one the query must give. */
  wrong: number;
  firstError?: string;
}

export interface RunFigures {
  concurrency: number;
  /** `engine.start()` + `engine.refreshAll()` on a fresh engine: the first refresh. */
  first: PassFigures;
  /** A second `engine.refreshAll()` on the same engine: a full refresh with everything warm. */
  again: PassFigures;
}

async function measured(action: () => Promise<void>, check: () => Pick<PassFigures, 'failed' | 'wrong' | 'firstError'>): Promise<PassFigures> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let driftMs = 0;
  let expectedAt = performance.now() + 5;
  const probe = setInterval(() => {
    const now = performance.now();
    driftMs = Math.max(driftMs, now - expectedAt);
    expectedAt = now + 5;
  }, 5);
  histogram.enable();
  const started = performance.now();
  try {
    await action();
  } finally {
    clearInterval(probe);
    histogram.disable();
  }
  const ms = performance.now() - started;
  return { ms, stallMs: histogram.max / 1e6, driftMs, ...check() };
}

/** One engine with `count` jobs at the given concurrency; cache in a temporary folder, as the CLI has one. */
export async function runEngineBench(url: string, count: number, concurrency: number | undefined): Promise<RunFigures> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-metrics-bench-'));
  const problems: string[] = [];
  const logger: Logger = {
    error: (message) => problems.push(message),
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
  };
  const { jobs, expected } = jobsFor(url, count, directory);
  const engine = new MetricEngine({
    jobs,
    settings: concurrency === undefined ? {} : { concurrency },
    secrets: () => Promise.resolve(undefined),
    fetch,
    fs: nodeFileSystem,
    clock: systemClock,
    logger,
    trusted: true,
    cache: createFileMetricCache(path.join(directory, 'cache'), logger),
    refreshIntervalMs: 0,
  });
  const check = (): Pick<PassFigures, 'failed' | 'wrong' | 'firstError'> => {
    let failed = 0;
    let wrong = 0;
    let firstError: string | undefined;
    for (const [key, reading] of engine.readings()) {
      if (reading.value === null || reading.error !== undefined) {
        failed++;
        firstError ??= `${key}: ${reading.error ?? 'no value'}`;
      } else if (reading.value !== expected.get(key)) {
        wrong++;
        firstError ??= `${key}: ${reading.value} instead of ${expected.get(key)}`;
      }
    }
    if (engine.readings().size !== count) failed += count - engine.readings().size;
    return { failed, wrong, ...(firstError === undefined ? {} : { firstError }) };
  };
  try {
    const first = await measured(async () => {
      await engine.start();
      await engine.refreshAll();
    }, check);
    const again = await measured(() => engine.refreshAll(), check);
    if (problems.length > 0) throw new Error(`the engine logged errors: ${problems.slice(0, 3).join('; ')}`);
    return { concurrency: concurrency ?? defaultConcurrency, first, again };
  } finally {
    engine.dispose();
    await engine.flush();
    await rm(directory, { recursive: true, force: true });
  }
}
