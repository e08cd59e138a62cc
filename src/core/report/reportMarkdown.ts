// The change report as Markdown for a pull request or a CI job summary: tables, no emoji.
import { formatPercent, statusLabel } from '../metrics/metricText';
import type { ChangeReport } from './changeReport';
import { markdownCode, markdownLine, markdownTable, markdownText } from './markdown';
import { changeLine, linesText, metricText, reasonsLine, summaryLines, ticketSegments, trailersText } from './reportText';

export function changeReportMarkdown(report: ChangeReport): string {
  const { document } = report;
  const out: string[] = ['## Outcome report', ''];
  for (const line of summaryLines(document)) out.push(markdownLine(line), '');

  if (document.outcomes.length > 0) {
    out.push(
      markdownTable(
        ['Outcome', 'Status', 'Metrics', 'Changed files'],
        document.outcomes.map((o) => [
          `${markdownText(o.id)} ${markdownText(o.title)}`,
          statusLabel(o.status),
          o.metrics.length === 0 ? 'no metrics' : o.metrics.map((m) => markdownText(metricText(m))).join('<br>'),
          String(o.files.length),
        ]),
      ),
      '',
    );
    for (const outcome of document.outcomes) {
      out.push(`### ${markdownText(outcome.id)} ${markdownText(outcome.title)}`, '');
      const state = outcome.state === 'active' ? '' : ` The outcome is ${outcome.state}.`;
      const parent = outcome.parent === null ? '' : ` Part of ${markdownText(outcome.parent)}.`;
      out.push(`Status: ${statusLabel(outcome.status)} — ${markdownText(outcome.statusReason)}.${state}${parent}`, '');
      out.push(
        markdownTable(
          ['File', 'Change', 'Lines', 'Why'],
          outcome.files.map((f) => [markdownCode(f.path, true), markdownLine(changeLine(f), true), linesText(f), markdownLine(reasonsLine(f.reasons), true)]),
        ),
        '',
      );
    }
  }

  if (document.unserved.files.length > 0) {
    const { unserved, totals } = document;
    out.push('### Changed files serving no outcome', '');
    const share = unserved.share === null ? '' : ` (${formatPercent(unserved.share) ?? ''})`;
    out.push(`${unserved.files.length} ${unserved.files.length === 1 ? 'file' : 'files'}, ${unserved.linesChanged} of ${totals.linesAdded + totals.linesDeleted} changed lines${share}.`, '');
    out.push(markdownTable(['File', 'Change', 'Lines'], unserved.files.map((f) => [markdownCode(f.path, true), markdownLine(changeLine(f), true), linesText(f)])), '');
  }

  if (document.commits.length > 0) {
    out.push('### Commits', '');
    out.push(
      markdownTable(
        ['Commit', 'Subject', 'Outcome trailers', 'Tickets'],
        document.commits.map((c) => [
          markdownCode(c.shortSha, true),
          markdownText(c.subject) + (c.merge ? ' (merge)' : ''),
          markdownText(trailersText(c)),
          markdownLine(ticketSegments(c.tickets, report.ticketUrl), true),
        ]),
      ),
      '',
    );
  }
  return out.join('\n');
}
