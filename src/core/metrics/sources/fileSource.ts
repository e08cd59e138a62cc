// `file`: a JSON or CSV file in the workspace, typically a nightly export. JSON gives a value
// (by JSON pointer); CSV gives the last row's value and, with a time column, history.
import path from 'node:path';
import type { MetricSourceKind, SourceSpecOf } from '../metricSource';
import type { HistoryPoint, SourceResult } from '../metricTypes';
import { parseCsv } from '../csvTable';
import { lookUpJsonPointer } from '../jsonPointer';
import { MetricSourceError, toMetricValue } from '../sourceErrors';
import { parseTimestamp } from '../timestamps';

const maxFileBytes = 20 * 1024 * 1024;
const timeColumnNames = ['time', 'timestamp', 'date', 'datetime'];

export const fileSource: MetricSourceKind<'file'> = {
  type: 'file',
  fetch: async (source, job, context) => {
    const filePath = resolveInside(job.folder, source.path, context.trusted);
    const stat = await context.fs.stat(filePath);
    if (!stat?.isFile) throw new MetricSourceError(`file ${source.path} not found`);
    if (stat.size > maxFileBytes) throw new MetricSourceError(`file ${source.path} is larger than ${maxFileBytes / 1024 / 1024} MB`);
    const text = new TextDecoder('utf-8').decode(await context.fs.readFile(filePath));
    const format = source.format ?? formatFromExtension(source.path);
    return format === 'csv' ? readCsv(text, source, stat.mtimeMs) : readJson(text, source, stat.mtimeMs);
  },
};

function resolveInside(folder: string, relativePath: string, trusted: boolean): string {
  const resolved = path.resolve(folder, relativePath);
  const relative = path.relative(folder, resolved);
  // A config from an untrusted repository must not read files elsewhere on this machine.
  if (!trusted && (relative.startsWith('..') || path.isAbsolute(relative))) {
    throw new MetricSourceError(`file ${relativePath} is outside the workspace folder, which requires a trusted workspace`);
  }
  return resolved;
}

function formatFromExtension(filePath: string): 'json' | 'csv' {
  const extension = path.extname(filePath).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.csv') return 'csv';
  throw new MetricSourceError(`cannot tell the format of ${filePath} from its extension; add format: json or format: csv`);
}

function readJson(text: string, source: SourceSpecOf<'file'>, mtimeMs: number): SourceResult {
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    throw new MetricSourceError(`${source.path} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const found = lookUpJsonPointer(document, source.pointer ?? '');
  if (!found.found) throw new MetricSourceError(`${source.path}: ${found.reason}`);
  return { value: toMetricValue(found.value, `${source.path}${source.pointer ? ` at ${source.pointer}` : ''}`), asOf: mtimeMs };
}

function readCsv(text: string, source: SourceSpecOf<'file'>, mtimeMs: number): SourceResult {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (error) {
    throw new MetricSourceError(`${source.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...records] = rows;
  if (!header || records.length === 0) throw new MetricSourceError(`${source.path} has no data rows (the first row names the columns)`);
  const timeIndex = columnIndex(header, source.timeColumn, source.path, timeColumnNames);
  const valueIndex =
    source.column !== undefined ? columnIndex(header, source.column, source.path, []) : lastIndexOtherThan(header.length, timeIndex);
  if (valueIndex === undefined) throw new MetricSourceError(`${source.path} has no value column; set column:`);

  const history: HistoryPoint[] = [];
  let latest: { value: number; time?: number } | undefined;
  for (const [index, record] of records.entries()) {
    const cell = record[valueIndex]?.trim() ?? '';
    if (cell === '') continue;
    const row = index + 2;
    const value = toMetricValue(cell, `${source.path} row ${row}, column "${header[valueIndex] ?? ''}"`);
    const time = timeIndex === undefined ? undefined : parseTimestamp(record[timeIndex] ?? '');
    if (timeIndex !== undefined && time === undefined) {
      throw new MetricSourceError(`${source.path} row ${row}: "${record[timeIndex] ?? ''}" in column "${header[timeIndex] ?? ''}" is not a date or time`);
    }
    if (time !== undefined) history.push({ t: time, v: value });
    // The current value is the newest row: by time when there is a time column, else the last.
    if (!latest || time === undefined || time >= (latest.time ?? -Infinity)) latest = time === undefined ? { value } : { value, time };
  }
  if (!latest) throw new MetricSourceError(`${source.path}: column "${header[valueIndex] ?? ''}" has no values`);
  return timeIndex === undefined ? { value: latest.value, asOf: mtimeMs } : { value: latest.value, asOf: latest.time ?? mtimeMs, history };
}

function columnIndex(header: readonly string[], wanted: string | undefined, filePath: string, fallbacks: readonly string[]): number | undefined {
  if (wanted === undefined) {
    const index = header.findIndex((name) => fallbacks.includes(name.trim().toLowerCase()));
    return index === -1 ? undefined : index;
  }
  const index = header.findIndex((name) => name.trim() === wanted);
  if (index === -1) throw new MetricSourceError(`${filePath} has no column "${wanted}" (columns: ${header.join(', ')})`);
  return index;
}

function lastIndexOtherThan(columnCount: number, excluded: number | undefined): number | undefined {
  for (let index = columnCount - 1; index >= 0; index--) if (index !== excluded) return index;
  return undefined;
}
