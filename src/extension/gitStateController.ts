// The git facts the sidebar and the status bar show: each folder's checked-out branch (whose
// ticket names the branch's outcome) and, once a view asks for them, its recent commits.
// Read in the background after the config loads and again when HEAD moves (checkout, commit,
// pull, reset); never during activation, never while a provider waits.
import * as vscode from 'vscode';
import type { OutcomeModel } from '../core/config/model';
import { readBranch, readHeadCommit } from '../core/git/branch';
import { recentCommits } from '../core/git/history';
import type { CommitInfo } from '../core/git/history';
import { outcomesForTickets, ticketsInName } from '../core/index/branchOutcomes';
import type { Logger } from '../core/ports';
import type { IndexController } from './indexController';
import type { OutcomeConfigController } from './outcomeConfigController';
import { nextTurn } from './nextTurn';
import { trustedGitRunner } from './trustedGit';

/** Commits whose messages the Tickets view reads; enough for recent work, cheap to parse. */
export const recentCommitCount = 100;
/** A checkout or commit writes several files under .git; they are read once, together. */
const headDelayMs = 300;

/** Shared by every caller until the branch or the model changes: not to be changed. */
export interface BranchState {
  readonly name: string;
  /** Ticket IDs in the branch name, in order. */
  readonly tickets: readonly string[];
  /** Outcomes listing one of them, in config order. */
  readonly outcomeIds: readonly string[];
}

interface FolderGit {
  root: string;
  /** `null` until read; `undefined`: detached HEAD or not a repository. */
  branch: string | undefined | null;
  /** `null` until read; `undefined`: no commit yet, or not a repository. */
  head: string | undefined | null;
  /** Undefined until read (only read once `requestCommits` was called). */
  commits: readonly CommitInfo[] | undefined;
  readingCommits: boolean;
  generation: number;
  disposables: vscode.Disposable[];
  timer?: NodeJS.Timeout;
}

export class GitStateController implements vscode.Disposable {
  private readonly folders = new Map<string, FolderGit>();
  private readonly branches = new WeakMap<OutcomeModel, BranchState>();
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private commitsWanted = false;
  private disposed = false;

  /** Fires with a folder root when its branch, commits or HEAD changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly index: IndexController,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      configs.onDidChange(() => this.sync()),
      // Git run outside VS Code (a terminal, another tool) may not reach the watcher in time.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) for (const folder of this.folders.values()) this.schedule(folder);
      }),
      // Restricted Mode read no git (see trustedGit.ts).
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const folder of this.folders.values()) this.schedule(folder);
      }),
    );
  }

  /** The folder's branch and the outcomes its tickets serve; undefined until read, or without a branch. */
  branchOf(model: OutcomeModel): BranchState | undefined {
    const name = this.folders.get(model.folder)?.branch;
    if (name === null || name === undefined) return undefined;
    // Asked once per ticket row the views draw: worked out once per model and branch.
    const known = this.branches.get(model);
    if (known?.name === name) return known;
    const tickets = ticketsInName(name, model.ticketPatterns);
    const state: BranchState = { name, tickets, outcomeIds: outcomesForTickets(model, tickets) };
    this.branches.set(model, state);
    return state;
  }

  /** Recent commits, newest first; undefined until read (call `requestCommits` first). */
  commitsOf(model: OutcomeModel): readonly CommitInfo[] | undefined {
    return this.folders.get(model.folder)?.commits;
  }

  /** Whether some folder's commits are still being read. */
  readingCommits(): boolean {
    // Restricted Mode reads none (see trustedGit.ts): nothing to wait for. Saying so at once
    // matters: the read would settle before the view had its answer, and the view would miss
    // the change that ends "Reading recent commits…".
    if (!vscode.workspace.isTrusted) return false;
    return [...this.folders.values()].some((f) => f.readingCommits || (this.commitsWanted && f.commits === undefined));
  }

  /** From now on, recent commits are read too (in the background); the Tickets view calls this when it first shows. */
  requestCommits(): void {
    if (this.commitsWanted) return;
    this.commitsWanted = true;
    for (const folder of this.folders.values()) void this.read(folder);
  }

  private sync(): void {
    if (this.disposed) return;
    const roots = new Set(this.configs.all().map((m) => m.folder));
    for (const [root, folder] of this.folders) {
      if (roots.has(root)) continue;
      this.stop(folder);
      this.folders.delete(root);
    }
    for (const root of roots) {
      if (this.folders.has(root)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '.git/{HEAD,logs/HEAD}'));
      const folder: FolderGit = { root, branch: null, head: null, commits: undefined, readingCommits: false, generation: 0, disposables: [watcher] };
      const onHead = (): void => this.schedule(folder);
      folder.disposables.push(watcher.onDidChange(onHead), watcher.onDidCreate(onHead), watcher.onDidDelete(onHead));
      this.folders.set(root, folder);
      // Reading spawns git: not while the config change that started it is published.
      void nextTurn().then(() => (this.folders.get(root) === folder ? this.read(folder) : undefined));
    }
  }

  private schedule(folder: FolderGit): void {
    clearTimeout(folder.timer);
    folder.timer = setTimeout(() => void this.read(folder), headDelayMs);
  }

  /** Reads branch and HEAD; when HEAD moved (or commits were never read but are wanted), the commits too. */
  private async read(folder: FolderGit): Promise<void> {
    const generation = ++folder.generation;
    try {
      const [branch, head] = await Promise.all([readBranch(folder.root, trustedGitRunner), readHeadCommit(folder.root, trustedGitRunner)]);
      if (!this.current(folder, generation)) return;
      const headMoved = folder.head !== null && head !== folder.head;
      const changed = branch !== folder.branch || head !== folder.head;
      folder.branch = branch;
      folder.head = head;
      // History reasons depend on HEAD: they are read again when next asked for.
      if (headMoved) this.index.indexFor(vscode.Uri.file(folder.root))?.clearHistory();
      if (changed) this.changed.fire(folder.root);
      // `readingCommits` still set: an earlier read was cut short by this one.
      if (this.commitsWanted && (headMoved || folder.commits === undefined || folder.readingCommits)) await this.readCommits(folder, generation);
    } catch (error) {
      if (!this.current(folder, generation)) return;
      if (folder.branch === null) folder.branch = undefined;
      if (folder.head === null) folder.head = undefined;
      this.logger.warn(`reading the git state of ${folder.root} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.changed.fire(folder.root);
    }
  }

  private async readCommits(folder: FolderGit, generation: number): Promise<void> {
    folder.readingCommits = true;
    try {
      const commits = await recentCommits(folder.root, trustedGitRunner, { maxCount: recentCommitCount });
      if (!this.current(folder, generation)) return;
      folder.commits = commits;
    } catch (error) {
      if (!this.current(folder, generation)) return;
      folder.commits ??= [];
      this.logger.warn(`reading recent commits of ${folder.root} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (this.current(folder, generation)) {
        folder.readingCommits = false;
        this.changed.fire(folder.root);
      }
    }
  }

  private current(folder: FolderGit, generation: number): boolean {
    return !this.disposed && generation === folder.generation && this.folders.get(folder.root) === folder;
  }

  private stop(folder: FolderGit): void {
    clearTimeout(folder.timer);
    folder.generation++;
    vscode.Disposable.from(...folder.disposables).dispose();
  }

  dispose(): void {
    this.disposed = true;
    for (const folder of this.folders.values()) this.stop(folder);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

