/*
 * The change report: the files changed since a revision, grouped by the outcomes they serve
 * (with reasons), each outcome's status and metric values, the commits with their `Outcome:`
 * trailers and tickets, and the changed files that serve no outcome with their share of the
 * changed lines. The CLI (`outcome-lens report`) and the editor (Show Outcome Report) both
 * build it here and only render it.
 *
 * Which outcomes a changed file serves, by the same reasons as `explain --history`:
 * - path rules on its path (for a rename: the new path; the old one is shown alongside);
 * - tags and tickets in its content in the working tree; for a deleted file, in its content
 *   at the base revision (deleting code is work on what that code served);
 * - history: commits reachable from HEAD that touched it (under its current name or, for a
 *   rename, its old one) and declare an outcome by an `Outcome:` trailer or a mapped ticket.
 */
import type { OutcomeModel } from '../config/model';
import { changedFilesSince, commitsInRange, readTextAt, resolveChangeRange } from '../git/changes';
import type { ChangeRange, ChangedFile, FileChangeKind, RangeCommit } from '../git/changes';
import { outcomeTrailers } from '../git/history';
import { scanOneFile } from '../index/contentScanner';
import { defaultMaxFileBytes, scanFileText, skippedScan } from '../index/fileScan';
import type { ContentScan } from '../index/fileScan';
import { commitReasons, mentionedTickets, workspaceHistoryReasons } from '../index/historyReasons';
import { reasonToJson } from '../index/reasonJson';
import type { JsonReason } from '../index/reasonJson';
import { ReasonContext, outcomesByTicket, pathRulesOf } from '../index/reasons';
import type { FileOutcome, OutcomeReason } from '../index/reasons';
import { PathRuleIndex } from '../matching/pathRules';
import type { HistoryPoint } from '../metrics/metricTypes';
import type { ModelStatus } from '../metrics/modelStatus';
import { metricKey } from '../metrics/modelStatus';
import type { MetricStatus } from '../metrics/status';
import { outcomeStatusJson } from '../metrics/statusJson';
import type { StatusMetricJson } from '../metrics/statusJson';
import type { FileSystem, GitRunner } from '../ports';

// ---- The JSON document (`outcome-lens report --format json`). Key order is part of the
// ---- contract: objects are built field by field in the order declared here.

export interface ReportFileJson {
  /** `/`-separated, relative to the root; a deleted file's path before deletion. */
  path: string;
  /** The path before a rename; null otherwise. */
  oldPath: string | null;
  change: FileChangeKind;
  /** null when git cannot count lines (binary). */
  linesAdded: number | null;
  linesDeleted: number | null;
  /** Not committed yet (differs between HEAD and the working tree, or untracked). */
  uncommitted: boolean;
}

export interface ReportServedFileJson extends ReportFileJson {
  /** Why the file serves this outcome; the shape `explain --json` uses. */
  reasons: JsonReason[];
}

export interface ReportMetricJson extends StatusMetricJson {
  /** The metric's display name (`name`, else its id). */
  name: string;
}

export interface ReportOutcomeJson {
  id: string;
  title: string;
  parent: string | null;
  /** The config's `status`: active, achieved, paused or dropped. */
  state: string;
  /** The computed status, as `outcome-lens status` shows it. */
  status: MetricStatus;
  /** Why it has that status, in one line. */
  statusReason: string;
  progress: number | null;
  metrics: ReportMetricJson[];
  files: ReportServedFileJson[];
}

export interface ReportCommitJson {
  sha: string;
  shortSha: string;
  subject: string;
  /** Author date, ISO 8601. */
  date: string;
  /** More than one parent. */
  merge: boolean;
  /** IDs named by `Outcome:` trailers, as written (known or not). */
  outcomeTrailers: string[];
  /** Ticket IDs the message mentions (by `tickets.patterns`), except IDs of outcomes. */
  tickets: string[];
  /** Outcomes in the config the commit declares, by trailer or mapped ticket, in config order. */
  outcomes: string[];
  /** Trailer IDs that name no outcome in the config. */
  unknownOutcomes: string[];
}

export interface ChangeReportJson {
  /** The revision as given. */
  since: string;
  /** Merge base of `since` and HEAD: what the files are compared with. */
  base: string;
  head: string;
  totals: {
    files: number;
    /** Changed files serving at least one outcome. */
    servingFiles: number;
    /** Outcomes served by at least one changed file. */
    outcomes: number;
    linesAdded: number;
    linesDeleted: number;
    commits: number;
  };
  /** In config order; only outcomes a changed file serves. */
  outcomes: ReportOutcomeJson[];
  unserved: {
    files: ReportFileJson[];
    /** Added plus deleted lines of those files. */
    linesChanged: number;
    /** `linesChanged` over all changed lines (0..1); null when no lines changed. */
    share: number | null;
  };
  /** Oldest first. */
  commits: ReportCommitJson[];
}

export interface ChangeReport {
  document: ChangeReportJson;
  /** Metric history by `outcomeId/metricId`, for trend charts (not part of the JSON). */
  trends: ReadonlyMap<string, readonly HistoryPoint[]>;
  /** Ticket link template from the config (`{id}`), when there is one. */
  ticketUrl?: string;
}

// ---- Collecting the change (git and files) ----

export interface ChangedFileWithOutcomes extends ChangedFile {
  outcomes: FileOutcome[];
}

export interface ChangeSet {
  range: ChangeRange;
  /** Sorted by path. */
  files: ChangedFileWithOutcomes[];
  commits: RangeCommit[];
}

export interface ChangeReportPorts {
  fs: FileSystem;
  git: GitRunner;
}

export interface CollectOptions {
  maxFileBytes?: number | undefined;
}

/** Files are read this many at a time. */
const readConcurrency = 16;

/** Throws ChangeRangeError for an unknown revision, no repository or no commits. */
export async function collectChanges(root: string, model: OutcomeModel, since: string, ports: ChangeReportPorts, options: CollectOptions = {}): Promise<ChangeSet> {
  const maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const range = await resolveChangeRange(root, since, ports.git);
  const byTicket = outcomesByTicket(model);
  const [changed, commits, history] = await Promise.all([
    changedFilesSince(root, range.base, ports),
    commitsInRange(root, range, ports.git),
    workspaceHistoryReasons(root, model, byTicket, ports.git),
  ]);
  const context = new ReasonContext(model, new PathRuleIndex(pathRulesOf(model)));
  const scanOf = async (file: ChangedFile): Promise<ContentScan> => {
    if (file.change !== 'deleted') return scanOneFile(ports.fs, root, file.path, model.ticketPatterns, maxFileBytes);
    const text = await readTextAt(root, range.base, file.path, ports.git, maxFileBytes);
    return text === undefined ? skippedScan('unreadable') : scanFileText(file.path, text, model.ticketPatterns);
  };
  const files = await mapLimit(changed, readConcurrency, async (file) => {
    const entry = context.entryFor(file.path, await scanOf(file));
    const fromHistory = [...(history.get(file.path) ?? []), ...(file.oldPath === undefined ? [] : (history.get(file.oldPath) ?? []))];
    const reasons: OutcomeReason[] = [...entry.outcomes.flatMap((o) => o.reasons), ...uniqueHistory(fromHistory)];
    return { ...file, outcomes: context.group(reasons) };
  });
  return { range, files, commits };
}

/** One history reason per outcome and commit (a renamed file may list a commit under both names). */
function uniqueHistory(reasons: readonly OutcomeReason[]): OutcomeReason[] {
  const seen = new Set<string>();
  return reasons.filter((reason) => {
    if (reason.kind !== 'history') return true;
    const key = `${reason.outcomeId}\0${reason.sha}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function mapLimit<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const at = next++;
      results[at] = await map(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---- Assembling the report (pure) ----

export interface AssembleOptions {
  /** The config's path as shown to the user (relative to the root), for path reasons. */
  configFile: string;
}

function fileJson(file: ChangedFile): ReportFileJson {
  return {
    path: file.path,
    oldPath: file.oldPath ?? null,
    change: file.change,
    linesAdded: file.linesAdded,
    linesDeleted: file.linesDeleted,
    uncommitted: file.uncommitted,
  };
}

function changedLines(file: ChangedFile): number {
  return (file.linesAdded ?? 0) + (file.linesDeleted ?? 0);
}

function commitJson(commit: RangeCommit, model: OutcomeModel, byTicket: ReadonlyMap<string, readonly string[]>): ReportCommitJson {
  const trailers = outcomeTrailers(commit);
  const order = new Map(model.outcomes.map((o, i) => [o.id, i]));
  const declared = [...new Set(commitReasons(commit, model, byTicket).map((r) => r.outcomeId))];
  declared.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return {
    sha: commit.sha,
    shortSha: commit.shortSha,
    subject: commit.subject,
    date: new Date(commit.authorTime).toISOString(),
    merge: commit.parents.length > 1,
    outcomeTrailers: trailers,
    // Outcome IDs often fit the ticket patterns too (`KR-2`); they are outcomes, not tickets.
    tickets: mentionedTickets(commit.message, model.ticketPatterns).filter((id) => !model.byId.has(id) && !trailers.includes(id)),
    outcomes: declared,
    unknownOutcomes: trailers.filter((id) => !model.byId.has(id)),
  };
}

/** The report from a collected change and the current metric status. Pure. */
export function assembleChangeReport(changes: ChangeSet, model: OutcomeModel, status: ModelStatus, options: AssembleOptions): ChangeReport {
  const trends = new Map<string, readonly HistoryPoint[]>();
  const outcomes: ReportOutcomeJson[] = [];
  for (const outcome of model.outcomes) {
    const files: ReportServedFileJson[] = [];
    for (const file of changes.files) {
      const served = file.outcomes.find((o) => o.outcomeId === outcome.id);
      if (served) files.push({ ...fileJson(file), reasons: served.reasons.map((r) => reasonToJson(r, options.configFile)) });
    }
    if (files.length === 0) continue;
    const statusJson = outcomeStatusJson(outcome, status);
    const metrics: ReportMetricJson[] = statusJson.metrics.map((metric) => {
      const spec = outcome.metrics.find((m) => m.spec.id === metric.id)?.spec;
      const key = metricKey(outcome.id, metric.id);
      const history = status.metrics.get(key)?.reading.history ?? [];
      if (history.length > 0) trends.set(key, history);
      const { id, ...rest } = metric;
      return { id, name: spec?.name ?? id, ...rest };
    });
    outcomes.push({
      id: outcome.id,
      title: outcome.spec.title,
      parent: outcome.parentId ?? null,
      state: outcome.status,
      status: statusJson.status,
      statusReason: status.outcomes.get(outcome.id)?.reason ?? 'no metrics with a target',
      progress: statusJson.progress,
      metrics,
      files,
    });
  }

  const unservedFiles = changes.files.filter((f) => f.outcomes.length === 0);
  const allLines = changes.files.reduce((sum, f) => sum + changedLines(f), 0);
  const unservedLines = unservedFiles.reduce((sum, f) => sum + changedLines(f), 0);
  const byTicket = outcomesByTicket(model);
  const document: ChangeReportJson = {
    since: changes.range.since,
    base: changes.range.base,
    head: changes.range.head,
    totals: {
      files: changes.files.length,
      servingFiles: changes.files.length - unservedFiles.length,
      outcomes: outcomes.length,
      linesAdded: changes.files.reduce((sum, f) => sum + (f.linesAdded ?? 0), 0),
      linesDeleted: changes.files.reduce((sum, f) => sum + (f.linesDeleted ?? 0), 0),
      commits: changes.commits.length,
    },
    outcomes,
    unserved: {
      files: unservedFiles.map(fileJson),
      linesChanged: unservedLines,
      share: allLines === 0 ? null : unservedLines / allLines,
    },
    commits: changes.commits.map((c) => commitJson(c, model, byTicket)),
  };
  return { document, trends, ...(model.ticketUrl === undefined ? {} : { ticketUrl: model.ticketUrl }) };
}

/** The JSON document as printed by `outcome-lens report --format json`. */
export function changeReportJson(report: ChangeReport): string {
  return JSON.stringify(report.document, null, 2) + '\n';
}

export interface BuildChangeReportInput {
  root: string;
  model: OutcomeModel;
  /** A revision git understands: branch, tag, SHA, `origin/main`, `HEAD~3`. */
  since: string;
  status: ModelStatus;
  ports: ChangeReportPorts;
  /** The config's path as shown (relative to the root). */
  configFile: string;
  maxFileBytes?: number | undefined;
}

/** Collects the change and assembles the report: what the CLI and the editor call. */
export async function buildChangeReport(input: BuildChangeReportInput): Promise<ChangeReport> {
  const changes = await collectChanges(input.root, input.model, input.since, input.ports, { maxFileBytes: input.maxFileBytes });
  return assembleChangeReport(changes, input.model, input.status, { configFile: input.configFile });
}
