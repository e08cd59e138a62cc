// CodeLens on each `@outcome` tag and on line 1 of a file that serves outcomes. Lenses come
// back at once, at positions that do not depend on metrics (tags in the buffer, the index's
// answer for the file); their titles are filled in resolveCodeLens from the current status,
// and a status change re-resolves them in place, so lines never shift while metrics load.
import * as vscode from 'vscode';
import { outcomeLensTitle } from '../../core/metrics/outcomeText';
import { scanText } from '../../core/tags/tagScanner';
import { getSetting, settingsChanged } from '../settings';
import type { OutcomeLookup } from './outcomeLookup';
import { configName } from '../../core/config/configFile';

export class OutcomeCodeLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly outcomeId: string,
    readonly configFile: string,
  ) {
    super(range);
  }
}

export class OutcomeCodeLensProvider implements vscode.CodeLensProvider<OutcomeCodeLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly lookup: OutcomeLookup) {
    const refresh = (): void => this.changed.fire();
    this.subscriptions = [
      this.changed,
      lookup.configs.onDidChange(refresh),
      lookup.metrics.onDidChange(refresh),
      lookup.index.onDidChange(refresh),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settingsChanged(event, ['codeLens'])) refresh();
      }),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): OutcomeCodeLens[] {
    if (!getSetting('codeLens', document.uri)) return [];
    const model = this.lookup.modelFor(document.uri);
    if (!model || this.lookup.isConfig(document.uri)) return [];
    const lenses: OutcomeCodeLens[] = [];
    const onFirstLine = new Set<string>();
    const lens = (line: number, start: number, end: number, id: string): void => {
      lenses.push(new OutcomeCodeLens(new vscode.Range(line, start, line, end), id, model.file));
      if (line === 0) onFirstLine.add(id);
    };

    // Tags from the buffer itself, so lenses sit on the right lines while you type. Files
    // too large for the index are left to their path rules, as the index does.
    const text = document.getText();
    const tagged = new Set<string>();
    if (text.length <= getSetting('maxFileSizeKB') * 1024 && text.includes('@outcome')) {
      const { tags } = scanText(text, { languageId: document.languageId, fileName: document.fileName, ticketPatterns: [] });
      for (const tag of tags) {
        if (!model.byId.has(tag.id)) continue;
        lens(tag.line - 1, tag.column - 1, tag.endColumn - 1, tag.id);
        tagged.add(tag.id);
      }
    }
    // Line 1: every outcome the file serves (paths, tags, tickets) not already shown there. The
    // index hears of a buffer change 300 ms after typing stops: an outcome it has only from a tag
    // the buffer no longer holds (just deleted, or undone) is not shown.
    const served = this.lookup.index
      .outcomesOf(document.uri)
      .filter((o) => !onFirstLine.has(o.outcomeId) && (tagged.has(o.outcomeId) || o.reasons.some((r) => r.kind !== 'tag')));
    lenses.unshift(...served.map((o) => new OutcomeCodeLens(new vscode.Range(0, 0, 0, 0), o.outcomeId, model.file)));
    return lenses;
  }

  resolveCodeLens(lens: OutcomeCodeLens): OutcomeCodeLens {
    const model = this.lookup.modelOfConfig(lens.configFile);
    const outcome = model?.byId.get(lens.outcomeId);
    if (!model || !outcome) {
      // The config changed under the lens; the refresh that follows removes it.
      lens.command = { title: `${lens.outcomeId} · not in the outcome config`, command: 'outcomeLens.openConfig' };
      return lens;
    }
    lens.command = {
      // CodeLens titles render `$(name)` as an icon: text from the config must stay text.
      title: outcomeLensTitle(outcome, this.lookup.status(model)).replace(/\$\(/g, '\\$('),
      tooltip: `Open ${outcome.id} in ${configName(model)}`,
      command: 'outcomeLens.openOutcome',
      arguments: [outcome.id, model.file],
    };
    return lens;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
