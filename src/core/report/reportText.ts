// How the parts of a report read, shared by the Markdown and HTML renderers so a pull request
// and the editor say the same thing. Text comes as segments; each renderer escapes them its
// own way (nothing here is escaped).
import type { JsonReason } from '../index/reasonJson';
import { formatPercent, formatValue, statusLabel } from '../metrics/metricText';
import type { ChangeReportJson, ReportCommitJson, ReportFileJson, ReportMetricJson } from './changeReport';

export interface Segment {
  text: string;
  /** Shown as code (paths, patterns, SHAs). */
  code?: boolean;
  /** An http(s) link. */
  href?: string;
}

export type Line = Segment[];

const text = (value: string): Segment => ({ text: value });
const code = (value: string): Segment => ({ text: value, code: true });

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

export function reasonLine(reason: JsonReason): Line {
  switch (reason.kind) {
    case 'path':
      return [text('path rule '), code(reason.pattern), text(` (${reason.configFile}:${reason.line})`)];
    case 'tag':
      return [text(`tag on line ${reason.line}`)];
    case 'ticket':
      return [text(`ticket ${reason.ticket} on line ${reason.line}`)];
    case 'history':
      return [text('commit '), code(reason.shortSha), text(reason.via === 'trailer' ? ' (Outcome: trailer)' : ` (mentions ${reason.ticket ?? 'a ticket'})`)];
  }
}

/** Several reasons as one line, separated by `; `. */
export function reasonsLine(reasons: readonly JsonReason[]): Line {
  return reasons.flatMap((reason, i) => (i === 0 ? reasonLine(reason) : [text('; '), ...reasonLine(reason)]));
}

export function changeLine(file: ReportFileJson): Line {
  const line: Line = file.oldPath === null ? [text(file.change)] : [text('renamed from '), code(file.oldPath)];
  if (file.uncommitted) line.push(text(', uncommitted'));
  return line;
}

export function linesText(file: ReportFileJson): string {
  if (file.linesAdded === null || file.linesDeleted === null) return 'binary';
  return `+${file.linesAdded} -${file.linesDeleted}`;
}

/** `Checkout conversion: 3.4 % → 4 %, progress 33% (expected 50%), at risk`. */
export function metricText(metric: ReportMetricJson): string {
  const unit = metric.unit ?? undefined;
  let value = `${metric.name}: ${formatValue(metric.value, unit)}`;
  if (metric.target !== null) value += ` → ${formatValue(metric.target, unit)}`;
  const progress = formatPercent(metric.progress ?? undefined);
  const expected = formatPercent(metric.expected ?? undefined);
  if (progress !== undefined) value += `, progress ${progress}${expected === undefined ? '' : ` (expected ${expected})`}`;
  value += `, ${statusLabel(metric.status)}`;
  if (metric.error !== undefined) value += ` (${metric.error})`;
  return value;
}

export function ticketHref(ticketUrl: string | undefined, id: string): string | undefined {
  if (ticketUrl === undefined) return undefined;
  const href = ticketUrl.replace(/\{id\}/g, encodeURIComponent(id));
  return /^https?:\/\/[^\s<>"]+$/i.test(href) ? href : undefined;
}

export function ticketSegments(tickets: readonly string[], ticketUrl: string | undefined): Line {
  return tickets.flatMap((id, i) => {
    const href = ticketHref(ticketUrl, id);
    const segment: Segment = href === undefined ? text(id) : { text: id, href };
    return i === 0 ? [segment] : [text(', '), segment];
  });
}

export function trailersText(commit: ReportCommitJson): string {
  return commit.outcomeTrailers.map((id) => (commit.unknownOutcomes.includes(id) ? `${id} (unknown)` : id)).join(', ');
}

/** The opening sentences: what changed, and how much of it serves an outcome. */
export function summaryLines(document: ChangeReportJson): Line[] {
  const { totals, unserved } = document;
  const range: Line = [text('Changes since '), code(document.since), text(' (merge base '), code(document.base.slice(0, 7)), text('): ')];
  if (totals.files === 0) {
    return [[...range, text(`no files changed${totals.commits > 0 ? `, ${plural(totals.commits, 'commit')}` : ''}.`)]];
  }
  const commits = totals.commits === 0 ? 'no commits yet (uncommitted changes only)' : plural(totals.commits, 'commit');
  const first: Line = [...range, text(`${plural(totals.files, 'file')} changed, +${totals.linesAdded} -${totals.linesDeleted} lines, ${commits}.`)];
  const serving =
    totals.servingFiles === 0
      ? 'No changed file serves an outcome.'
      : `${plural(totals.servingFiles, 'file')} ${totals.servingFiles === 1 ? 'serves' : 'serve'} ${plural(totals.outcomes, 'outcome')}.`;
  const share = formatPercent(unserved.share ?? undefined);
  const unservedText =
    unserved.files.length === 0
      ? ' Every changed file serves an outcome.'
      : ` ${plural(unserved.files.length, 'file')} ${unserved.files.length === 1 ? 'serves' : 'serve'} no outcome: ${unserved.linesChanged} of ${totals.linesAdded + totals.linesDeleted} changed lines${share === undefined ? '' : ` (${share})`}.`;
  return [first, [text(serving + (totals.servingFiles === 0 ? '' : unservedText))]];
}
