// The history reason: commits that touched a file and declared an outcome, by an `Outcome:`
// trailer or by mentioning a ticket the config maps to an outcome. It costs a `git log` per
// file, so it is only ever computed when someone asks (explain, --history, a hover).
import type { GitCallOptions } from '../git/gitCommand';
import { GitCommandError, isNotARepository, runGit } from '../git/gitCommand';
import { fileHistory, outcomeTrailers, parseCommits } from '../git/history';
import type { CommitInfo, FileHistoryOptions } from '../git/history';
import type { OutcomeModel } from '../config/model';
import type { GitRunner } from '../ports';
import type { OutcomeReason } from './reasons';

type HistoryReason = Extract<OutcomeReason, { kind: 'history' }>;

/** The same fields, in the same order, as git/history.ts asks for, so `parseCommits` reads it. */
const commitFormat = ['%H', '%h', '%at', '%s', '%B', '%(trailers:only,unfold,separator=%x1e,key_value_separator=%x1f)'].join('%x00');

/**
 * Reasons from one commit. Trailers naming outcomes that are not in the config are left out
 * (the config decides what an outcome is); ticket mentions must be whole words, as in tags.
 */
export function commitReasons(commit: CommitInfo, model: OutcomeModel, outcomesByTicket: ReadonlyMap<string, readonly string[]>): HistoryReason[] {
  const base = { kind: 'history' as const, sha: commit.sha, shortSha: commit.shortSha, subject: commit.subject };
  const reasons: HistoryReason[] = [];
  const seen = new Set<string>();
  for (const outcomeId of outcomeTrailers(commit)) {
    if (!model.byId.has(outcomeId) || seen.has(outcomeId)) continue;
    seen.add(outcomeId);
    reasons.push({ ...base, outcomeId, via: 'trailer' });
  }
  for (const ticket of mentionedTickets(commit.message, model.ticketPatterns)) {
    for (const outcomeId of outcomesByTicket.get(ticket) ?? []) {
      if (seen.has(outcomeId)) continue;
      seen.add(outcomeId);
      reasons.push({ ...base, outcomeId, via: 'ticket', ticket });
    }
  }
  return reasons;
}

/** Ticket IDs mentioned in `message` as whole words, each once, in pattern order. */
export function mentionedTickets(message: string, patterns: readonly RegExp[]): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`);
    for (const match of message.matchAll(global)) {
      const id = match[0];
      const start = match.index;
      if (id === '' || isWordChar(message, start - 1) || isWordChar(message, start + id.length)) continue;
      found.add(id);
    }
  }
  return [...found];
}

function isWordChar(text: string, at: number): boolean {
  return at >= 0 && at < text.length && /\w/.test(text.charAt(at));
}

/** Every history reason for `relativePath`, newest commit first. */
export async function historyReasons(
  root: string,
  relativePath: string,
  model: OutcomeModel,
  outcomesByTicket: ReadonlyMap<string, readonly string[]>,
  git: GitRunner,
  options: FileHistoryOptions = {},
): Promise<HistoryReason[]> {
  const commits = await fileHistory(root, relativePath, git, options);
  return commits.flatMap((commit) => commitReasons(commit, model, outcomesByTicket));
}

/**
 * History reasons for a whole workspace in two git calls instead of one per file: every
 * commit's message first, then the files touched by the commits that declare an outcome.
 * Paths are as each commit wrote them (a file renamed since is found under its old name
 * only, unlike `historyReasons`, which follows renames for one file).
 */
export async function workspaceHistoryReasons(
  root: string,
  model: OutcomeModel,
  outcomesByTicket: ReadonlyMap<string, readonly string[]>,
  git: GitRunner,
  options: GitCallOptions = {},
): Promise<Map<string, HistoryReason[]>> {
  const byFile = new Map<string, HistoryReason[]>();
  const logArgs = ['log', '-z', `--format=${commitFormat}`];
  const log = await runGit(git, root, logArgs, options);
  if (log.exitCode !== 0) {
    if (isNotARepository(log) || /does not have any commits/i.test(log.stderr)) return byFile;
    throw new GitCommandError(logArgs, log.exitCode, log.stderr);
  }
  const declaring = new Map<string, HistoryReason[]>();
  for (const commit of parseCommits(log.stdout)) {
    const reasons = commitReasons(commit, model, outcomesByTicket);
    if (reasons.length > 0) declaring.set(commit.sha, reasons);
  }
  if (declaring.size === 0) return byFile;

  const namesArgs = ['-c', 'color.ui=false', '--no-pager', 'log', '--stdin', '--no-walk=unsorted', '-z', '--name-only', '--format=%x01%H'];
  const names = await git(namesArgs, { cwd: root, input: [...declaring.keys()].join('\n') + '\n', ...(options.signal ? { signal: options.signal } : {}) });
  if (names.exitCode !== 0) throw new GitCommandError(namesArgs, names.exitCode, names.stderr);
  // Each commit is "\x01<sha>\0\n<path>\0<path>\0…"; git keeps the order of the input.
  for (const block of names.stdout.split('\x01')) {
    const shaEnd = block.indexOf('\0');
    if (shaEnd < 0) continue;
    const reasons = declaring.get(block.slice(0, shaEnd));
    if (!reasons) continue;
    for (const file of block.slice(shaEnd + 1).replace(/^\n/, '').split('\0')) {
      if (file === '') continue;
      const list = byFile.get(file);
      if (list) list.push(...reasons);
      else byFile.set(file, [...reasons]);
    }
  }
  return byFile;
}
