// `outcome-lens scan`: the whole workspace index, per outcome, as a table or JSON.
import { availableParallelism } from 'node:os';
import type { OutcomeModel } from '../../core/config/model';
import { workspaceHistoryReasons } from '../../core/index/historyReasons';
import type { OutcomeReason, ReasonKind } from '../../core/index/reasons';
import { outcomesByTicket, reasonKinds } from '../../core/index/reasons';
import { RipgrepPrefilter } from '../../core/index/ripgrepPrefilter';
import { createNodeScanner } from '../../core/index/workerPool';
import { listIndexFiles } from '../../core/index/workspaceFileList';
import { WorkspaceIndex } from '../../core/index/workspaceIndex';
import { nodeFileSystem, nodeGitRunner, nodeWalkFileSystem } from '../../core/node/nodeHost';
import { silentLogger } from '../../core/ports';
import { UsageError } from '../cliCommand';
import { loadModelOrReport } from '../loadModel';
import type { CliModelHints } from '../loadModel';
import { defaultMaxFileBytes } from '../../core/index/fileScan';
import type { CliCommand, CliInvocation, CliIo, CliOptionValues } from '../cliCommand';

export interface ScanJson {
  filesScanned: number;
  untagged: number;
  outcomes: Record<string, { files: string[]; byReason: Record<ReasonKind, string[]> }>;
  unknownIds: { id: string; file: string; line: number }[];
}

/** The index options shared by `scan --threads/--no-prefilter` and `check`. */
export const indexCliOptions = {
  threads: { type: 'string' },
  'no-prefilter': { type: 'boolean', default: false },
} as const;

/**
 * What `scan` and `check` start before they read the config: the file listing (git, or a
 * walk), and ripgrep as soon as the config cache says what to search for.
 */
export interface HeadStart {
  files: Promise<readonly string[]>;
  prefilter: RipgrepPrefilter | undefined;
  /** Pass to `loadModelOrReport`. */
  onHints: (hints: CliModelHints) => void;
  /** Stops what is still running (git is killed, a walk stops, an unused rg is killed). */
  cancel: () => void;
}

/** Call before reading the config; pass the result to `buildCliIndex`, and cancel it after. */
export function startIndexing(root: string, values: CliOptionValues, io: CliIo): HeadStart {
  const controller = new AbortController();
  const files = listIndexFiles(root, nodeGitRunner, nodeWalkFileSystem, controller.signal).then((l) => l.files);
  // Awaited by the index build; never awaited when it is cancelled.
  files.catch(() => undefined);
  // rg gets all cores but one: this thread reads the files rg names meanwhile.
  const prefilter = values['no-prefilter'] === true ? undefined : new RipgrepPrefilter(io.env['OUTCOME_LENS_RG'] ?? 'rg', { threads: Math.max(1, availableParallelism() - 1) });
  return {
    files,
    prefilter,
    onHints: (hints) => prefilter?.prestart(root, { literals: hints.needles }, defaultMaxFileBytes),
    cancel: () => {
      controller.abort();
      prefilter?.dispose();
    },
  };
}

/** Builds the index the fast way: ripgrep to skip files that cannot hold tags, workers across cores. */
export async function buildCliIndex(root: string, model: OutcomeModel, values: CliOptionValues, io: CliIo, headStart: HeadStart): Promise<WorkspaceIndex> {
  const threadsValue = values['threads'];
  let threads = availableParallelism();
  if (typeof threadsValue === 'string') {
    threads = Number(threadsValue);
    if (!Number.isInteger(threads) || threads < 0) throw new UsageError(`--threads must be a whole number (0: no worker threads), not "${threadsValue}"`);
  }
  let lastDrawn = 0;
  const onProgress = io.stderrIsTTY
    ? (done: number, total: number) => {
        const now = Date.now();
        if (done !== total && now - lastDrawn < 100) return;
        lastDrawn = now;
        io.stderr(`\rindexing ${done}/${total} files${done === total ? '\n' : ''}`);
      }
    : undefined;
  return WorkspaceIndex.build(
    root,
    model,
    { fs: nodeFileSystem, git: nodeGitRunner, walk: nodeWalkFileSystem, logger: silentLogger },
    {
      scanner: createNodeScanner({ threads }),
      prefilter: headStart.prefilter,
      onProgress,
      files: headStart.files,
    },
  );
}

export async function scanToJson(index: WorkspaceIndex, withHistory: boolean): Promise<ScanJson> {
  const model = index.model;
  const history = withHistory
    ? await workspaceHistoryReasons(index.root, model, outcomesByTicket(model), nodeGitRunner)
    : new Map<string, OutcomeReason[]>();
  const outcomes: ScanJson['outcomes'] = {};
  const byId = new Map<string, ScanJson['outcomes'][string]>();
  for (const o of model.outcomes) {
    const lists = { files: [], byReason: { path: [], tag: [], ticket: [], history: [] } };
    outcomes[o.id] = lists;
    byId.set(o.id, lists);
  }
  // Files come sorted and each is visited once, so every list stays sorted if a file is only
  // added when it is not already the list's last entry.
  const add = (list: string[], file: string) => {
    if (list[list.length - 1] !== file) list.push(file);
  };
  const addReasons = (file: string, reasons: readonly OutcomeReason[]) => {
    for (const reason of reasons) {
      const outcome = byId.get(reason.outcomeId);
      if (!outcome) continue;
      add(outcome.files, file);
      add(outcome.byReason[reason.kind], file);
    }
  };
  let untagged = 0;
  index.forEachFile((file, fileOutcomes) => {
    const fromHistory = history.size === 0 ? undefined : history.get(file);
    if (fileOutcomes.length === 0 && (fromHistory === undefined || fromHistory.length === 0)) {
      untagged++;
      return;
    }
    for (const outcome of fileOutcomes) addReasons(file, outcome.reasons);
    if (fromHistory) addReasons(file, fromHistory);
  });
  return {
    filesScanned: index.size,
    untagged,
    outcomes,
    unknownIds: index.unknownIds().map(({ id, file, line }) => ({ id, file, line })),
  };
}

function formatTable(json: ScanJson, model: OutcomeModel): string {
  const header = ['Outcome', 'Title', 'Files', 'path', 'tag', 'ticket', 'history'];
  const rows = model.outcomes.map((o) => {
    const entry = json.outcomes[o.id];
    const counts = reasonKinds.map((k) => String(entry?.byReason[k].length ?? 0));
    const title = o.spec.title + (o.status === 'dropped' ? ' [dropped]' : '');
    return [o.id, title.length > 40 ? `${title.slice(0, 39)}…` : title, String(entry?.files.length ?? 0), ...counts];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const lines = [line(header), ...rows.map(line), ''];
  lines.push(`${json.filesScanned} files scanned, ${json.untagged} serve no outcome, ${json.unknownIds.length} unknown outcome ID${json.unknownIds.length === 1 ? '' : 's'} in tags`);
  for (const u of json.unknownIds) lines.push(`  ${u.file}:${u.line}: unknown outcome "${u.id}"`);
  return lines.join('\n') + '\n';
}

async function runScan({ root, json, values, io }: CliInvocation): Promise<number> {
  const headStart = startIndexing(root, values, io);
  const model = await loadModelOrReport('scan', root, io, headStart.onHints);
  if (!model) {
    headStart.cancel();
    return 2;
  }
  const index = await buildCliIndex(root, model, values, io, headStart).finally(() => headStart.cancel());
  const result = await scanToJson(index, values['history'] === true);
  io.stdout(json ? JSON.stringify(result, null, 2) + '\n' : formatTable(result, model));
  return 0;
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'Index the whole workspace: the files each outcome is served by, and why.',
  usage: '[--root DIR] [--json] [--history] [--threads N] [--no-prefilter]',
  options: { history: { type: 'boolean', default: false }, ...indexCliOptions },
  allowPositionals: false,
  run: runScan,
};
