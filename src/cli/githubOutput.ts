// GitHub Actions output: workflow-command annotations on stdout, and the job summary (Markdown
// appended to the file named by $GITHUB_STEP_SUMMARY). Shared by check, report and coverage.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { readWorkTreeTop } from '../core/git/workTree';
import { nodeGitRunner } from '../core/node/nodeHost';
import type { GitRunner } from '../core/ports';
import type { CliIo } from './cliCommand';
import { displayPath } from './displayPath';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationPlace {
  /** `/`-separated, relative to the repository root as the workflow checked it out. */
  file?: string;
  line?: number;
  col?: number;
  title?: string;
}

// Workflow commands: data and property values need their own escaping.
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A file as `file=` names it, from its absolute path or one relative to the root. */
export type AnnotationPath = (file: string) => string;

/**
 * GitHub resolves `file=` against the repository it checked out, not against `--root`: paths
 * are relative to the top of the git work tree holding `root` (a config in `services/payments/`
 * is `services/payments/outcomes.yaml`), or, outside a repository, to the current directory
 * (where a workflow step runs: the checkout, unless the step says otherwise).
 */
export async function annotationPaths(root: string, io: CliIo, git: GitRunner = nodeGitRunner): Promise<AnnotationPath> {
  const base = (await readWorkTreeTop(root, git)) ?? io.cwd;
  return (file) => displayPath(path.resolve(root, file), base);
}

/** One `::level file=…,line=…::message` line. */
export function githubAnnotation(level: AnnotationLevel, message: string, place: AnnotationPlace = {}): string {
  const properties: string[] = [];
  if (place.file !== undefined) properties.push(`file=${escapeGithubProperty(place.file)}`);
  if (place.line !== undefined) properties.push(`line=${place.line}`);
  if (place.col !== undefined) properties.push(`col=${place.col}`);
  if (place.title !== undefined) properties.push(`title=${escapeGithubProperty(place.title)}`);
  return `::${level}${properties.length > 0 ? ` ${properties.join(',')}` : ''}::${escapeGithubData(message)}\n`;
}

/**
 * Appends `markdown` to the job summary. Outside GitHub Actions ($GITHUB_STEP_SUMMARY unset) the
 * summary goes to stdout instead, so the output is never lost. Resolves to where it went.
 */
export async function writeJobSummary(io: CliIo, commandName: string, markdown: string): Promise<'summary' | 'stdout'> {
  const file = io.env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file === '') {
    io.stderr(`outcome-lens ${commandName}: GITHUB_STEP_SUMMARY is not set; writing the summary to stdout\n`);
    io.stdout(markdown);
    return 'stdout';
  }
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
  return 'summary';
}
