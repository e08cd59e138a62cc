import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SourceSpec } from '../../../src/core/config/schema';
import type { MetricCache } from '../../../src/core/metrics/metricCache';
import { createFileMetricCache, defaultCliCacheDirectory } from '../../../src/core/metrics/metricCache';
import type { MetricChange, MetricEngineOptions } from '../../../src/core/metrics/metricEngine';
import { MetricEngine } from '../../../src/core/metrics/metricEngine';
import type { MetricJob } from '../../../src/core/metrics/metricTypes';
import { nodeFileSystem } from '../../../src/core/node/nodeHost';
import { systemClock } from '../../../src/core/ports';
import type { LocalServer } from './helpers/localServer';
import { sendJson, startLocalServer } from './helpers/localServer';
import { ManualTimers } from './helpers/manualTimers';
import { recordingLogger } from './helpers/recordingLogger';
import { job } from './helpers/sourceContext';
import { failOnUnhandledRejections } from './helpers/unhandledRejections';

const failingFetch = (() => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))) as typeof fetch;

function engineWith(jobs: MetricJob[], overrides: Partial<MetricEngineOptions> = {}): MetricEngine {
  return new MetricEngine({ jobs, secrets: () => Promise.resolve(undefined), fetch, fs: nodeFileSystem, clock: systemClock, logger: recordingLogger(), trusted: true, timers: new ManualTimers(), ...overrides });
}

function keyed(key: string, source: SourceSpec): MetricJob {
  return { ...job(source, { id: key.split('/')[1] ?? key, baseline: 0, target: 10 }), key };
}

describe('metric engine', function () {
  this.timeout(10_000);
  failOnUnhandledRejections();
  let server: LocalServer;
  let running = 0;
  let mostAtOnce = 0;
  let cacheDirectory: string;

  before(async () => {
    server = await startLocalServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/hang') return; // answers never
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      setTimeout(() => {
        running--;
        sendJson(response, { value: Number(url.searchParams.get('n') ?? 1), path: url.pathname });
      }, Number(url.searchParams.get('delay') ?? 0));
    });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(async () => {
    running = 0;
    mostAtOnce = 0;
    server.requests.length = 0;
    cacheDirectory = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-engine-'));
  });
  afterEach(async () => {
    await rm(cacheDirectory, { recursive: true, force: true });
  });

  it('refreshes at most `concurrency` sources at once', async () => {
    const jobs = Array.from({ length: 10 }, (_, n) => keyed(`KR-1/m${n}`, { type: 'http', url: `${server.url}/v?n=${n}&delay=80`, pointer: '/value' }));
    const engine = engineWith(jobs, { concurrency: 3 });
    await engine.refreshAll();
    engine.dispose();
    assert.equal(mostAtOnce, 3);
    assert.equal(server.requests.length, 10);
    assert.deepEqual(
      jobs.map((item) => engine.reading(item.key).value),
      jobs.map((_, n) => n),
    );
  });

  it('takes the concurrency from settings, default 4', async () => {
    const jobs = Array.from({ length: 8 }, (_, n) => keyed(`KR-1/m${n}`, { type: 'http', url: `${server.url}/v?n=${n}&delay=80` }));
    const engine = engineWith(jobs);
    await engine.refreshAll();
    engine.dispose();
    assert.equal(mostAtOnce, 4);
  });

  it('makes one request for jobs asking the same thing', async () => {
    const changes: MetricChange[] = [];
    const shared: SourceSpec = { type: 'http', url: `${server.url}/shared?n=5`, pointer: '/value', headers: { a: '1', b: '2' } };
    const sameInOtherOrder: SourceSpec = { type: 'http', headers: { b: '2', a: '1' }, pointer: '/value', url: `${server.url}/shared?n=5` };
    const perMetric: SourceSpec = { type: 'http', url: `${server.url}/per/{metric}?n=6`, pointer: '/value' };
    const jobs = [keyed('KR-1/a', shared), keyed('KR-2/b', shared), keyed('KR-3/c', sameInOtherOrder), keyed('KR-1/d', perMetric), keyed('KR-1/e', perMetric)];
    const engine = engineWith(jobs);
    engine.onDidChange((change) => changes.push(change));
    await engine.refreshAll();
    engine.dispose();
    assert.deepEqual(server.requests.map((request) => request.url).sort(), ['/per/d?n=6', '/per/e?n=6', '/shared?n=5']);
    assert.deepEqual(
      changes.map((change) => `${change.key}=${String(change.reading.value)}`).sort(),
      ['KR-1/a=5', 'KR-1/d=6', 'KR-1/e=6', 'KR-2/b=5', 'KR-3/c=5'],
    );
  });

  it('joins a refresh already in flight instead of starting another', async () => {
    const item = keyed('KR-1/a', { type: 'http', url: `${server.url}/v?n=2&delay=50` });
    const engine = engineWith([item]);
    await Promise.all([engine.refresh(item.key), engine.refresh(item.key), engine.refreshAll()]);
    engine.dispose();
    assert.equal(server.requests.length, 1);
  });

  it('backs off exponentially after failures, capped, and resumes the interval on success', async () => {
    const timers = new ManualTimers();
    const logger = recordingLogger();
    let fail = true;
    const flakyFetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => (fail ? failingFetch(input, init) : fetch(input, init))) as typeof fetch;
    const item = keyed('KR-1/a', { type: 'http', url: `${server.url}/v?n=3`, pointer: '/value' });
    const engine = engineWith([item], { timers, logger, fetch: flakyFetch, retryDelayMs: 1000, maxRetryDelayMs: 5000, refreshIntervalMs: 60_000 });
    const delays: number[][] = [];
    await engine.refresh(item.key);
    delays.push(timers.pendingDelays());
    for (let attempt = 0; attempt < 4; attempt++) {
      timers.fireAll();
      await engine.refresh(item.key); // joins the refresh the timer started
      delays.push(timers.pendingDelays());
    }
    assert.deepEqual(delays, [[1000], [2000], [4000], [5000], [5000]]);
    assert.equal(server.requests.length, 0);
    assert.equal(logger.lines.filter((line) => line.startsWith('warn')).length, 1, 'a repeated error is logged once');
    fail = false;
    timers.fireAll();
    await engine.refresh(item.key);
    assert.deepEqual(timers.pendingDelays(), [60_000]);
    assert.equal(engine.reading(item.key).value, 3);
    assert.equal(engine.reading(item.key).error, undefined);
    assert.ok(logger.lines.some((line) => line === 'info metric KR-1/a recovered'));
    engine.dispose();
    assert.deepEqual(timers.pendingDelays(), [], 'dispose cancels timers');
  });

  it('refreshes on the interval from settings (default 5 min), and not at all with 0', async () => {
    const timers = new ManualTimers();
    const item = keyed('KR-1/a', { type: 'static', value: 1 });
    const engine = engineWith([item], { timers, settings: { refreshInterval: '2m' } });
    await engine.refreshAll();
    assert.deepEqual(timers.pendingDelays(), [120_000]);
    engine.dispose();
    const byDefault = new ManualTimers();
    const second = engineWith([item], { timers: byDefault });
    await second.refreshAll();
    assert.deepEqual(byDefault.pendingDelays(), [300_000]);
    second.dispose();
    const onDemand = new ManualTimers();
    const third = engineWith([item], { timers: onDemand, settings: { refreshInterval: 0 } });
    await third.refreshAll();
    assert.deepEqual(onDemand.pendingDelays(), []);
    third.dispose();
  });

  it('dispose cancels in-flight requests, promptly and silently', async () => {
    const item = keyed('KR-1/a', { type: 'http', url: `${server.url}/hang` });
    const queued = keyed('KR-1/b', { type: 'http', url: `${server.url}/hang?other` });
    const changes: MetricChange[] = [];
    const engine = engineWith([item, queued], { concurrency: 1 });
    engine.onDidChange((change) => changes.push(change));
    const refreshing = engine.refreshAll();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(server.requests.length, 1, 'the second waits for a slot');
    const closed = new Promise<void>((resolve) => server.requests[0]?.socket.once('close', () => resolve()));
    const started = Date.now();
    engine.dispose();
    await refreshing;
    await closed;
    assert.ok(Date.now() - started < 1000);
    assert.equal(server.requests.length, 1, 'the queued request was never sent');
    assert.deepEqual(changes, []);
    assert.equal(engine.reading(item.key).error, undefined);
    await engine.refresh(item.key);
    assert.equal(server.requests.length, 1, 'a disposed engine refreshes nothing');
  });

  it('keeps the last good value on disk across engine instances, stale until refreshed', async () => {
    const item = keyed('KR-1/a', { type: 'http', url: `${server.url}/v?n=8`, pointer: '/value' });
    const first = engineWith([item], { cache: createFileMetricCache(cacheDirectory, recordingLogger()) });
    await first.refreshAll();
    first.dispose();

    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gatedFetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      await gate;
      return fetch(input, init);
    }) as typeof fetch;
    const changes: MetricChange[] = [];
    const second = engineWith([item], { cache: createFileMetricCache(cacheDirectory, recordingLogger()), fetch: gatedFetch });
    second.onDidChange((change) => changes.push(change));
    await second.start();
    assert.deepEqual(second.reading(item.key), { ...first.reading(item.key), stale: true });
    release();
    await second.refresh(item.key);
    second.dispose();
    assert.deepEqual(
      changes.map((change) => [change.reading.value, change.reading.stale]),
      [
        [8, true],
        [8, false],
      ],
    );
  });

  it('coalesces cache writes during a burst of refreshes', async () => {
    let saves = 0;
    const cache = createFileMetricCache(cacheDirectory, recordingLogger());
    const countingCache: MetricCache = {
      load: () => cache.load(),
      save: (entries) => {
        saves += 1;
        return cache.save(entries);
      },
    };
    const jobs = Array.from({ length: 20 }, (_, n) => keyed(`KR-1/m${n}`, { type: 'static', value: n }));
    const engine = engineWith(jobs, { cache: countingCache });
    await engine.refreshAll();
    engine.dispose();
    assert.ok(saves >= 1 && saves <= 2, `${saves} writes`);
    assert.equal((await cache.load()).size, 20);
  });

  it('ignores a cached value from a different source or workspace', async () => {
    const item = keyed('KR-1/a', { type: 'static', value: 1 });
    const first = engineWith([item], { cache: createFileMetricCache(cacheDirectory, recordingLogger()) });
    await first.refreshAll();
    first.dispose();
    const changedQuery = engineWith([{ ...item, source: { type: 'static', value: 2 } }], { cache: createFileMetricCache(cacheDirectory, recordingLogger()), fetch: failingFetch });
    await changedQuery.start();
    changedQuery.dispose();
    await changedQuery.flush();
    assert.notEqual(changedQuery.reading(item.key).value, 1);
    const otherFolder = engineWith([{ ...item, folder: path.join(cacheDirectory, 'elsewhere') }], { cache: createFileMetricCache(cacheDirectory, recordingLogger()) });
    await otherFolder.start();
    assert.equal(otherFolder.reading(item.key).stale, false, 'not loaded from the cache');
    otherFolder.dispose();
    await otherFolder.flush();
  });

  it('records history at each refresh for sources that give none', async () => {
    let now = Date.UTC(2026, 10, 1);
    let value = 1;
    const item = keyed('KR-1/a', { type: 'http', url: `${server.url}/v`, pointer: '/value' });
    const varyingFetch = ((input: URL, init?: RequestInit) => fetch(`${input.href}?n=${value}`, init)) as typeof fetch;
    const engine = engineWith([item], { clock: { now: () => now }, fetch: varyingFetch });
    await engine.refreshAll();
    now += 3_600_000;
    value = 2;
    await engine.refreshAll();
    engine.dispose();
    assert.deepEqual(engine.reading(item.key).history, [
      { t: Date.UTC(2026, 10, 1), v: 1 },
      { t: Date.UTC(2026, 10, 1, 1), v: 2 },
    ]);
  });

  it('survives a throwing listener and an unwritable cache', async () => {
    const logger = recordingLogger();
    const brokenCache: MetricCache = { load: () => Promise.reject(new Error('disk on fire')), save: () => Promise.reject(new Error('disk full')) };
    const item = keyed('KR-1/a', { type: 'static', value: 4 });
    const engine = engineWith([item], { logger, cache: brokenCache });
    engine.onDidChange(() => {
      throw new Error('listener bug');
    });
    await engine.refreshAll();
    engine.dispose();
    assert.equal(engine.reading(item.key).value, 4);
    assert.deepEqual(logger.lines, [
      'warn metric cache could not be read: disk on fire',
      'error metric change listener failed: listener bug',
      'warn metric cache could not be written: disk full',
    ]);
  });

  it('leaves jobs without a source alone', async () => {
    const item = job(undefined);
    const engine = engineWith([item]);
    await engine.refreshAll();
    assert.deepEqual(await engine.refresh(item.key), { value: null, history: [], stale: false });
    engine.dispose();
  });
});

describe('metric cache', () => {
  failOnUnhandledRejections();
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-cache-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const entry = (value: number, savedAt = Date.now()) => ({ value, asOf: 1, history: [{ t: 1, v: value }], source: 'abc', savedAt });

  it('writes atomically, creating the folder, and merges with entries it does not own', async () => {
    const folder = path.join(directory, 'nested', 'cache');
    const cache = createFileMetricCache(folder, recordingLogger());
    await cache.save(new Map([['a', entry(1)]]));
    await cache.save(new Map([['b', entry(2)]]));
    assert.deepEqual([...(await cache.load()).keys()].sort(), ['a', 'b']);
    assert.deepEqual(await readdir(folder), ['metric-cache.json'], 'no temporary files left behind');
  });

  it('drops entries not refreshed for 90 days', async () => {
    const cache = createFileMetricCache(directory, recordingLogger());
    await cache.save(new Map([['old', entry(1, Date.now() - 91 * 86_400_000)], ['new', entry(2)]]));
    assert.deepEqual([...(await cache.load()).keys()], ['new']);
  });

  it('replaces a damaged file, with a warning', async () => {
    const logger = recordingLogger();
    await writeFile(path.join(directory, 'metric-cache.json'), '{"version": 1, "entr');
    const cache = createFileMetricCache(directory, logger);
    assert.equal((await cache.load()).size, 0);
    assert.match(logger.lines[0] ?? '', /^warn metric cache .* is unreadable and will be replaced/);
    await cache.save(new Map([['a', entry(1)]]));
    assert.match(await readFile(path.join(directory, 'metric-cache.json'), 'utf8'), /^\{"version":1,/);
  });

  it('lives in the user cache folder for the CLI', () => {
    assert.equal(defaultCliCacheDirectory({ XDG_CACHE_HOME: '/x/cache' }, '/home/u', 'linux'), '/x/cache/outcome-lens');
    assert.equal(defaultCliCacheDirectory({}, '/home/u', 'linux'), '/home/u/.cache/outcome-lens');
    assert.equal(defaultCliCacheDirectory({}, '/Users/u', 'darwin'), '/Users/u/Library/Caches/outcome-lens');
  });
});
