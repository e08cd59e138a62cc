// Tooltips, click targets and row states shared by the sidebar views and the status bar. Every string
// from the config, a file or a metric source goes through `appendText`, which escapes it:
// nothing from a workspace can render as HTML, a link or a command.
import * as vscode from 'vscode';
import { outcomeLabel } from '../../core/config/model';
import type { OutcomeEntry, OutcomeModel, ResolvedMetric, SourceRange } from '../../core/config/model';
import { formatPercent, formatValue, statusLabel } from '../../core/metrics/metricText';
import { metricKey } from '../../core/metrics/modelStatus';
import type { MetricStatusView, ModelStatus } from '../../core/metrics/modelStatus';
import { metricSummary } from '../../core/metrics/summaryText';
import { toRange } from '../outcomeConfigController';

/** Markdown that renders no HTML and no command links: config and source text stay text. */
export function markdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

export function bold(md: vscode.MarkdownString, text: string): void {
  md.appendMarkdown('**').appendText(text).appendMarkdown('**\n\n');
}

export function row(md: vscode.MarkdownString, label: string, value: string | undefined): void {
  if (value === undefined) return;
  md.appendMarkdown(`${label}: `).appendText(value).appendMarkdown('  \n');
}

/** Progress, expected, target, due, owner, as-of time and errors of an outcome and its metrics. */
export function outcomeTooltip(model: OutcomeModel, outcome: OutcomeEntry, status: ModelStatus): vscode.MarkdownString {
  const md = markdown();
  bold(md, outcomeLabel(outcome.id, outcome.spec.title));
  const assessment = status.outcomes.get(outcome.id);
  row(md, 'Status', assessment ? `${statusLabel(assessment.status)} — ${assessment.reason}` : undefined);
  if (outcome.status !== 'active') row(md, 'Marked', outcome.status);
  row(md, 'Owner', outcome.spec.owner);
  row(md, 'Start', outcome.spec.start);
  row(md, 'Due', outcome.spec.due);
  if (outcome.spec.description) md.appendMarkdown('\n').appendText(outcome.spec.description).appendMarkdown('\n');
  for (const metric of outcome.metrics) {
    md.appendMarkdown('\n---\n\n');
    metricRows(md, metric, status.metrics.get(metricKey(outcome.id, metric.spec.id)));
  }
  if (model.problems.length > 0) md.appendMarkdown('\n---\n\n').appendText(`The config has ${model.problems.length} problem(s); see the Problems panel.`);
  return md;
}

export function metricTooltip(metric: ResolvedMetric, view: MetricStatusView | undefined): vscode.MarkdownString {
  const md = markdown();
  metricRows(md, metric, view);
  return md;
}

function metricRows(md: vscode.MarkdownString, metric: ResolvedMetric, view: MetricStatusView | undefined): void {
  const spec = metric.spec;
  bold(md, `${spec.name ?? spec.id}: ${metricSummary(spec.unit, spec.target, view)}`);
  if (view) row(md, 'Status', `${statusLabel(view.assessment.status)} — ${view.assessment.reason}`);
  row(md, 'Current', formatValue(view?.reading.value, spec.unit));
  row(md, 'Baseline', spec.baseline === undefined ? undefined : formatValue(spec.baseline, spec.unit));
  row(md, 'Target', spec.target === undefined ? undefined : formatValue(spec.target, spec.unit));
  row(md, 'Progress', formatPercent(view?.assessment.progress));
  row(md, 'Expected by today', formatPercent(view?.assessment.expected));
  row(md, 'As of', view?.reading.asOf === undefined ? undefined : new Date(view.reading.asOf).toLocaleString());
  row(md, 'Error', view?.reading.error);
  row(md, 'Source', metric.sourceName ?? metric.source?.type);
}

/** Opens `file` with `range` selected (a config line, a tag). */
export function openAt(file: string, range: vscode.Range, title = 'Open'): vscode.Command {
  return {
    command: 'vscode.open',
    title,
    arguments: [vscode.Uri.file(file), { selection: range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions],
  };
}

export function openInConfig(model: OutcomeModel, range: SourceRange): vscode.Command {
  return openAt(model.file, toRange(range), 'Open in Config');
}

/**
 * Up to this many outcomes (or ticket groups) in a config, their rows start expanded. Beyond
 * it they start collapsed: VS Code fetches the children of every expanded row as the view
 * opens, and with thousands of outcomes that is thousands of rows no one reads, and a
 * noticeable stall. A row the user opens or closes stays that way (rows keep their IDs).
 */
const expandedRowLimit = 50;

/** How a parent row starts, given how many such rows its config has. */
export function startingState(rows: number): vscode.TreeItemCollapsibleState {
  return rows > expandedRowLimit ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
}
