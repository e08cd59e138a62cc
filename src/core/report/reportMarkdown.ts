// The change report as Markdown for a pull request or a CI job summary: tables, no emoji.
import { formatPercent, statusLabel } from '../metrics/metricText';
import type { ChangeReport } from './changeReport';
import { markdownCode, markdownLine, markdownTable, markdownText } from './markdown';
import { changeLine, linesText, metricText, reasonsLine, summaryLines, ticketSegments, trailersText } from './reportText';

/**
 * Tables stop after this many rows, so a large change still fits a pull request comment
 * (GitHub takes 65,536 characters); the JSON lists everything.
 */
export const maxTableRows = 100;

/** The first `maxTableRows` rows, and a line saying how many were left out. */
function capped<T>(items: readonly T[], toRow: (item: T) => string[], header: readonly string[], noun: string): string[] {
  const table = markdownTable(header, items.slice(0, maxTableRows).map(toRow));
  if (items.length <= maxTableRows) return [table, ''];
  const more = items.length - maxTableRows;
  return [table, '', `… and ${more} more ${more === 1 ? noun : `${noun}s`} (\`--format json\` lists them all).`, ''];
}

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
        ...capped(
          outcome.files,
          (f) => [markdownCode(f.path, true), markdownLine(changeLine(f), true), linesText(f), markdownLine(reasonsLine(f.reasons), true)],
          ['File', 'Change', 'Lines', 'Why'],
          'file',
        ),
      );
    }
  }

  if (document.unserved.files.length > 0) {
    const { unserved, totals } = document;
    out.push('### Changed files serving no outcome', '');
    const share = unserved.share === null ? '' : ` (${formatPercent(unserved.share) ?? ''})`;
    out.push(`${unserved.files.length} ${unserved.files.length === 1 ? 'file' : 'files'}, ${unserved.linesChanged} of ${totals.linesAdded + totals.linesDeleted} changed lines${share}.`, '');
    out.push(...capped(unserved.files, (f) => [markdownCode(f.path, true), markdownLine(changeLine(f), true), linesText(f)], ['File', 'Change', 'Lines'], 'file'));
  }

  if (document.commits.length > 0) {
    out.push('### Commits', '');
    out.push(
      ...capped(
        document.commits,
        (c) => [
          markdownCode(c.shortSha, true),
          markdownText(c.subject) + (c.merge ? ' (merge)' : ''),
          markdownText(trailersText(c)),
          markdownLine(ticketSegments(c.tickets, report.ticketUrl), true),
        ],
        ['Commit', 'Subject', 'Outcome trailers', 'Tickets'],
        'commit',
      ),
    );
  }
  return out.join('\n');
}
