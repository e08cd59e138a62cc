// Against the real Prometheus binary scraping a local exporter (see helpers/prometheusServer.ts).
import assert from 'node:assert/strict';
import type { SourceSpec } from '../../../src/core/config/schema';
import type { MetricSourceKinds } from '../../../src/core/metrics/metricSource';
import { fetchMetric, metricSourceKinds } from '../../../src/core/metrics/metricSource';
import { createPrometheusSource } from '../../../src/core/metrics/sources/prometheusSource';
import type { PrometheusServer } from '../helpers/prometheusServer';
import { startPrometheus } from '../helpers/prometheusServer';
import { dependencies, job } from './helpers/sourceContext';
import { failOnUnhandledRejections } from './helpers/unhandledRejections';

const day = 86_400_000;

describe('prometheus source (real Prometheus)', function () {
  this.timeout(60_000);
  failOnUnhandledRejections();
  let prometheus: PrometheusServer;

  before(async () => {
    prometheus = await startPrometheus();
  });
  after(async () => {
    await prometheus.stop();
  });

  const query = (promql: string): SourceSpec => ({ type: 'prometheus', url: prometheus.url, query: promql });
  const value = async (promql: string, kinds?: MetricSourceKinds) => fetchMetric(job(query(promql)), dependencies(kinds ? { kinds } : {}));

  it('reads an aggregated PromQL expression', async () => {
    const result = await value('sum(orders_total) / sum(checkout_started_total) * 100');
    assert.equal(result.value, 4);
    assert.ok(Math.abs(result.asOf - Date.now()) < 60_000, 'asOf is the evaluation time');
  });

  it('reads a gauge and a scalar', async () => {
    assert.equal((await value('checkout_conversion_percent')).value, 3.4);
    assert.equal((await value('scalar(sum(orders_total))')).value, 400);
  });

  it('reports a PromQL error with Prometheus’ own message', async () => {
    await assert.rejects(value('sum(orders_total'), (error: Error) => {
      assert.match(error.message, /^PromQL error \(bad_data\): .*parse error/);
      return true;
    });
  });

  it('reports an empty vector', async () => {
    await assert.rejects(value('no_such_metric_total'), { message: 'query returned no series' });
  });

  it('reports several series and how to fix it', async () => {
    await assert.rejects(value('orders_total'), (error: Error) => {
      assert.match(error.message, /^query returned 2 series; aggregate it to one, e\.g\. with sum\(\)/);
      assert.match(error.message, /region="eu"/);
      return true;
    });
  });

  it('reports NaN and +Inf values', async () => {
    await assert.rejects(value('broken_ratio'), /query result is NaN/);
    await assert.rejects(value('unbounded_ratio'), /query result is \+Inf/);
    await assert.rejects(value('sum(orders_total) / 0'), /query result is \+Inf/);
  });

  it('explains a range vector', async () => {
    await assert.rejects(value('orders_total{region="eu"}[1m]'), /range vector/);
  });

  it('gives history from a range query over the seconds that exist', async () => {
    const kinds = { ...metricSourceKinds, prometheus: createPrometheusSource({ historyWindowMs: 120_000, historyStepMs: 1000 }) };
    prometheus.setExposition('# TYPE checkout_conversion_percent gauge\ncheckout_conversion_percent 3.9\n');
    // Scrapes run every second; wait for a few with the new value.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const result = await value('checkout_conversion_percent', kinds);
    assert.equal(result.value, 3.9);
    const history = result.history ?? [];
    assert.ok(history.length >= 3, `history has ${history.length} points`);
    const values = new Set(history.map((point) => point.v));
    assert.ok(values.has(3.4) && values.has(3.9), `history holds the old and the new value: ${[...values].join(', ')}`);
    assert.deepEqual(
      history.map((point) => point.t),
      [...history.map((point) => point.t)].sort((a, b) => a - b),
    );
    assert.ok(history.every((point, index) => index === 0 || point.t - (history[index - 1]?.t ?? 0) === 1000), 'one point per step');
  });

  it('repeats the range query at most once per history step; refreshes in between ask only for the value', async () => {
    const kinds = { ...metricSourceKinds, prometheus: createPrometheusSource({ historyWindowMs: 120_000, historyStepMs: 1000, historyRefreshMs: 60_000 }) };
    let now = Date.now();
    const clock = { now: () => now };
    const paths: string[] = [];
    const countingFetch: typeof fetch = async (input, init) => {
      paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return fetch(input, init);
    };
    const fetchOnce = () => fetchMetric(job(query('checkout_conversion_percent')), dependencies({ kinds, clock, fetch: countingFetch }));

    const first = await fetchOnce();
    assert.ok((first.history ?? []).length > 0, 'the first fetch brings history');
    assert.deepEqual(paths.sort(), ['/api/v1/query', '/api/v1/query_range']);

    paths.length = 0;
    now += 59_000;
    const second = await fetchOnce();
    assert.equal(second.value, first.value);
    assert.equal(second.history, undefined, 'no history: the engine appends the value to what it holds');
    assert.deepEqual(paths, ['/api/v1/query']);

    paths.length = 0;
    now += 2000;
    const third = await fetchOnce();
    assert.ok((third.history ?? []).length > 0, 'history again once the refresh period is over');
    assert.deepEqual(paths.sort(), ['/api/v1/query', '/api/v1/query_range']);
  });
});

describe('prometheus source: 30 days of backfilled history (real Prometheus)', function () {
  this.timeout(90_000);
  failOnUnhandledRejections();
  let prometheus: PrometheusServer;
  const now = Date.now();

  before(async () => {
    // One sample every 12 hours from 31 days ago to 3 hours ago, rising by 0.01 a day. Sparse on
    // purpose: promtool writes one block per 2 h that holds samples, and each costs start-up time.
    const lines = ['# TYPE backfilled_conversion gauge'];
    const spacing = 12 * 3_600_000;
    const first = Math.floor((now - 31 * day) / spacing) * spacing;
    for (let t = first; t <= now - 3 * 3_600_000; t += spacing) {
      lines.push(`backfilled_conversion ${(3 + ((t - first) / day) * 0.01).toFixed(6)} ${t / 1000}`);
    }
    lines.push('# EOF', '');
    prometheus = await startPrometheus({ backfill: lines.join('\n') });
  });
  after(async () => {
    await prometheus.stop();
  });

  it('reads the default 30-day window at a 1 h step', async () => {
    // The newest sample is 3 to 15 hours old (samples sit on 00:00 and 12:00 UTC), and the test
    // runs a while after `now` was taken: the window must reach back further than that.
    const result = await fetchMetric(job({ type: 'prometheus', url: prometheus.url, query: 'last_over_time(backfilled_conversion[18h])' }), dependencies());
    const history = result.history ?? [];
    assert.ok(history.length >= 715 && history.length <= 722, `expected ~721 hourly points, got ${history.length}`);
    const [oldest] = history;
    const newest = history[history.length - 1];
    assert.ok(oldest && newest);
    assert.ok(Math.abs(oldest.t - (now - 30 * day)) < 2 * 3_600_000, `oldest point ${new Date(oldest.t).toISOString()}`);
    assert.ok(newest.t - oldest.t >= 29.9 * day);
    assert.ok(oldest.v > 3 && oldest.v < 3.02, `oldest value ${oldest.v}`);
    assert.ok(newest.v > 3.28 && newest.v <= 3.32, `newest value ${newest.v}`);
    assert.ok(history.every((point, index) => index === 0 || point.v >= (history[index - 1]?.v ?? 0)), 'values rise over time');
    assert.equal(result.value, newest.v);
  });
});
