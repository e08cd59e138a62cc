// Fault tests for the network sources against local Node servers: every failure becomes an
// error (or stale, with a cached value) with a clear reason, within its timeout, and leaks nothing.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SourceSpec } from '../../../src/core/config/schema';
import { createFileMetricCache } from '../../../src/core/metrics/metricCache';
import { MetricEngine } from '../../../src/core/metrics/metricEngine';
import type { MetricJob } from '../../../src/core/metrics/metricTypes';
import { assessMetric } from '../../../src/core/metrics/status';
import { nodeFileSystem } from '../../../src/core/node/nodeHost';
import { systemClock } from '../../../src/core/ports';
import type { LocalServer } from './helpers/localServer';
import { refusedPort, sendJson, startLocalServer } from './helpers/localServer';
import { ManualTimers } from './helpers/manualTimers';
import { recordingLogger } from './helpers/recordingLogger';
import { job } from './helpers/sourceContext';
import { failOnUnhandledRejections } from './helpers/unhandledRejections';

type Kind = 'http' | 'prometheus';
const twentyMegabytes = 20 * 1024 * 1024;

function prometheusVector(values: string[]): unknown {
  return { status: 'success', data: { resultType: 'vector', result: values.map((value, index) => ({ metric: { i: String(index) }, value: [Date.now() / 1000, value] })) } };
}

/** Answers by the first path segment; the rest of the path is whatever the source appended. */
function faultyServer(kind: Kind, hugeBodyBytesSent: { total: number }): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [, segment = '', ...rest] = url.pathname.split('/');
    const remainder = `/${rest.join('/')}${url.search}`;
    const redirect = (to: string): void => {
      response.writeHead(302, { location: to });
      response.end();
    };
    switch (segment) {
      case 'ok':
        return sendJson(response, kind === 'http' ? { value: 3.4 } : prometheusVector(['3.4']));
      case 'status-500':
        response.writeHead(500, { 'content-type': 'text/plain' });
        return void response.end('database is down');
      case 'slow':
        return; // never answers
      case 'malformed':
        return sendJson(response, kind === 'http' ? '{"value": 3.4,' : '{"status":"success","data":{');
      case 'nan':
        return sendJson(response, kind === 'http' ? '{"value": "NaN"}' : prometheusVector(['NaN']));
      case 'inf':
        // 1e999 is valid JSON that JavaScript reads as Infinity.
        return sendJson(response, kind === 'http' ? '{"value": 1e999}' : prometheusVector(['+Inf']));
      case 'empty':
        return sendJson(response, kind === 'http' ? {} : prometheusVector([]));
      case 'huge': {
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          while (hugeBodyBytesSent.total < twentyMegabytes && !response.destroyed) {
            hugeBodyBytesSent.total += chunk.byteLength;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        return pump();
      }
      case 'huge-declared':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(twentyMegabytes) });
        return void response.write('{"value": 1');
      case 'loop-a':
        return redirect(`/loop-b${remainder}`);
      case 'loop-b':
        return redirect(`/loop-a${remainder}`);
      case 'elsewhere':
        return redirect(`${otherOrigin}/ok${remainder}`);
      default: {
        const chain = /^chain-(\d+)$/.exec(segment);
        if (chain) return redirect(`/chain-${Number(chain[1]) + 1}${remainder}`);
        const hop = /^hop-(\d+)$/.exec(segment);
        if (hop) return redirect(Number(hop[1]) > 1 ? `/hop-${Number(hop[1]) - 1}${remainder}` : `/ok${remainder}`);
        response.writeHead(404);
        return void response.end();
      }
    }
  };
}

let otherOrigin = '';

for (const kind of ['http', 'prometheus'] as const) {
  describe(`${kind} source faults`, function () {
    this.timeout(20_000);
    failOnUnhandledRejections();
    let server: LocalServer;
    let other: LocalServer;
    const hugeBodyBytesSent = { total: 0 };

    before(async () => {
      server = await startLocalServer(faultyServer(kind, hugeBodyBytesSent));
      other = await startLocalServer((_request, response) => sendJson(response, { value: 1 }));
      otherOrigin = other.url;
    });
    after(async () => {
      await server.close();
      await other.close();
    });

    const specFor = (base: string, timeout = '2s'): SourceSpec =>
      kind === 'http' ? { type: 'http', url: `${base}/metric`, pointer: '/value', timeout } : { type: 'prometheus', url: base, query: 'sum(orders_total)', timeout };

    async function refreshOnce(spec: SourceSpec): Promise<{ error?: string; value: number | null; elapsedMs: number; status: string }> {
      const metricJob: MetricJob = job(spec, { baseline: 3, target: 4 });
      const engine = new MetricEngine({ jobs: [metricJob], secrets: () => Promise.resolve(undefined), fetch, fs: nodeFileSystem, clock: systemClock, logger: recordingLogger(), trusted: true, timers: new ManualTimers() });
      const started = Date.now();
      const reading = await engine.refresh(metricJob.key);
      const elapsedMs = Date.now() - started;
      engine.dispose();
      const status = assessMetric({ metric: metricJob.metric, reading, now: Date.now() }).status;
      return { ...(reading.error === undefined ? {} : { error: reading.error }), value: reading.value, elapsedMs, status };
    }

    const cases: [string, () => string, RegExp, string?][] = [
      ['connection refused', () => `http://127.0.0.1:${refusedPortNumber}`, /^cannot reach 127\.0\.0\.1:\d+: connection refused$/],
      ['HTTP 500', () => `${server.url}/status-500`, /^HTTP 500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/status-500\/\S*: database is down$/],
      ['a server slower than the timeout', () => `${server.url}/slow`, /^no complete response from http:\/\/127\.0\.0\.1:\d+\/slow\/\S* within 300ms$/, '300ms'],
      ['malformed JSON', () => `${server.url}/malformed`, /is not valid JSON/],
      ['NaN', () => `${server.url}/nan`, /is NaN \(not a number; often a division by zero\)/],
      ['Inf', () => `${server.url}/inf`, /is \+Inf \(infinite; often a division by zero\)/],
      ['an empty result', () => `${server.url}/empty`, kind === 'http' ? /JSON pointer "\/value": nothing at \/value/ : /^query returned no series$/],
      ['a 20 MB body', () => `${server.url}/huge`, /is larger than 5 MB; stopped reading$/],
      ['a 20 MB declared length', () => `${server.url}/huge-declared`, /is larger than 5 MB; stopped reading$/],
      ['a redirect loop', () => `${server.url}/loop-a`, /^redirect loop: /],
      ['endless redirects', () => `${server.url}/chain-0`, /^more than 5 redirects from /],
      ['a redirect to another origin', () => `${server.url}/elsewhere`, /redirected to another origin \(http:\/\/127\.0\.0\.1:\d+\); only same-origin redirects are followed$/],
    ];
    let refusedPortNumber = 0;
    before(async () => {
      refusedPortNumber = await refusedPort();
    });

    for (const [name, base, message, timeout] of cases) {
      it(`${name}: error with a clear reason, in time`, async () => {
        const result = await refreshOnce(specFor(base(), timeout));
        assert.equal(result.value, null);
        assert.match(result.error ?? '(no error)', message);
        assert.equal(result.status, 'error');
        assert.ok(result.elapsedMs < (timeout === '300ms' ? 1500 : 3000), `took ${result.elapsedMs} ms`);
      });
    }

    it('stops reading a huge body early', () => {
      assert.ok(hugeBodyBytesSent.total > 0 && hugeBodyBytesSent.total < twentyMegabytes, `server sent ${hugeBodyBytesSent.total} bytes`);
    });

    it('never contacts the other origin', () => {
      assert.equal(other.requests.length, 0);
    });

    it('follows up to 5 same-origin redirects', async () => {
      const result = await refreshOnce(specFor(`${server.url}/hop-5`));
      assert.equal(result.error, undefined);
      assert.equal(result.value, 3.4);
    });

    it('shows the cached value, stale, when the source fails', async () => {
      const directory = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-cache-'));
      try {
        const cache = createFileMetricCache(directory, recordingLogger());
        const healthy = job(specFor(`${server.url}/ok`), { baseline: 3, target: 4 });
        const options = { secrets: () => Promise.resolve(undefined), fetch, fs: nodeFileSystem, clock: systemClock, logger: recordingLogger(), trusted: true, timers: new ManualTimers(), cache };
        const first = new MetricEngine({ ...options, jobs: [healthy] });
        await first.refreshAll();
        first.dispose();
        // Same key and source, but the server now fails: the cache still matches.
        const failing = new MetricEngine({ ...options, jobs: [healthy], fetch: () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })) });
        await failing.refreshAll();
        const reading = failing.reading(healthy.key);
        failing.dispose();
        assert.equal(reading.value, 3.4);
        assert.equal(reading.stale, true);
        assert.match(reading.error ?? '', /connection refused/);
        const assessed = assessMetric({ metric: healthy.metric, reading, now: Date.now() });
        assert.equal(assessed.status, 'stale');
        assert.match(assessed.reason, /^source failing \(cannot reach 127\.0\.0\.1:\d+: connection refused\); showing the last value from /);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    });
  });
}
