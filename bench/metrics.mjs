// `npm run bench` (second half): 1,000 prometheus metrics refreshed by the metric engine against
// a real Prometheus on 127.0.0.1 (Debian package `prometheus`), scraping a 50-gauge exporter the
// bench serves. Prints the full-refresh wall time and the longest event-loop stall; it is not a
// test and asserts nothing (exit 1 only when the bench itself breaks, e.g. readings fail).
//   .bench/metricsEntry.cjs        the TypeScript half, bundled from the current sources every run
//   .bench/metrics-reference.json  the first run's figures; later runs print ratios against them
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { belowGoal, compareWithReference, row } from './reference.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(repo, '.bench');
const entry = path.join(benchDir, 'metricsEntry.cjs');
const referenceFile = path.join(benchDir, 'metrics-reference.json');
const metricCount = Number(process.env.BENCH_METRICS ?? 1000);
/** Default concurrency (settings.concurrency unset → 4), then a wider one for comparison. */
const concurrencies = [undefined, 16];

function log(text) {
  process.stderr.write(`${text}\n`);
}

async function buildEntry() {
  mkdirSync(benchDir, { recursive: true });
  await esbuild.build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    entryPoints: [path.join(repo, 'bench/metricsEntry.ts')],
    outfile: entry,
  });
  return createRequire(import.meta.url)(entry);
}

async function main() {
  const bench = await buildEntry();
  log('starting prometheus on 127.0.0.1 and waiting for the exporter to be scraped…');
  const startedAt = performance.now();
  const prometheus = await bench.startBenchPrometheus();
  log(`  prometheus ${prometheus.url} has samples after ${(performance.now() - startedAt).toFixed(0)} ms`);
  const results = [];
  try {
    for (const concurrency of concurrencies) {
      const result = await bench.runEngineBench(prometheus.url, metricCount, concurrency);
      for (const pass of [result.first, result.again]) {
        if (pass.failed > 0 || pass.wrong > 0) throw new Error(`concurrency ${result.concurrency}: ${pass.failed} readings failed, ${pass.wrong} wrong (first: ${pass.firstError})`);
      }
      log(`  concurrency ${result.concurrency}: first ${result.first.ms.toFixed(0)} ms, again ${result.again.ms.toFixed(0)} ms`);
      results.push(result);
    }
  } finally {
    await prometheus.stop();
  }

  const [main, wide] = results;
  const figures = {
    metrics: metricCount,
    firstRefreshMs: main.first.ms,
    fullRefreshMs: main.again.ms,
    firstStallMs: main.first.stallMs,
    stallMs: main.again.stallMs,
    driftMs: Math.max(main.first.driftMs, main.again.driftMs),
    wideFullRefreshMs: wide.again.ms,
    wideStallMs: Math.max(wide.first.stallMs, wide.again.stallMs),
  };

  const refreshGoal = (ms) => belowGoal(ms, 2000);
  const stallGoal = (ms) => belowGoal(ms, 50);
  const failed = (result) => result.first.failed + result.again.failed;
  const lines = [
    '',
    `Outcome Lens metrics bench — ${metricCount} prometheus metrics, ${metricCount} distinct queries over 50 gauges, real Prometheus on 127.0.0.1`,
    `  readings without a value: ${failed(main)} of ${metricCount} (concurrency ${main.concurrency}), ${failed(wide)} of ${metricCount} (concurrency ${wide.concurrency})`,
    '',
    `concurrency ${main.concurrency} (default):`,
    row(`full refresh of ${metricCount} metrics`, `${figures.fullRefreshMs.toFixed(0)} ms`, refreshGoal(figures.fullRefreshMs)),
    row('longest event-loop stall', `${figures.stallMs.toFixed(1)} ms`, stallGoal(figures.stallMs)),
    // The goal is for the routine refresh; the first one also loads 30 days of history per metric.
    row('  first load (start + refreshAll, + history)', `${figures.firstRefreshMs.toFixed(0)} ms`, 'two requests per metric: value and 30-day history'),
    row('  its longest event-loop stall', `${figures.firstStallMs.toFixed(1)} ms`, stallGoal(figures.firstStallMs)),
    row('  longest 5 ms setInterval lateness', `${figures.driftMs.toFixed(1)} ms`),
    `concurrency ${wide.concurrency}:`,
    row(`full refresh of ${metricCount} metrics`, `${figures.wideFullRefreshMs.toFixed(0)} ms`, refreshGoal(figures.wideFullRefreshMs)),
    row('longest event-loop stall (both refreshes)', `${figures.wideStallMs.toFixed(1)} ms`, stallGoal(figures.wideStallMs)),
  ];
  lines.push(...compareWithReference({ referenceFile, repo, figures, keys: ['fullRefreshMs', 'stallMs', 'firstRefreshMs', 'firstStallMs', 'driftMs', 'wideFullRefreshMs', 'wideStallMs'] }));
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
