// Explorer badges: a file that serves an outcome gets `◎` and a tooltip naming the outcomes.
// Answers from the index in memory. When the index changes, only the files whose outcomes
// changed are re-decorated (one pass over the index entries, no file reads). The setting
// `outcomeLens.explorerDecorations` turns it off.
import path from 'node:path';
import * as vscode from 'vscode';
import { outcomeLabel } from '../core/config/model';
import type { OutcomeModel } from '../core/config/model';
import type { FileEntry } from '../core/index/reasons';
import type { IndexController } from './indexController';
import type { OutcomeConfigController } from './outcomeConfigController';
import { getSetting, settingsChanged } from './settings';

export const outcomeBadge = '◎';

export class ExplorerDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private enabled = getSetting('explorerDecorations');
  /** What each decorated file showed last, by root and path. */
  private shown = new Map<string, Shown>();

  constructor(
    configs: OutcomeConfigController,
    private readonly index: IndexController,
  ) {
    this.subscriptions = [
      index.onDidChange(() => this.refire()),
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
    return entry && model ? tooltipFor(entry, model) : undefined;
  }

  /**
   * Fires for the files whose decoration changed since last time. The index replaces a
   * file's entry object when it re-indexes the file, so an unchanged entry (same object, same
   * model) is skipped without building its tooltip: a keystroke costs one pass of identity
   * checks, not a tooltip per decorated file.
   */
  private refire(): void {
    const next = new Map<string, Shown>();
    const changed: vscode.Uri[] = [];
    if (this.enabled) {
      for (const index of this.index.all()) {
        for (const file of index.files()) {
          const entry = index.entry(file);
          if (!entry || entry.outcomes.length === 0) continue;
          const key = `${index.root}\0${file}`;
          const before = this.shown.get(key);
          const tooltip = before?.entry === entry && before.model === index.model ? before.tooltip : tooltipFor(entry, index.model);
          if (tooltip === undefined) continue;
          next.set(key, { entry, model: index.model, tooltip, root: index.root, file });
          if (before?.tooltip !== tooltip) changed.push(uriOf(index.root, file));
        }
      }
    }
    for (const [key, before] of this.shown) if (!next.has(key)) changed.push(uriOf(before.root, before.file));
    this.shown = next;
    if (changed.length > 0) this.changed.fire(changed);
  }

  /** The files decorated now, for tests. */
  decoratedCount(): number {
    return this.shown.size;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}

interface Shown {
  entry: FileEntry;
  model: OutcomeModel;
  tooltip: string;
  root: string;
  file: string;
}

function uriOf(root: string, file: string): vscode.Uri {
  return vscode.Uri.file(path.join(root, file));
}

function tooltipFor(entry: FileEntry, model: OutcomeModel): string | undefined {
  if (entry.outcomes.length === 0) return undefined;
  return `Serves ${entry.outcomes.map((o) => outcomeLabel(o.outcomeId, model.byId.get(o.outcomeId)?.spec.title)).join(', ')}`;
}
