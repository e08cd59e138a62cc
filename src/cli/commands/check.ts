// `outcome-lens check`: validates the outcome config and prints compiler-style problems.
import type { Problem } from '../../core/config/model';
import { tagProblems } from '../../core/index/tagProblems';
import { UsageError } from '../cliCommand';
import type { CliCommand, CliInvocation } from '../cliCommand';
import { displayPath } from '../displayPath';
import { annotationPaths, githubAnnotation } from '../githubOutput';
import type { AnnotationPath } from '../githubOutput';
import { indexCliOptions, indexWithConfig } from '../cliIndex';
import { compareText } from '../../core/files/sortedPaths';

export type ProblemFormat = 'text' | 'github';

const formats: readonly ProblemFormat[] = ['text', 'github'];

/** Problem codes that mean the config could not be read at all: exit 2, not 1. */
const ioFailureCodes = new Set(['read-failed']);

export interface JsonProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Problem['severity'];
  code: string;
  message: string;
  suggestion?: string;
}

export function sortProblems(problems: readonly Problem[], root: string): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(displayPath(a.file, root), displayPath(b.file, root)) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column,
  );
}

const githubLevel = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * One line per problem, sorted by file, line and column; '' when there are none. Text shows
 * paths relative to `root`; annotations name files by `annotationPath` (see annotationPaths).
 */
export function formatProblems(problems: readonly Problem[], root: string, format: ProblemFormat, annotationPath: AnnotationPath = (file) => displayPath(file, root)): string {
  return sortProblems(problems, root)
    .map((p) => {
      const { line, column } = p.range.start;
      if (format === 'github') {
        return githubAnnotation(githubLevel[p.severity], p.message, { file: annotationPath(p.file), line, col: column });
      }
      return `${displayPath(p.file, root)}:${line}:${column}: ${p.severity}: ${p.message.replace(/\r?\n/g, ' ')}\n`;
    })
    .join('');
}

export function problemsToJson(problems: readonly Problem[], root: string): { problems: JsonProblem[]; errors: number; warnings: number } {
  return {
    problems: sortProblems(problems, root).map((p) => {
      const json: JsonProblem = {
        file: displayPath(p.file, root),
        line: p.range.start.line,
        column: p.range.start.column,
        endLine: p.range.end.line,
        endColumn: p.range.end.column,
        severity: p.severity,
        code: p.code,
        message: p.message,
      };
      if (p.suggestion !== undefined) json.suggestion = p.suggestion;
      return json;
    }),
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

async function runCheck({ root, json, values, io }: CliInvocation): Promise<number> {
  const format = values['format'] ?? 'text';
  if (typeof format !== 'string' || !(formats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${formats.join(', ')}, not "${String(format)}"`);
  }
  // Tags are all it checks: matching every path against the rules would be a quarter of its time.
  const indexed = await indexWithConfig('check', root, values, io, { pathRules: false });
  if (!indexed) return 2;
  const { model, index } = indexed;
  const problems = [...model.problems, ...tagProblems(index, model)];
  const summary = problemsToJson(problems, root);
  if (json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
  else {
    if (format === 'github') io.stdout(formatProblems(problems, root, 'github', await annotationPaths(root, io)));
    else io.stdout(formatProblems(problems, root, 'text'));
    const counts = summary.errors + summary.warnings === 0 ? 'no problems' : `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`;
    // Problems can be in the config or in any scanned file: the summary names both scopes.
    io.stderr(`checked ${displayPath(model.file, root)} and ${plural(index.size, 'file')}: ${counts}\n`);
  }
  await indexed.remember();
  if (problems.some((p) => ioFailureCodes.has(p.code))) return 2;
  return summary.errors > 0 ? 1 : 0;
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Validate the outcome config and the @outcome tags in every file, compiler-style (exit 1 on errors).',
  usage: '[--format text|github] [--root DIR] [--json] [--threads N] [--no-prefilter]',
  options: { format: { type: 'string' }, ...indexCliOptions },
  allowPositionals: false,
  run: runCheck,
};
