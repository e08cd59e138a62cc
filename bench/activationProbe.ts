// Runs inside the real VS Code extension host for `bench/extension.mjs` (as its
// extensionTestsPath): waits for Outcome Lens to activate by itself on the demo workspace, and
// writes what it measured to $OUTCOME_LENS_BENCH_RESULTS. Bundled by the bench, not shipped.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OutcomeLensApi } from '../src/extension/extension';

const extensionId = 'outcome-lens.outcome-lens';

async function until(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<OutcomeLensApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded`);
  await until('activation', () => extension.isActive);
  const api = extension.exports;
  await api.ready;
  const configMs = api.timings.configLoadedMs;
  // Polled: when this probe starts late, the index may have been ready earlier than observed.
  await until('the index', () => api.index.all().length > 0);
  const indexMs = performance.now() - api.timings.startedAt;
  // Loading the bundle costs time before activate() runs: measure it on a second copy
  // (required afresh, never activated).
  const bundle = path.join(extension.extensionPath, 'dist', 'extension.js');
  const cached = require.cache[require.resolve(bundle)];
  delete require.cache[require.resolve(bundle)];
  const loadStart = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- what require() costs is the figure
  require(bundle);
  const loadMs = performance.now() - loadStart;
  if (cached) require.cache[require.resolve(bundle)] = cached;
  const results = process.env['OUTCOME_LENS_BENCH_RESULTS'];
  if (!results) throw new Error('OUTCOME_LENS_BENCH_RESULTS is not set');
  writeFileSync(results, JSON.stringify({ vscodeVersion: vscode.version, activationMs: api.activationMs, loadMs, configMs, indexMs }));
}
