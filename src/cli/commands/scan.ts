// `outcome-lens scan`: the whole workspace index, per outcome, as a table or JSON.
import type { OutcomeModel } from '../../core/config/model';
import { workspaceHistoryReasons } from '../../core/index/historyReasons';
import { outcomesByTicket, reasonKinds } from '../../core/index/reasons';
import { scanToJson } from '../../core/index/scanJson';
import type { ScanJson } from '../../core/index/scanJson';
import { nodeGitRunner } from '../../core/node/nodeHost';
import type { CliCommand, CliInvocation } from '../cliCommand';
import { indexCliOptions, jsonText, replayOrIndex } from '../cliIndex';

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
  const form = history ? undefined : json ? 'json' : 'table';
  const indexed = await replayOrIndex('scan', form, root, values, io);
  if (!indexed) return 2;
  if ('replayed' in indexed) {
    // Where progress would be drawn, a word on why there is none.
    if (io.stderrIsTTY) io.stderr('nothing changed since the last scan: its output is reused\n');
    io.stdout(indexed.replayed);
    return 0;
  }
  if ('patched' in indexed && io.stderrIsTTY) {
    const { filesRead: n, filesGone: gone } = indexed;
    io.stderr(`${n} file${n === 1 ? '' : 's'} read again${gone > 0 ? `, ${gone} gone` : ''} since the last scan: its output is patched\n`);
  }
  const result = 'patched' in indexed ? indexed.patched : scanToJson(indexed.index, history ? await workspaceHistoryReasons(root, indexed.model, outcomesByTicket(indexed.model), nodeGitRunner) : undefined);
  // Encoded once, for the terminal and the output cache.
  const text = Buffer.from(json ? jsonText(result) : formatTable(result, indexed.model));
  io.stdout(text);
  await indexed.remember({ text, json: result });
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
