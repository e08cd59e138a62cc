// The change report as a self-contained HTML page for the editor's webview: a strict
// Content-Security-Policy (nothing loads; only the nonce'd style block applies; no script),
// theme colours through VS Code's `--vscode-*` CSS variables, trend charts as inline SVG, and
// every piece of text from the config, git or a source escaped.
import { formatPercent, formatValue, statusLabel } from '../metrics/metricText';
import type { MetricStatus } from '../metrics/status';
import { trendSvg } from '../metrics/trendChart';
import type { ChangeReport, ReportMetricJson } from './changeReport';
import { metricKey } from '../metrics/modelStatus';
import type { Line } from './reportText';
import { changeLine, linesText, reasonsLine, summaryLines, ticketSegments, trailersText } from './reportText';

export interface ReportHtmlOptions {
  /** A fresh random nonce per render (base64 characters only). */
  nonce: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page's policy: nothing may load, and only the style block carrying the nonce applies. */
export function reportContentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}';`;
}

// Status colours are the ones the Outcomes view uses for its icons (views/statusIcons.ts).
const statusColours: Record<MetricStatus, string> = {
  achieved: '--vscode-testing-iconPassed',
  'on-track': '--vscode-charts-green',
  'at-risk': '--vscode-charts-yellow',
  'off-track': '--vscode-charts-red',
  'no-data': '--vscode-disabledForeground',
  stale: '--vscode-charts-orange',
  error: '--vscode-errorForeground',
};

const styles = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 24px 24px; line-height: 1.45; }
h1 { font-size: 1.5em; font-weight: 600; }
h2 { font-size: 1.2em; font-weight: 600; margin-top: 1.8em; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); padding-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { text-align: left; vertical-align: top; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
th { color: var(--vscode-descriptionForeground); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: var(--vscode-editor-font-family); font-size: 0.95em; color: var(--vscode-textPreformat-foreground); }
a { color: var(--vscode-textLink-foreground); }
.muted, .reason { color: var(--vscode-descriptionForeground); }
.status { font-weight: 600; white-space: nowrap; }
${Object.entries(statusColours)
  .map(([status, colour]) => `.status-${status} { color: var(${colour}); }`)
  .join('\n')}
.trend { color: var(--vscode-charts-blue); display: inline-block; vertical-align: middle; }
.trend line { stroke: var(--vscode-descriptionForeground); }
`;

function lineHtml(line: Line): string {
  return line
    .map((part) => {
      const body = escapeHtml(part.text);
      if (part.code) return `<code>${body}</code>`;
      if (part.href !== undefined) return `<a href="${escapeHtml(part.href)}">${body}</a>`;
      return body;
    })
    .join('');
}

function statusHtml(status: MetricStatus): string {
  return `<span class="status status-${status}">${escapeHtml(statusLabel(status))}</span>`;
}

function table(header: readonly string[], rows: readonly string[][], numericColumns: readonly number[] = []): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((cells) => `<tr>${cells.map((c, i) => `<td${numericColumns.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function metricRow(report: ChangeReport, outcomeId: string, metric: ReportMetricJson): string[] {
  const unit = metric.unit ?? undefined;
  const value = `${escapeHtml(formatValue(metric.value, unit))}${metric.target === null ? '' : ` → ${escapeHtml(formatValue(metric.target, unit))}`}`;
  const progress = formatPercent(metric.progress ?? undefined);
  const expected = formatPercent(metric.expected ?? undefined);
  const progressText = progress === undefined ? '' : `${progress}${expected === undefined ? '' : ` (expected ${expected})`}`;
  const svg = trendSvg(report.trends.get(metricKey(outcomeId, metric.id)) ?? [], {
    width: 120,
    height: 28,
    stroke: 'currentColor',
    targetStroke: 'currentColor',
    target: metric.target ?? undefined,
    title: `${metric.name} over time`,
  });
  const status = statusHtml(metric.status) + (metric.error === undefined ? '' : `<div class="reason">${escapeHtml(metric.error)}</div>`);
  return [escapeHtml(metric.name), value, escapeHtml(progressText), status, svg === undefined ? '<span class="muted">no history</span>' : `<span class="trend">${svg}</span>`];
}

export function changeReportHtml(report: ChangeReport, options: ReportHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(options.nonce)) throw new Error('the report nonce must be base64 characters');
  const { document } = report;
  const body: string[] = ['<h1>Outcome report</h1>'];
  for (const line of summaryLines(document)) body.push(`<p>${lineHtml(line)}</p>`);

  for (const outcome of document.outcomes) {
    body.push(`<section class="outcome" id="outcome-${escapeHtml(outcome.id)}">`);
    body.push(`<h2><code>${escapeHtml(outcome.id)}</code> ${escapeHtml(outcome.title)} · ${statusHtml(outcome.status)}</h2>`);
    const notes = [escapeHtml(outcome.statusReason)];
    if (outcome.state !== 'active') notes.push(`the outcome is ${escapeHtml(outcome.state)}`);
    if (outcome.parent !== null) notes.push(`part of <code>${escapeHtml(outcome.parent)}</code>`);
    body.push(`<p class="reason">${notes.join(' · ')}</p>`);
    if (outcome.metrics.length > 0) {
      body.push(table(['Metric', 'Value → target', 'Progress', 'Status', 'Trend'], outcome.metrics.map((m) => metricRow(report, outcome.id, m))));
    }
    body.push(
      table(
        ['File', 'Change', 'Lines', 'Why'],
        outcome.files.map((f) => [`<code>${escapeHtml(f.path)}</code>`, lineHtml(changeLine(f)), escapeHtml(linesText(f)), lineHtml(reasonsLine(f.reasons))]),
        [2],
      ),
    );
    body.push('</section>');
  }

  if (document.unserved.files.length > 0) {
    const { unserved, totals } = document;
    const share = formatPercent(unserved.share ?? undefined);
    body.push('<section class="unserved">', '<h2>Changed files serving no outcome</h2>');
    body.push(
      `<p class="reason">${unserved.files.length} ${unserved.files.length === 1 ? 'file' : 'files'}, ${unserved.linesChanged} of ${totals.linesAdded + totals.linesDeleted} changed lines${share === undefined ? '' : ` (${share})`}</p>`,
    );
    body.push(table(['File', 'Change', 'Lines'], unserved.files.map((f) => [`<code>${escapeHtml(f.path)}</code>`, lineHtml(changeLine(f)), escapeHtml(linesText(f))]), [2]));
    body.push('</section>');
  }

  if (document.commits.length > 0) {
    body.push('<section class="commits">', '<h2>Commits</h2>');
    body.push(
      table(
        ['Commit', 'Subject', 'Outcome trailers', 'Tickets'],
        document.commits.map((c) => [
          `<code>${escapeHtml(c.shortSha)}</code>`,
          escapeHtml(c.subject) + (c.merge ? ' <span class="muted">(merge)</span>' : ''),
          escapeHtml(trailersText(c)),
          lineHtml(ticketSegments(c.tickets, report.ticketUrl)),
        ]),
      ),
    );
    body.push('</section>');
  }

  const { nonce } = options;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    // The nonce is checked to be base64 above, so the policy needs no escaping (and reads as sent).
    `<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy(options.nonce)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    '<title>Outcome Report</title>',
    `<style nonce="${nonce}">${styles}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
