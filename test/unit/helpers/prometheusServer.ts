// Runs the real Prometheus (Debian package `prometheus`) on 127.0.0.1 for tests, scraping a tiny
// exporter served by the test itself. Never skips: CI installs the package, and a missing binary
// fails with a message that says so.
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const prometheusBinary = process.env['PROMETHEUS_BINARY'] ?? '/usr/bin/prometheus';
export const promtoolBinary = process.env['PROMTOOL_BINARY'] ?? '/usr/bin/promtool';

/** The exporter's default page: two labelled counters (so `orders_total` alone is two series), gauges, NaN and +Inf. */
export const defaultExposition = `# TYPE orders_total counter
orders_total{region="eu"} 340
orders_total{region="us"} 60
# TYPE checkout_started_total counter
checkout_started_total{region="eu"} 8000
checkout_started_total{region="us"} 2000
# TYPE checkout_conversion_percent gauge
checkout_conversion_percent 3.4
# TYPE broken_ratio gauge
broken_ratio NaN
# TYPE unbounded_ratio gauge
unbounded_ratio +Inf
`;

export interface PrometheusServer {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  /** What the exporter serves from now on (Prometheus exposition text). */
  setExposition(text: string): void;
  stop(): Promise<void>;
}

export interface StartPrometheusOptions {
  exposition?: string;
  /** OpenMetrics text turned into TSDB blocks with promtool before start (history older than the run). */
  backfill?: string;
}

export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<PrometheusServer> {
  if (!existsSync(prometheusBinary)) {
    throw new Error(`${prometheusBinary} not found: install the Debian package "prometheus" (apt-get install -y prometheus); CI installs it`);
  }
  const directory = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-prometheus-'));
  const storage = path.join(directory, 'data');
  let exposition = options.exposition ?? defaultExposition;
  const exporter = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(exposition);
  });
  let prometheus: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (prometheus && prometheus.exitCode === null && prometheus.signalCode === null) {
      const exited = new Promise<void>((resolve) => prometheus?.once('exit', () => resolve()));
      prometheus.kill('SIGTERM');
      const killer = setTimeout(() => prometheus?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    await new Promise<void>((resolve) => exporter.close(() => resolve()));
    await rm(directory, { recursive: true, force: true });
  };

  try {
    const exporterPort = await listen(exporter);
    if (options.backfill !== undefined) {
      const input = path.join(directory, 'backfill.om');
      await writeFile(input, options.backfill);
      await promisify(execFile)(promtoolBinary, ['tsdb', 'create-blocks-from', 'openmetrics', input, storage]);
    }
    const config = path.join(directory, 'prometheus.yml');
    await writeFile(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: exporter',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${exporterPort}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    let output = '';
    prometheus = spawn(
      prometheusBinary,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${storage}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Backfilled history is up to 30 days old; the default 15 d retention would delete it.
        '--storage.tsdb.retention.time=60d',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForSamples(url, prometheus, () => output);
    return { url, setExposition: (text) => void (exposition = text), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until Prometheus answers, the exporter target is up, and its counters have samples. */
async function waitForSamples(url: string, process: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let lastProblem = 'not started';
  while (Date.now() < deadline) {
    if (process.exitCode !== null || process.signalCode !== null) {
      throw new Error(`prometheus exited (${process.exitCode ?? process.signalCode ?? ''}): ${output()}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('up{job="exporter"} == 1 and on() count(orders_total) > 0')}`);
      const body = (await response.json()) as { data?: { result?: unknown[] } };
      if ((body.data?.result?.length ?? 0) > 0) return;
      lastProblem = 'target not scraped yet';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`prometheus at ${url} had no samples after 30s (${lastProblem}): ${output()}`);
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('no port'));
    });
  });
}

/** A port that was free a moment ago (Prometheus needs a number, not port 0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}
