// Outcome blame: which outcomes the commit that last changed a line served, by its
// `Outcome:` trailers or the mapped tickets its message mentions. One `git blame -L` and one
// `git log` per call, so callers ask for one line at a time (the line under the cursor).
import type { OutcomeModel } from '../config/model';
import { commitReasons } from '../index/historyReasons';
import { outcomesByTicket } from '../index/reasons';
import type { GitRunner } from '../ports';
import type { BlameMissReason, BlameOptions } from './blame';
import { blameLine } from './blame';

export interface BlamedCommit {
  sha: string;
  shortSha: string;
  author: string;
  /** Author date, milliseconds since the epoch. */
  authorTime: number;
  subject: string;
}

export interface ServedOutcome {
  outcomeId: string;
  /** The commit's `Outcome:` trailer named it, or its message mentions a ticket the config maps to it. */
  via: 'trailer' | 'ticket';
  ticket?: string;
}

export type OutcomeBlame =
  /** `outcomes` is empty when the commit declared none that the config knows. */
  | { kind: 'commit'; commit: BlamedCommit; outcomes: ServedOutcome[] }
  /** No commit to name: the line is uncommitted, the file untracked, the line past the end, or no repository. */
  | { kind: 'none'; reason: BlameMissReason; detail: string };

/**
 * The outcome blame of one 1-based `line` of `relativePath` (relative to `root`). Pass the
 * editor's unsaved text as `options.contents` so that edited lines read as uncommitted and
 * lines moved by edits keep their commit, instead of blaming whatever is on that line on disk.
 */
export async function outcomeBlame(
  root: string,
  relativePath: string,
  line: number,
  model: OutcomeModel,
  git: GitRunner,
  options: BlameOptions = {},
): Promise<OutcomeBlame> {
  const result = await blameLine(root, relativePath, line, git, options);
  if (result.blamed === undefined) return { kind: 'none', reason: result.reason, detail: result.detail };
  const blamed = result.blamed;
  const reasons = commitReasons(
    { sha: blamed.sha, shortSha: blamed.shortSha, authorTime: blamed.authorTime, subject: blamed.summary, message: blamed.message, trailers: blamed.trailers },
    model,
    outcomesByTicket(model),
  );
  return {
    kind: 'commit',
    commit: { sha: blamed.sha, shortSha: blamed.shortSha, author: blamed.author, authorTime: blamed.authorTime, subject: blamed.summary },
    outcomes: reasons.map((r) => ({ outcomeId: r.outcomeId, via: r.via, ...(r.ticket !== undefined ? { ticket: r.ticket } : {}) })),
  };
}
