// Explorer badges: a file that serves an outcome gets `◎` and a tooltip naming the outcomes.
// Answers from the index in memory. When the index changes, only the files whose outcomes
// changed are re-decorated (one pass over the index entries, no file reads). The setting
// `outcomeLens.explorerDecorations` turns it off.
import path from 'node:path';
import * as vscode from 'vscode';
import { outcomeLabel } from '../core/config/model';
import type { OutcomeModel } from '../core/config/model';
import type { FileOutcome } from '../core/index/reasons';
import type { IndexController, IndexedFile } from './indexController';
import type { OutcomeConfigController } from './outcomeConfigController';
import { getSetting, settingsChanged } from './settings';

export const outcomeBadge = '◎';

export class ExplorerDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private enabled = getSetting('explorerDecorations');
  /** What each decorated file showed last: root → path → what it showed. */
  private shown = new Map<string, Map<string, Shown>>();

  constructor(
    configs: OutcomeConfigController,
    private readonly index: IndexController,
  ) {
    this.subscriptions = [
      index.onDidChange((change) => (change.root !== undefined && change.files ? this.refireFiles(change.root, change.files) : this.refire())),
      configs.onDidChange(() => this.refire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!settingsChanged(event, ['explorerDecorations'])) return;
        this.enabled = getSetting('explorerDecorations');
        this.refire();
      }),
    ];
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (!this.enabled) return undefined;
    const tooltip = this.tooltipOf(uri);
    if (tooltip === undefined) return undefined;
    return new vscode.FileDecoration(outcomeBadge, tooltip);
  }

  private tooltipOf(uri: vscode.Uri): string | undefined {
    // Only files the index holds: a folder or an ignored file gets no badge.
    const entry = this.index.entryFor(uri);
    const model = this.index.indexFor(uri)?.model;
    return entry && model && entry.outcomes.length > 0 ? tooltipFor(entry.outcomes, model) : undefined;
  }

  /**
   * Fires for the files whose decoration changed since last time. The index replaces a file's
   * entry (and its outcomes list) when it re-indexes the file, so an unchanged list (same
   * object, same model) is skipped without building its tooltip: a keystroke costs one pass of
   * identity checks over the files, with no object made for a file that serves nothing.
   */
  private refire(): void {
    const next = new Map<string, Map<string, Shown>>();
    const changed: vscode.Uri[] = [];
    if (this.enabled) {
      for (const index of this.index.all()) {
        const { root, model } = index;
        const before = this.shown.get(root);
        const now = new Map<string, Shown>();
        index.forEachFile((file, outcomes) => {
          if (outcomes.length === 0) return;
          const was = before?.get(file);
          const shown = shownFor(was, outcomes, model);
          now.set(file, shown);
          if (was?.tooltip !== shown.tooltip) changed.push(uriOf(root, file));
        });
        next.set(root, now);
      }
    }
    for (const [root, files] of this.shown) {
      const now = next.get(root);
      for (const file of files.keys()) if (!now?.has(file)) changed.push(uriOf(root, file));
    }
    this.shown = next;
    if (changed.length > 0) this.changed.fire(changed);
  }

  /** After a few files were re-indexed: only those are looked at. */
  private refireFiles(root: string, files: readonly IndexedFile[]): void {
    const index = this.index.all().find((i) => i.root === root);
    const shown = this.shown.get(root);
    if (!this.enabled || !index || !shown) return this.refire();
    const changed: vscode.Uri[] = [];
    for (const { path: file, after } of files) {
      if (after.length === 0) {
        if (shown.delete(file)) changed.push(uriOf(root, file));
        continue;
      }
      const was = shown.get(file);
      const now = shownFor(was, after, index.model);
      shown.set(file, now);
      if (was?.tooltip !== now.tooltip) changed.push(uriOf(root, file));
    }
    if (changed.length > 0) this.changed.fire(changed);
  }

  /** The files decorated now, for tests. */
  decoratedCount(): number {
    let count = 0;
    for (const files of this.shown.values()) count += files.size;
    return count;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}

interface Shown {
  outcomes: readonly FileOutcome[];
  model: OutcomeModel;
  tooltip: string;
}

/** What a file serving `outcomes` shows now; the tooltip of `was` again when nothing it came from changed. */
function shownFor(was: Shown | undefined, outcomes: readonly FileOutcome[], model: OutcomeModel): Shown {
  const tooltip = was?.outcomes === outcomes && was.model === model ? was.tooltip : tooltipFor(outcomes, model);
  return { outcomes, model, tooltip };
}

function uriOf(root: string, file: string): vscode.Uri {
  return vscode.Uri.file(path.join(root, file));
}

function tooltipFor(outcomes: readonly FileOutcome[], model: OutcomeModel): string {
  return `Serves ${outcomes.map((o) => outcomeLabel(o.outcomeId, model.byId.get(o.outcomeId)?.spec.title)).join(', ')}`;
}
