// Runs inside the real VS Code extension host for `bench/extension.mjs` (as its
// extensionTestsPath): waits for Outcome Lens to activate by itself on the demo workspace, and
// writes what it measured to $OUTCOME_LENS_BENCH_RESULTS. Bundled by the bench, not shipped.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import inspector from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { tagComment } from '../src/core/edit/tagComment';
import type { OutcomeLensApi } from '../src/extension/extension';

const extensionId = 'outcome-lens.outcome-lens';

async function until(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const typingEdits = 8;
/** After an edit lands in the index, the time left for everything it sets off (views, badges, diagnostics). */
const settleMs = 1500;

export interface TypingFigures {
  file: string;
  edits: number;
  /** Edit made → the index holds the new buffer (includes the 300 ms typing pause it waits for), ms. */
  indexedMs: number[];
  /** The extension host's busy time from the edit until everything settled, per edit, ms. */
  busyMs: number[];
  /** The longest the extension host's event loop was blocked during the edits, ms. */
  longestStallMs: number;
}

export interface ViewOpenFigures {
  /** The extension host's busy time over the 3 s after the sidebar was shown, ms. */
  busyMs: number;
  /** The longest the extension host's event loop was blocked meanwhile, ms. */
  longestStallMs: number;
}

/** Showing the Outcome Lens sidebar (the Outcomes view draws every outcome, and their children). */
async function viewOpenFigures(): Promise<ViewOpenFigures> {
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  const profile = await startProfile('sidebar');
  const busyFrom = performance.eventLoopUtilization();
  try {
    await vscode.commands.executeCommand('workbench.view.extension.outcomeLens');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return { busyMs: performance.eventLoopUtilization(busyFrom).active, longestStallMs: stalls.max / 1e6 };
  } finally {
    stalls.disable();
    await profile?.stop();
  }
}

/**
 * Typing in `file` with the Outcomes view open: edits that add a tag and edits that change
 * nothing the index cares about, alternately. The buffer is reverted afterwards, never saved.
 */
async function typingFigures(api: OutcomeLensApi, file: string): Promise<TypingFigures> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, file);
  await vscode.commands.executeCommand('workbench.view.extension.outcomeLens');
  const editor = await vscode.window.showTextDocument(uri);
  // The views draw the index once first.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const outcomeId = api.configs.all()[0]?.outcomes[0]?.id ?? 'KR-1';
  // The tag in the file's own comment syntax, so that every other edit changes what it serves.
  const tag = tagComment({ languageId: editor.document.languageId, fileName: file, outcomeId });
  if ('reason' in tag) throw new Error(`${file}: ${tag.reason}`);
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  const profile = await startProfile(path.basename(file));
  const indexedMs: number[] = [];
  const busyMs: number[] = [];
  try {
    for (let i = 0; i < typingEdits; i++) {
      const before = api.index.entryFor(uri);
      const busyFrom = performance.eventLoopUtilization();
      const started = performance.now();
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      await editor.edit((edit) => edit.insert(end, i % 2 === 0 ? `\n${tag.comment}\n` : ' '));
      await until('the edit in the index', () => api.index.entryFor(uri) !== before, 10_000);
      indexedMs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      busyMs.push(performance.eventLoopUtilization(busyFrom).active);
    }
  } finally {
    stalls.disable();
    await profile?.stop();
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  return { file, edits: typingEdits, indexedMs, busyMs, longestStallMs: stalls.max / 1e6 };
}

/**
 * With OUTCOME_LENS_BENCH_PROFILE=PREFIX, a CPU profile of the extension host from now until
 * `stop`, which writes it to PREFIX.<name>.cpuprofile; without it, nothing. Profiling slows the
 * host: the figures of such a run are not comparable.
 */
async function startProfile(name: string): Promise<{ stop: () => Promise<void> } | undefined> {
  const prefix = process.env['OUTCOME_LENS_BENCH_PROFILE'];
  if (!prefix) return undefined;
  const session = new inspector.Session();
  session.connect();
  const post = (method: string): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      writeFileSync(`${prefix}.${name}.cpuprofile`, JSON.stringify(profile));
    },
  };
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
  // One file per line: typed in one after the other, once the sidebar has been shown.
  const typingFiles = (process.env['OUTCOME_LENS_BENCH_TYPING'] ?? '').split('\n').filter(Boolean);
  const viewOpen = typingFiles.length > 0 ? await viewOpenFigures() : undefined;
  const typing: TypingFigures[] = [];
  for (const file of typingFiles) typing.push(await typingFigures(api, file));
  writeFileSync(results, JSON.stringify({ vscodeVersion: vscode.version, activationMs: api.activationMs, loadMs, configMs, indexMs, viewOpen, typing }));
}
