// `outcome-lens report --since REV`: the outcomes a change serves, for a pull request (Markdown),
// a program (JSON) or a GitHub Actions job (summary + annotations).
import type { OutcomeModel } from '../../core/config/model';
import { ChangeRangeError } from '../../core/git/changes';
import { nodeFileSystem, nodeGitRunner } from '../../core/node/nodeHost';
import { assembleChangeReport, changeReportJson, collectChanges } from '../../core/report/changeReport';
import type { ChangeReport, ChangeSet } from '../../core/report/changeReport';
import { changeReportMarkdown } from '../../core/report/reportMarkdown';
import { statusLabel } from '../../core/metrics/metricText';
import { UsageError } from '../cliCommand';
import type { CliCommand, CliInvocation } from '../cliCommand';
import { annotationPaths, githubAnnotation, writeJobSummary } from '../githubOutput';
import type { AnnotationPath } from '../githubOutput';
import { loadModelOrReport, reportConfigErrors } from '../loadModel';
import { cliClock, fetchModelStatus } from '../metricReadings';
import { displayPath } from '../displayPath';

export type ReportFormat = 'markdown' | 'json' | 'github';

const formats: readonly ReportFormat[] = ['markdown', 'json', 'github'];

/** The outcomes whose metrics the report needs: those it shows, and their descendants (their status rolls up). */
function outcomesToFetch(model: OutcomeModel, changes: ChangeSet): Set<string> {
  const wanted = new Set<string>();
  const add = (id: string): void => {
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const child of model.byId.get(id)?.childIds ?? []) add(child);
  };
  for (const file of changes.files) for (const o of file.outcomes) add(o.outcomeId);
  return wanted;
}

/**
 * Workflow annotations: an outcome this change serves that is at risk or off track (at its
 * entry in the config), each changed file serving no outcome, and `Outcome:` trailers naming
 * no outcome. Files are named by `annotationPath`, in the messages too (see annotationPaths).
 */
export function reportAnnotations(report: ChangeReport, model: OutcomeModel, annotationPath: AnnotationPath): string {
  const configFile = annotationPath(model.file);
  const lines: string[] = [];
  for (const outcome of report.document.outcomes) {
    if (outcome.status !== 'at-risk' && outcome.status !== 'off-track') continue;
    const at = model.byId.get(outcome.id)?.idRange.start;
    lines.push(
      githubAnnotation('warning', `This change serves ${outcome.id} "${outcome.title}", which is ${statusLabel(outcome.status)}: ${outcome.statusReason}`, {
        file: configFile,
        ...(at ? { line: at.line, col: at.column } : {}),
        title: `${outcome.id} is ${statusLabel(outcome.status)}`,
      }),
    );
  }
  for (const file of report.document.unserved.files) {
    const lines_ = file.linesAdded === null || file.linesDeleted === null ? 'binary' : `+${file.linesAdded} -${file.linesDeleted}`;
    const shown = annotationPath(file.path);
    // A deleted file cannot carry an annotation in the pull request's files.
    const place = file.change === 'deleted' ? { title: 'Serves no outcome' } : { file: shown, title: 'Serves no outcome' };
    lines.push(githubAnnotation('notice', `${shown} (${file.change}, ${lines_}) serves no outcome`, place));
  }
  for (const commit of report.document.commits) {
    for (const id of commit.unknownOutcomes) {
      lines.push(
        githubAnnotation('warning', `Commit ${commit.shortSha} ("${commit.subject}") names ${id} in an Outcome: trailer, but ${configFile} has no such outcome`, {
          title: 'Unknown outcome in a commit trailer',
        }),
      );
    }
  }
  return lines.join('');
}

function formatOf(values: CliInvocation['values'], json: boolean): ReportFormat {
  const given = values['format'];
  if (given !== undefined && (typeof given !== 'string' || !(formats as readonly string[]).includes(given))) {
    throw new UsageError(`--format must be one of ${formats.join(', ')}, not "${String(given)}"`);
  }
  if (json && given !== undefined && given !== 'json') throw new UsageError(`--json and --format ${String(given)} contradict each other`);
  return json ? 'json' : ((given as ReportFormat | undefined) ?? 'markdown');
}

async function runReport(invocation: CliInvocation): Promise<number> {
  const { root, json, values, io } = invocation;
  const since = values['since'];
  if (typeof since !== 'string' || since.trim() === '') {
    throw new UsageError('--since REV is required: the branch, tag or commit to report changes since (e.g. origin/main)');
  }
  const format = formatOf(values, json);
  const clock = cliClock(io.env);
  const model = await loadModelOrReport('report', root, io);
  if (!model) return 2;
  const configFile = displayPath(model.file, root);

  let changes: ChangeSet;
  try {
    changes = await collectChanges(root, model, since, { fs: nodeFileSystem, git: nodeGitRunner });
  } catch (error) {
    if (!(error instanceof ChangeRangeError)) throw error;
    io.stderr(`outcome-lens report: ${error.message}\n`);
    return 2;
  }
  const status = await fetchModelStatus('report', model, invocation, clock, outcomesToFetch(model, changes));
  const report = assembleChangeReport(changes, model, status, { configFile });

  if (format === 'json') io.stdout(changeReportJson(report));
  else if (format === 'markdown') io.stdout(changeReportMarkdown(report));
  else {
    io.stdout(reportAnnotations(report, model, await annotationPaths(root, io)));
    await writeJobSummary(io, 'report', changeReportMarkdown(report));
  }

  if (reportConfigErrors('report', model, io)) return 2;
  return 0;
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Report the outcomes a change serves since REV (files, reasons, status, commits), as Markdown for a pull request or JSON.',
  usage: '--since REV [--root DIR] [--format markdown|json|github] [--json] [--no-cache]',
  options: { since: { type: 'string' }, format: { type: 'string' }, 'no-cache': { type: 'boolean', default: false } },
  allowPositionals: false,
  run: runReport,
};
