// Owns the three sidebar views (Outcomes, This File, Tickets) and what they react to: the
// active editor (This File), open tabs (the "only the outcomes of open editors" toggle), the
// Outcomes filter (kept per workspace), and what each view's title and message say.
import path from 'node:path';
import * as vscode from 'vscode';
import { describeFilter, isFiltering, noFilter } from '../core/metrics/outcomeFilter';
import type { OutcomeFilter } from '../core/metrics/outcomeFilter';
import type { MetricStatus } from '../core/metrics/status';
import type { IndexController } from './indexController';
import type { OutcomeConfigController } from './outcomeConfigController';
import type { OutcomesNode, OutcomesTreeProvider } from './views/outcomesTreeProvider';
import type { ThisFileNode, ThisFileTreeProvider } from './views/thisFileTreeProvider';
import type { TicketsNode, TicketsTreeProvider } from './views/ticketsTreeProvider';
import { Coalesced } from './coalesced';

const filterKey = 'outcomeLens.outcomeFilter';
const openEditorsOnlyKey = 'outcomeLens.openEditorsOnly';

export class SidebarController implements vscode.Disposable {
  readonly outcomesView: vscode.TreeView<OutcomesNode>;
  readonly thisFileView: vscode.TreeView<ThisFileNode>;
  readonly ticketsView: vscode.TreeView<TicketsNode>;
  private readonly disposables: vscode.Disposable[];
  private openEditorsOnlyValue = false;
  /** Many events arrive together (a config load fires several); one update serves them all. */
  private readonly updates = new Coalesced(() => this.update());

  constructor(
    private readonly state: vscode.Memento,
    private readonly configs: OutcomeConfigController,
    private readonly index: IndexController,
    readonly outcomesTree: OutcomesTreeProvider,
    readonly thisFileTree: ThisFileTreeProvider,
    readonly ticketsTree: TicketsTreeProvider,
  ) {
    this.outcomesView = vscode.window.createTreeView('outcomeLens.outcomes', { treeDataProvider: outcomesTree, showCollapseAll: true });
    this.thisFileView = vscode.window.createTreeView('outcomeLens.thisFile', { treeDataProvider: thisFileTree });
    this.ticketsView = vscode.window.createTreeView('outcomeLens.tickets', { treeDataProvider: ticketsTree, showCollapseAll: true });
    const update = (): void => this.updates.schedule();
    this.disposables = [
      this.outcomesView,
      this.thisFileView,
      this.ticketsView,
      vscode.window.onDidChangeActiveTextEditor(() => this.followActiveEditor()),
      vscode.window.tabGroups.onDidChangeTabs(() => {
        if (this.openEditorsOnlyValue) this.updates.schedule();
      }),
      index.onDidChange(update),
      configs.onDidChange(update),
      outcomesTree.onDidChangeTreeData(update),
      this.thisFileView.onDidChangeVisibility(update),
    ];
    // Memento reads are in memory: restoring the filter costs nothing at activation.
    const saved = state.get<OutcomeFilter>(filterKey);
    if (saved && Array.isArray(saved.statuses) && Array.isArray(saved.owners)) outcomesTree.setFilter({ statuses: saved.statuses, owners: saved.owners });
    this.openEditorsOnlyValue = state.get<boolean>(openEditorsOnlyKey) === true;
    this.followActiveEditor();
    this.updates.schedule();
  }

  get filter(): OutcomeFilter {
    return this.outcomesTree.filter;
  }

  get openEditorsOnly(): boolean {
    return this.openEditorsOnlyValue;
  }

  setFilter(filter: OutcomeFilter): void {
    const clean: OutcomeFilter = { statuses: [...new Set<MetricStatus>(filter.statuses)], owners: [...new Set(filter.owners)] };
    this.outcomesTree.setFilter(clean);
    void this.state.update(filterKey, isFiltering(clean) ? clean : undefined);
    this.updates.schedule();
  }

  clearFilter(): void {
    this.setFilter(noFilter);
  }

  setOpenEditorsOnly(on: boolean): void {
    this.openEditorsOnlyValue = on;
    void this.state.update(openEditorsOnlyKey, on || undefined);
    this.updates.schedule();
  }

  private followActiveEditor(): void {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.scheme === 'file') this.thisFileTree.setFile(editor.document.uri);
    // Focus in the Output panel or a webview keeps the last file; closing every editor clears it.
    else if (vscode.window.visibleTextEditors.length === 0) this.thisFileTree.setFile(undefined);
    this.updates.schedule();
  }

  /** Recomputes the open editors' outcomes (when the toggle is on) and the views' titles and messages. */
  update(): void {
    if (this.openEditorsOnlyValue) {
      const next = this.openEditorOutcomes();
      if (!sameOutcomes(next, this.lastOpenEditorOutcomes)) {
        this.lastOpenEditorOutcomes = next;
        this.outcomesTree.setOpenEditorOutcomes(next);
      }
    } else if (this.lastOpenEditorOutcomes) {
      this.lastOpenEditorOutcomes = undefined;
      this.outcomesTree.setOpenEditorOutcomes(undefined);
    }
    const filtered = isFiltering(this.filter);
    // An empty string clears them (the typings take no undefined).
    this.outcomesView.description = describeFilter(this.filter, this.openEditorsOnlyValue) ?? '';
    void vscode.commands.executeCommand('setContext', 'outcomeLens.outcomesFiltered', filtered || this.openEditorsOnlyValue);
    void vscode.commands.executeCommand('setContext', 'outcomeLens.openEditorsOnly', this.openEditorsOnlyValue);
    this.updateThisFile();
  }

  private lastOpenEditorOutcomes: ReadonlyMap<string, ReadonlySet<string>> | undefined;

  /** Outcome IDs served by the files open in tabs, per config file. */
  private openEditorOutcomes(): Map<string, Set<string>> {
    const byConfig = new Map<string, Set<string>>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        const input = tab.input;
        const uri = input instanceof vscode.TabInputText ? input.uri : input instanceof vscode.TabInputTextDiff ? input.modified : undefined;
        if (uri?.scheme !== 'file') continue;
        const model = this.configs.forUri(uri);
        if (!model) continue;
        const ids = byConfig.get(model.file) ?? new Set<string>();
        for (const outcome of this.index.outcomesOf(uri)) ids.add(outcome.outcomeId);
        byConfig.set(model.file, ids);
      }
    }
    return byConfig;
  }

  private updateThisFile(): void {
    const { file, model, indexed, fileOutcomeCount, branchOutcomeCount } = this.thisFileTree.state;
    const relative = file && this.index.relativePath(file);
    this.thisFileView.description = file ? (relative ?? path.basename(file.fsPath)) : '';
    let message = '';
    if (this.configs.all().length === 0) message = '';
    else if (!file) message = 'Open a file to see which outcomes it serves.';
    else if (!model) message = `${path.basename(file.fsPath)} is outside the folders that have an outcome config.`;
    else if (!indexed) message = 'Indexing the workspace…';
    else if (fileOutcomeCount === 0) {
      message = `${path.basename(file.fsPath)} serves no outcome by path, tag or ticket${branchOutcomeCount > 0 ? '; the branch’s outcome is shown' : ''}.`;
    }
    this.thisFileView.message = message;
  }

  dispose(): void {
    this.updates.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function sameOutcomes(a: ReadonlyMap<string, ReadonlySet<string>>, b: ReadonlyMap<string, ReadonlySet<string>> | undefined): boolean {
  if (!b || a.size !== b.size) return false;
  for (const [key, ids] of a) {
    const other = b.get(key);
    if (!other || other.size !== ids.size || [...ids].some((id) => !other.has(id))) return false;
  }
  return true;
}
