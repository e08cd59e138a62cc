// `outcome-lens explain FILE...`: which outcomes each file serves, and why. It reads only the
// files asked about (path rules + one scan each), never the whole workspace, so it answers
// in about the time node takes to start.
import path from 'node:path';
import type { OutcomeModel } from '../../core/config/model';
import { nearestOutcomeId } from '../../core/config/outcomeReferences';
import { explainFile } from '../../core/index/explainFile';
import type { FileOutcome, TagProblem } from '../../core/index/reasons';
import { reasonToJson } from '../../core/index/reasonJson';
import type { JsonReason } from '../../core/index/reasonJson';
import { nodeFileSystem, nodeGitRunner } from '../../core/node/nodeHost';
import { UsageError } from '../cliCommand';
import type { CliCommand, CliInvocation } from '../cliCommand';
import { displayPath } from '../displayPath';
import { loadModelOrReport } from '../loadModel';

export interface ExplainJsonFile {
  file: string;
  outcomes: { id: string; title: string; status: string; reasons: JsonReason[] }[];
  unknownIds: { id: string; line: number; column: number; suggestion?: string }[];
}

function toJson(file: string, outcomes: readonly FileOutcome[], unknown: readonly TagProblem[], model: OutcomeModel, configFile: string): ExplainJsonFile {
  return {
    file,
    outcomes: outcomes.map((o) => {
      const entry = model.byId.get(o.outcomeId);
      return { id: o.outcomeId, title: entry?.spec.title ?? '', status: entry?.status ?? 'active', reasons: o.reasons.map((r) => reasonToJson(r, configFile)) };
    }),
    unknownIds: unknown.map((u) => {
      const suggestion = nearestOutcomeId(model, u.id);
      return { id: u.id, line: u.line, column: u.column, ...(suggestion === undefined ? {} : { suggestion }) };
    }),
  };
}

function reasonText(reason: JsonReason): string {
  switch (reason.kind) {
    case 'path':
      return `path     ${reason.pattern}  (${reason.configFile}:${reason.line})`;
    case 'tag':
      return `tag      line ${reason.line}`;
    case 'ticket':
      return `ticket   ${reason.ticket}  line ${reason.line}`;
    case 'history':
      return `history  ${reason.shortSha} ${reason.subject}  (${reason.via === 'trailer' ? 'Outcome: trailer' : `mentions ${reason.ticket ?? 'a ticket'}`})`;
  }
}

function formatText(file: ExplainJsonFile): string {
  const lines = [file.file];
  if (file.outcomes.length === 0) lines.push('  serves no outcome');
  for (const o of file.outcomes) {
    lines.push(`  ${o.id} ${o.title}${o.status === 'active' ? '' : ` [${o.status}]`}`);
    for (const r of o.reasons) lines.push(`    ${reasonText(r)}`);
  }
  for (const u of file.unknownIds) {
    lines.push(`  unknown outcome "${u.id}" at line ${u.line}${u.suggestion === undefined ? '' : ` (did you mean ${u.suggestion}?)`}`);
  }
  return lines.join('\n') + '\n';
}

async function runExplain({ root, json, values, positionals, io }: CliInvocation): Promise<number> {
  if (positionals.length === 0) throw new UsageError('name at least one FILE');
  const model = await loadModelOrReport('explain', root, io);
  if (!model) return 2;
  const configFile = displayPath(model.file, root);
  const results: ExplainJsonFile[] = [];
  let failed = false;
  for (const arg of positionals) {
    const absolute = path.resolve(io.cwd, arg);
    const relative = path.relative(root, absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      io.stderr(`outcome-lens explain: ${arg} is not inside the root ${root}\n`);
      failed = true;
      continue;
    }
    const stat = await nodeFileSystem.stat(absolute);
    if (!stat?.isFile) {
      io.stderr(`outcome-lens explain: ${arg}: ${stat ? 'not a file' : 'no such file'}\n`);
      failed = true;
      continue;
    }
    const relativePath = relative.split(path.sep).join('/');
    const { entry, outcomes } = await explainFile(root, model, relativePath, { fs: nodeFileSystem, git: nodeGitRunner }, { history: values['history'] === true });
    results.push(toJson(relativePath, outcomes, entry.unknownIds, model, configFile));
  }
  if (json) io.stdout(JSON.stringify({ files: results }, null, 2) + '\n');
  else io.stdout(results.map(formatText).join('\n'));
  return failed ? 2 : 0;
}

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'Show which outcomes each file serves, and why (path rule, tag, ticket, commit).',
  usage: 'FILE... [--root DIR] [--json] [--history]',
  options: { history: { type: 'boolean', default: false } },
  allowPositionals: true,
  run: runExplain,
};
