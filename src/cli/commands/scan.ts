// `outcome-lens scan`: the whole workspace index, per outcome, as a table or JSON.
import type { OutcomeModel } from '../../core/config/model';
import { workspaceHistoryReasons } from '../../core/index/historyReasons';
import type { OutcomeReason, ReasonKind } from '../../core/index/reasons';
import { outcomesByTicket, reasonKinds } from '../../core/index/reasons';
import type { WorkspaceIndex } from '../../core/index/workspaceIndex';
import { nodeGitRunner } from '../../core/node/nodeHost';
import type { CliCommand, CliInvocation } from '../cliCommand';
import { indexCliOptions, replayOrIndex } from '../cliIndex';

export interface ScanJson {
  filesScanned: number;
  untagged: number;
  outcomes: Record<string, { files: string[]; byReason: Record<ReasonKind, string[]> }>;
  unknownIds: { id: string; file: string; line: number }[];
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
  const history = values['history'] === true;
  // History reasons come from `git log`, which the output cache does not look at.
  const form = history ? undefined : json ? 'scan --json' : 'scan';
  const indexed = await replayOrIndex('scan', form, root, values, io);
  if (!indexed) return 2;
  if ('replayed' in indexed) {
    // Where progress would be drawn, a word on why there is none.
    if (io.stderrIsTTY) io.stderr('nothing changed since the last scan: its output is reused\n');
    io.stdout(indexed.replayed);
    return 0;
  }
  const result = await scanToJson(indexed.index, history);
  const text = json ? JSON.stringify(result, null, 2) + '\n' : formatTable(result, indexed.model);
  io.stdout(text);
  await indexed.remember(text);
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
