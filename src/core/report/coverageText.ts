// The coverage document as text for a terminal and as Markdown for a CI job summary.
import { formatPercent } from '../metrics/metricText';
import type { CoverageJson, CoverageShare } from './coverage';
import { markdownCode, markdownTable, markdownText } from './markdown';
import { plural } from './reportText';

/** Lists of files stop after this many in text and Markdown; `--json` has them all. */
export const listedFilesLimit = 50;

/** `5 of 9 files (56%)`. */
export function shareText(share: CoverageShare, noun: string): string {
  return `${share.serving} of ${share.total} ${noun} (${formatPercent(share.share ?? undefined) ?? '—'})`;
}

function ratio(share: CoverageShare): string {
  return `${share.serving}/${share.total}  ${(formatPercent(share.share ?? undefined) ?? '—').padStart(4)}`;
}

export function coverageHeadline(coverage: CoverageJson): string {
  return `Outcome coverage: ${shareText(coverage.files, 'files')} and ${shareText(coverage.lines, 'lines')} serve at least one outcome.`;
}

export function coverageText(coverage: CoverageJson): string {
  const out: string[] = [coverageHeadline(coverage), ''];
  const rows = coverage.folders.map((f) => [f.folder, ratio(f.files), ratio(f.lines)]);
  const header = ['folder', 'files', 'lines'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('   ')
      .trimEnd();
  out.push(format(header), ...rows.map(format), '');

  const location = (r: { file: string; line: number; column: number }) => `${r.file}:${r.line}:${r.column}`;
  if (coverage.deadRules.length > 0) {
    out.push('Dead path rules (they match no file):');
    for (const r of coverage.deadRules) out.push(`  ${location(r)}  ${r.outcome}  ${r.pattern}`);
    out.push('');
  }
  if (coverage.shadowedRules.length > 0) {
    out.push('Shadowed path rules (every file they match is excluded by a later negation):');
    for (const r of coverage.shadowedRules) {
      out.push(`  ${location(r)}  ${r.outcome}  ${r.pattern}  (shadowed by ${r.shadowedBy.map((n) => `${n.pattern} on line ${n.line}`).join(', ')})`);
    }
    out.push('');
  }
  if (coverage.outcomesWithoutWork.length > 0) {
    out.push('Outcomes with no work (no file serves them or their sub-outcomes):');
    const width = Math.max(...coverage.outcomesWithoutWork.map((o) => o.id.length));
    for (const o of coverage.outcomesWithoutWork) out.push(`  ${o.id.padEnd(width)}  ${o.title}${o.state === 'active' ? '' : ` [${o.state}]`}`);
    out.push('');
  }
  const unserved = coverage.filesWithoutOutcome;
  if (unserved.length > 0) {
    out.push(`Files serving no outcome (${unserved.length}):`);
    for (const path of unserved.slice(0, listedFilesLimit)) out.push(`  ${path}`);
    if (unserved.length > listedFilesLimit) out.push(`  … and ${unserved.length - listedFilesLimit} more (--json lists them all)`);
    out.push('');
  }
  return out.join('\n');
}

export function coverageMarkdown(coverage: CoverageJson): string {
  const percent = (s: CoverageShare) => `${s.serving} of ${s.total} (${formatPercent(s.share ?? undefined) ?? '—'})`;
  const out: string[] = ['## Outcome coverage', ''];
  out.push(`${shareText(coverage.files, 'files')} and ${shareText(coverage.lines, 'lines')} serve at least one outcome.`, '');
  out.push(markdownTable(['Folder', 'Files', 'Lines'], coverage.folders.map((f) => [markdownCode(f.folder, true), percent(f.files), percent(f.lines)])), '');
  const location = (r: { file: string; line: number }) => markdownCode(`${r.file}:${r.line}`, true);
  if (coverage.deadRules.length > 0) {
    out.push('### Dead path rules', '', 'These rules match no file.', '');
    out.push(markdownTable(['Outcome', 'Rule', 'Where'], coverage.deadRules.map((r) => [markdownText(r.outcome), markdownCode(r.pattern, true), location(r)])), '');
  }
  if (coverage.shadowedRules.length > 0) {
    out.push('### Shadowed path rules', '', 'Every file these rules match is excluded again by a later negation of the same outcome.', '');
    out.push(
      markdownTable(
        ['Outcome', 'Rule', 'Where', 'Shadowed by'],
        coverage.shadowedRules.map((r) => [
          markdownText(r.outcome),
          markdownCode(r.pattern, true),
          location(r),
          r.shadowedBy.map((n) => `${markdownCode(n.pattern, true)} (line ${n.line})`).join(', '),
        ]),
      ),
      '',
    );
  }
  if (coverage.outcomesWithoutWork.length > 0) {
    out.push('### Outcomes with no work', '', 'No file serves these outcomes or their sub-outcomes.', '');
    out.push(
      markdownTable(
        ['Outcome', 'Title', 'State'],
        coverage.outcomesWithoutWork.map((o) => [markdownText(o.id), markdownText(o.title), o.state]),
      ),
      '',
    );
  }
  const unserved = coverage.filesWithoutOutcome;
  if (unserved.length > 0) {
    out.push('### Files serving no outcome', '');
    const shown = unserved.slice(0, listedFilesLimit);
    out.push(`${plural(unserved.length, 'file')}${unserved.length > shown.length ? `; the first ${shown.length}:` : ':'}`, '');
    for (const path of shown) out.push(`- ${markdownCode(path, false)}`);
    out.push('');
  }
  return out.join('\n');
}
