// `outcome-lens status` end to end: real config files, real sources (a real Prometheus among
// them), the JSON contract, the table, exit codes, the cache and secrets.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliOptionValues } from '../../../src/cli/cliCommand';
import { UsageError } from '../../../src/cli/cliCommand';
import { statusCommand } from '../../../src/cli/commands/status';
import { captureIo } from '../helpers/cliIo';
import type { PrometheusServer } from '../helpers/prometheusServer';
import { freePort, startPrometheus } from '../helpers/prometheusServer';
import { failOnUnhandledRejections } from '../metrics/helpers/unhandledRejections';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/status');

interface RunOptions {
  json?: boolean;
  values?: CliOptionValues;
  env?: NodeJS.ProcessEnv;
}

/** Runs the command the way main does; no cache unless the test gives a cache folder. */
async function status(root: string, options: RunOptions = {}) {
  const env = options.env ?? { OUTCOME_LENS_NOW: '2026-11-05' };
  const values: CliOptionValues = { 'no-cache': env['OUTCOME_LENS_CACHE_DIR'] === undefined, ...options.values };
  const io = captureIo(root, env);
  const code = await statusCommand.run({ root, json: options.json ?? false, values, positionals: [], io });
  return { code, out: io.out, err: io.err };
}

async function statusJson(root: string, options: RunOptions = {}) {
  const result = await status(root, { ...options, json: true });
  return { ...result, json: JSON.parse(result.out) as { outcomes: { id: string; status: string; progress: number | null; metrics: Record<string, unknown>[] }[] } };
}

function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address !== 'object') return reject(new Error('no port'));
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

describe('outcome-lens status', function () {
  this.timeout(60_000);
  failOnUnhandledRejections();
  let temporary: string;

  beforeEach(async () => {
    temporary = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-status-'));
  });
  afterEach(async () => {
    await rm(temporary, { recursive: true, force: true });
  });

  async function writeConfig(yaml: string): Promise<string> {
    await writeFile(path.join(temporary, 'outcomes.yaml'), yaml);
    return temporary;
  }

  describe('static sources with a schedule', () => {
    const root = path.join(fixtures, 'static');

    it('prints the exact JSON document, in config order', async () => {
      const { code, out, err } = await status(root, { json: true });
      assert.equal(code, 0);
      assert.equal(err, '');
      const metric = (id: string, rest: Record<string, unknown>) => ({ id, ...rest });
      const expected = {
        outcomes: [
          { id: 'OBJ-1', status: 'at-risk', progress: null, metrics: [] },
          {
            id: 'KR-1',
            status: 'at-risk',
            progress: 0.375,
            metrics: [
              metric('checkout-conversion', {
                value: 3.375,
                unit: '%',
                baseline: 3,
                target: 4,
                progress: 0.375,
                expected: 0.5,
                status: 'at-risk',
                asOf: '2026-11-01T00:00:00.000Z',
              }),
            ],
          },
          {
            id: 'KR-2',
            status: 'on-track',
            progress: 0.5,
            metrics: [
              metric('p95-latency', { value: 750, unit: 'ms', baseline: 900, target: 600, progress: 0.5, expected: 0.5, status: 'on-track', asOf: '2026-11-05T00:00:00.000Z' }),
              metric('sessions', { value: 12000, unit: null, baseline: null, target: null, progress: null, expected: null, status: 'no-data', asOf: '2026-11-05T00:00:00.000Z' }),
            ],
          },
          {
            id: 'KR-3',
            status: 'achieved',
            progress: 1,
            metrics: [metric('uptime', { value: 99.9, unit: '%', baseline: null, target: null, progress: 1, expected: null, status: 'achieved', asOf: '2026-11-05T00:00:00.000Z' })],
          },
          {
            id: 'KR-4',
            status: 'no-data',
            progress: null,
            metrics: [metric('payment-tickets', { value: null, unit: null, baseline: 120, target: 60, progress: null, expected: null, status: 'no-data', asOf: null })],
          },
        ],
      };
      // Comparing the serialised text also pins the key order.
      assert.equal(out, JSON.stringify(expected, null, 2) + '\n');
    });

    it('prints an aligned table', async () => {
      const { code, out } = await status(root);
      assert.equal(code, 0);
      assert.equal(
        out,
        [
          'OBJ-1  Customers finish buying without friction                               at-risk',
          'KR-1   Raise checkout conversion                 progress 38%                 at-risk',
          '  checkout-conversion  3.38 % → 4 %              progress 38% (expected 50%)  at-risk',
          'KR-2   Cut checkout latency                      progress 50%                 on-track',
          '  p95-latency          750 ms → 600 ms           progress 50% (expected 50%)  on-track',
          '  sessions             12000                                                  no-data',
          'KR-3   Keep checkout available                   progress 100%                achieved',
          '  uptime               99.9 % → ≥ 99.5 %         progress 100%                achieved',
          'KR-4   Fewer support tickets about payments                                   no-data',
          '  payment-tickets      no value → 60                                          no-data',
          '      no-data: no source configured',
          '',
          '5 outcomes: 2 at-risk, 1 no-data, 1 on-track, 1 achieved',
          '',
        ].join('\n'),
      );
    });

    it('exits 1 only when --fail-on is met', async () => {
      assert.equal((await status(root)).code, 0);
      assert.equal((await status(root, { values: { 'fail-on': 'off-track' } })).code, 0, 'at-risk is not off-track');
      assert.equal((await status(root, { values: { 'fail-on': 'at-risk' } })).code, 1);
      // After the due day, unfinished key results are off track.
      const late = { OUTCOME_LENS_NOW: '2026-12-10T08:00:00Z' };
      const { code, json } = await statusJson(root, { env: late, values: { 'fail-on': 'off-track' } });
      assert.equal(code, 1);
      assert.deepEqual(
        json.outcomes.map((o) => [o.id, o.status]),
        [
          ['OBJ-1', 'off-track'],
          ['KR-1', 'off-track'],
          ['KR-2', 'off-track'],
          ['KR-3', 'achieved'],
          ['KR-4', 'no-data'],
        ],
      );
    });

    it('rejects a bad --fail-on value as a usage error', async () => {
      await assert.rejects(status(root, { values: { 'fail-on': 'late' } }), (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /--fail-on must be one of off-track, at-risk, not "late"/);
        return true;
      });
    });
  });

  it('reads numbers as the editor does (three significant digits), while --json keeps them raw', async () => {
    const root = await writeConfig(`version: 1
outcomes:
  - id: KR-1
    title: Numbers
    metrics:
      - { id: latency, unit: ms, baseline: 2000.25, target: 999.5, source: { type: static, value: 1234.5678 } }
      - { id: ratio, baseline: 0.05, target: 0.0125, source: { type: static, value: 0.0123456 } }
      - { id: temperature, unit: "°C", direction: range, min: 2.71828, max: 3.14159, source: { type: static, value: 3.0001 } }
`);
    const text = await status(root);
    assert.equal(
      text.out,
      [
        'KR-1  Numbers                        progress 92%   on-track',
        '  latency      1235 ms → 1000 ms     progress 77%   on-track',
        '  ratio        0.0123 → 0.0125       progress 100%  achieved',
        '  temperature  3 °C → 2.72..3.14 °C  progress 100%  achieved',
        '',
        '1 outcome: 1 on-track',
        '',
      ].join('\n'),
    );
    const { json } = await statusJson(root);
    assert.deepEqual(
      json.outcomes[0]?.metrics.map((m) => [m['value'], m['baseline'], m['target']]),
      [
        [1234.5678, 2000.25, 999.5],
        [0.0123456, 0.05, 0.0125],
        [3.0001, null, null],
      ],
    );
  });

  it('declares --fail-on and --no-cache for the argument parser', () => {
    const { values } = parseArgs({ args: ['--fail-on', 'at-risk', '--no-cache'], options: statusCommand.options, strict: true });
    assert.deepEqual({ ...values }, { 'fail-on': 'at-risk', 'no-cache': true });
  });

  it('exits 2 naming the three file names when there is no config', async () => {
    const { code, out, err } = await status(temporary);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /no outcome config found .*outcomes\.yaml, \.outcomes\.yaml, \.vscode\/outcomes\.yaml/);
  });

  it('exits 2 with a broken config, after printing the status of its valid parts', async () => {
    const { code, json, err } = await statusJson(path.join(fixtures, 'broken'), { values: { 'fail-on': 'at-risk' } });
    assert.equal(code, 2);
    assert.deepEqual(
      json.outcomes.map((o) => [o.id, o.status, o.metrics.map((m) => m['value'])]),
      [
        ['KR-1', 'on-track', [3.5]],
        ['KR-2', 'no-data', []],
      ],
    );
    assert.match(err, /config has 2 errors; run outcome-lens check\n$/);
  });

  it('reads JSON and CSV files', async () => {
    const { code, json } = await statusJson(path.join(fixtures, 'files'));
    assert.equal(code, 0);
    const [outcome] = json.outcomes;
    const [conversion, latency] = outcome?.metrics ?? [];
    assert.equal(conversion?.['value'], 3.5);
    assert.equal(conversion?.['status'], 'on-track');
    assert.match(String(conversion?.['asOf']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'a JSON file is as old as its modification time');
    assert.equal(latency?.['value'], 750);
    assert.equal(latency?.['asOf'], '2026-11-04T00:00:00.000Z', 'the newest CSV row');
    assert.equal(latency?.['progress'], 0.5);
    assert.ok(!('error' in (conversion ?? {})) && !('error' in (latency ?? {})));
  });

  describe('a failing http source', () => {
    const config = (url: string) => `version: 1
outcomes:
  - id: KR-1
    title: Raise checkout conversion
    metrics:
      - id: conversion
        baseline: 3
        target: 4
        source: { type: http, url: "${url}/conversion", pointer: /value }
`;

    it('is an error with its reason, promptly', async () => {
      const root = await writeConfig(config(`http://127.0.0.1:${await freePort()}`));
      const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      const started = Date.now();
      const { code, json } = await statusJson(root, { values: { 'fail-on': 'off-track' } });
      assert.ok(Date.now() - started < 5000, 'connection refused is not waited out');
      assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, timersBefore, 'no timer left behind');
      assert.equal(code, 0, 'an error is not off-track');
      const metric = json.outcomes[0]?.metrics[0] ?? {};
      assert.deepEqual(Object.keys(metric), ['id', 'value', 'unit', 'baseline', 'target', 'progress', 'expected', 'status', 'asOf', 'error']);
      assert.equal(metric['status'], 'error');
      assert.equal(metric['value'], null);
      assert.match(String(metric['error']), /^cannot reach 127\.0\.0\.1:\d+: connection refused$/);

      const text = await status(root);
      assert.equal(
        text.out.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT'),
        [
          'KR-1  Raise checkout conversion  error',
          '  conversion  no value → 4       error',
          '      error: cannot reach 127.0.0.1:PORT: connection refused',
          '',
          '1 outcome: 1 error',
          '',
        ].join('\n'),
      );
    });

    it('is stale with the error once a value is cached', async () => {
      const server = await listen((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"value": 3.5}');
      });
      const root = await writeConfig(config(server.url));
      const env = { OUTCOME_LENS_NOW: '2026-11-05', OUTCOME_LENS_CACHE_DIR: path.join(temporary, 'cache') };
      const first = await statusJson(root, { env });
      assert.equal(first.json.outcomes[0]?.metrics[0]?.['status'], 'on-track');
      await server.close();

      const second = await statusJson(root, { env });
      const metric = second.json.outcomes[0]?.metrics[0] ?? {};
      assert.equal(metric['status'], 'stale');
      assert.equal(metric['value'], 3.5);
      assert.match(String(metric['error']), /refused/i);

      const withoutCache = await statusJson(root, { env, values: { 'no-cache': true } });
      assert.equal(withoutCache.json.outcomes[0]?.metrics[0]?.['status'], 'error');
    });
  });

  describe('a real Prometheus', () => {
    let prometheus: PrometheusServer;
    before(async () => {
      prometheus = await startPrometheus();
    });
    after(async () => {
      await prometheus.stop();
    });

    it('reads values from PromQL queries and reports PromQL errors', async () => {
      const root = await writeConfig(`version: 1
sources:
  prod: { type: prometheus, url: "${prometheus.url}" }
outcomes:
  - id: KR-1
    title: Raise checkout conversion
    start: 2026-10-01
    due: 2026-12-09
    metrics:
      - id: conversion
        unit: "%"
        baseline: 3
        target: 4.5
        source: { from: prod, query: "sum(orders_total) / sum(checkout_started_total) * 100" }
      - id: gauge
        baseline: 3
        target: 3.8
        source: { from: prod, query: "checkout_conversion_percent" }
      - id: typo
        target: 1
        source: { from: prod, query: "sum(orders_total" }
`);
      const { code, json } = await statusJson(root, { values: { 'fail-on': 'at-risk' } });
      const [conversion, gauge, typo] = json.outcomes[0]?.metrics ?? [];
      assert.equal(conversion?.['value'], 4);
      assert.equal(conversion?.['status'], 'on-track');
      assert.equal(gauge?.['value'], 3.4);
      assert.equal(typo?.['status'], 'error');
      assert.match(String(typo?.['error']), /^PromQL error \(bad_data\): .*parse error/);
      assert.equal(json.outcomes[0]?.status, 'error');
      assert.equal(code, 0, 'an error is neither at risk nor off track');
    });
  });

  describe('secrets', () => {
    const token = 's3cret-token-4711';

    /** A Prometheus API stand-in that answers only with the right bearer token, and echoes a wrong one. */
    async function guardedPrometheus() {
      return listen((request, response) => {
        const authorization = request.headers.authorization ?? '';
        response.writeHead(authorization === `Bearer ${token}` ? 200 : 401, { 'content-type': 'application/json' });
        response.end(
          authorization === `Bearer ${token}`
            ? JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, '3.75'] }] } })
            : JSON.stringify({ status: 'error', errorType: 'unauthorized', error: `bad credentials: ${authorization}` }),
        );
      });
    }

    const config = (url: string) => `version: 1
outcomes:
  - id: KR-1
    title: Raise checkout conversion
    metrics:
      - id: conversion
        baseline: 3
        target: 4
        source: { type: prometheus, url: "${url}", query: "checkout_conversion_percent", auth: { bearer: "\${secret:prom-token}" } }
`;

    it('sends OUTCOME_LENS_SECRET_<NAME> as the bearer token and never prints it', async () => {
      const server = await guardedPrometheus();
      try {
        const root = await writeConfig(config(server.url));
        const ok = await statusJson(root, { env: { OUTCOME_LENS_NOW: '2026-11-05', OUTCOME_LENS_SECRET_PROM_TOKEN: token } });
        assert.equal(ok.json.outcomes[0]?.metrics[0]?.['value'], 3.75);
        assert.ok(!ok.out.includes(token) && !ok.err.includes(token));

        const wrong = `${token}-wrong`;
        for (const json of [true, false]) {
          const failed = await status(root, { json, env: { OUTCOME_LENS_NOW: '2026-11-05', OUTCOME_LENS_SECRET_PROM_TOKEN: wrong } });
          assert.match(failed.out, /bad credentials: Bearer \[secret\]/);
          assert.ok(!failed.out.includes(token) && !failed.err.includes(token), 'the secret is redacted from the error');
        }

        const missing = await statusJson(root);
        assert.match(String(missing.json.outcomes[0]?.metrics[0]?.['error']), /OUTCOME_LENS_SECRET_PROM_TOKEN/);
      } finally {
        await server.close();
      }
    });
  });
});
