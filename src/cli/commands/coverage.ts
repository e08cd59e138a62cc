// `outcome-lens coverage`: how much of the workspace serves an outcome, per top-level folder;
// dead and shadowed path rules; outcomes with no work and work with no outcome. `--fail-under`
// turns it into a CI gate.
import type { OutcomeModel } from '../../core/config/model';
import { countLinesOfFiles } from '../../core/files/lineCount';
import { workspaceHistoryReasons } from '../../core/index/historyReasons';
import { outcomesByTicket } from '../../core/index/reasons';
import { immediateFileSystem, nodeGitRunner } from '../../core/node/nodeHost';
import { buildCoverage, coverageJson } from '../../core/report/coverage';
import type { CoverageFile, CoverageJson } from '../../core/report/coverage';
import { coverageMarkdown, coverageText } from '../../core/report/coverageText';
import { UsageError } from '../cliCommand';
import type { CliCommand, CliInvocation } from '../cliCommand';
import { annotationPaths, githubAnnotation, writeJobSummary } from '../githubOutput';
import type { AnnotationPath } from '../githubOutput';
import { reportConfigErrors } from '../loadModel';
import { displayPath } from '../displayPath';
import { indexCliOptions, indexWithConfig } from '../cliIndex';

export type CoverageFormat = 'text' | 'markdown' | 'json' | 'github';

const formats: readonly CoverageFormat[] = ['text', 'markdown', 'json', 'github'];

/** `80`, `80%`, `72.5`: a percentage from 0 to 100. */
export function parseFailUnder(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text);
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent <= 100)) throw new UsageError(`--fail-under takes a percentage from 0 to 100, not "${text}"`);
  return percent;
}

/** What the gate compares: the share of lines, or of files when no line could be counted. */
export function gatedShare(coverage: CoverageJson): { share: number | null; of: 'lines' | 'files' } {
  return coverage.lines.total > 0 ? { share: coverage.lines.share, of: 'lines' } : { share: coverage.files.share, of: 'files' };
}

/** Files are named by `annotationPath` (see annotationPaths). */
export function coverageAnnotations(coverage: CoverageJson, model: OutcomeModel, annotationPath: AnnotationPath): string {
  const configFile = annotationPath(model.file);
  const lines: string[] = [];
  for (const r of coverage.deadRules) {
    lines.push(githubAnnotation('warning', `Path rule "${r.pattern}" of ${r.outcome} matches no file`, { file: annotationPath(r.file), line: r.line, col: r.column, title: 'Dead path rule' }));
  }
  for (const r of coverage.shadowedRules) {
    const by = r.shadowedBy.map((n) => `"${n.pattern}" (line ${n.line})`).join(', ');
    lines.push(
      githubAnnotation('warning', `Path rule "${r.pattern}" of ${r.outcome} never applies: every file it matches is excluded by ${by}`, {
        file: annotationPath(r.file),
        line: r.line,
        col: r.column,
        title: 'Shadowed path rule',
      }),
    );
  }
  for (const o of coverage.outcomesWithoutWork) {
    const at = model.byId.get(o.id)?.idRange.start;
    lines.push(
      githubAnnotation('notice', `No file serves ${o.id} "${o.title}" or its sub-outcomes`, {
        file: configFile,
        ...(at ? { line: at.line, col: at.column } : {}),
        title: 'Outcome with no work',
      }),
    );
  }
  return lines.join('');
}

async function runCoverage(invocation: CliInvocation): Promise<number> {
  const { root, json, values, io } = invocation;
  const given = values['format'];
  if (given !== undefined && (typeof given !== 'string' || !(formats as readonly string[]).includes(given))) {
    throw new UsageError(`--format must be one of ${formats.join(', ')}, not "${String(given)}"`);
  }
  if (json && given !== undefined && given !== 'json') throw new UsageError(`--json and --format ${String(given)} contradict each other`);
  const format: CoverageFormat = json ? 'json' : ((given as CoverageFormat | undefined) ?? 'text');
  const failUnder = parseFailUnder(values['fail-under']);

  const indexed = await indexWithConfig('coverage', root, values, io);
  if (!indexed) return 2;
  const { model, index } = indexed;
  const configFile = displayPath(model.file, root);
  const history =
    values['history'] === true ? await workspaceHistoryReasons(root, model, outcomesByTicket(model), nodeGitRunner) : undefined;
  // Synchronous reads: promise-based ones cost more than reading for 60,000 small files.
  const lines = await countLinesOfFiles(immediateFileSystem, root, index.files());
  const files: CoverageFile[] = index.files().map((path) => {
    const ids = new Set(index.outcomesOf(path).map((o) => o.outcomeId));
    for (const reason of history?.get(path) ?? []) ids.add(reason.outcomeId);
    return { path, outcomeIds: [...ids], lines: lines.get(path) ?? null };
  });
  const coverage = buildCoverage(model, files, { configFile });

  // Here, ahead of the output and the exits below it.
  await indexed.remember();
  if (format === 'json') io.stdout(coverageJson(coverage));
  else if (format === 'text') io.stdout(coverageText(coverage));
  else if (format === 'markdown') io.stdout(coverageMarkdown(coverage));

  const gate = gatedShare(coverage);
  const failed = failUnder !== undefined && gate.share !== null && gate.share * 100 < failUnder;
  // One decimal, so a share just under the gate never reads as equal to it (18.9%, not 19%).
  const gateMessage = failed ? `${((gate.share ?? 0) * 100).toFixed(1)}% of ${gate.of} serve an outcome, under the ${failUnder}% required by --fail-under` : undefined;
  if (format === 'github') {
    let annotations = coverageAnnotations(coverage, model, await annotationPaths(root, io));
    if (gateMessage !== undefined) annotations += githubAnnotation('error', `Outcome coverage: ${gateMessage}`, { title: 'Outcome coverage gate' });
    io.stdout(annotations);
    await writeJobSummary(io, 'coverage', coverageMarkdown(coverage));
  }
  if (reportConfigErrors('coverage', model, io)) return 2;
  if (gateMessage !== undefined) {
    io.stderr(`outcome-lens coverage: ${gateMessage}\n`);
    return 1;
  }
  return 0;
}

export const coverageCommand: CliCommand = {
  name: 'coverage',
  summary: 'Show how much of the workspace serves an outcome, dead and shadowed path rules, outcomes with no work (exit 1 under --fail-under).',
  usage: '[--root DIR] [--format text|markdown|json|github] [--json] [--fail-under PCT] [--history] [--threads N] [--no-prefilter]',
  options: { format: { type: 'string' }, 'fail-under': { type: 'string' }, history: { type: 'boolean', default: false }, ...indexCliOptions },
  allowPositionals: false,
  run: runCoverage,
};
