// Problems with `@outcome` tags across the workspace, from the index (no file is read):
// unknown IDs (error, as `outcome-lens check` says in CI), dropped outcomes (warning, struck
// through), achieved ones (information). Re-published when the index or the config changes.
import * as vscode from 'vscode';
import type { Problem } from '../../core/config/model';
import { tagProblems } from '../../core/index/tagProblems';
import type { IndexController } from '../indexController';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { toRange } from '../outcomeConfigController';

/** Index changes arrive per typing pause and per disk burst; one publish per burst is enough. */
const publishDelayMs = 150;

const severities: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class TagDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('outcome-lens-tags');
  private readonly subscriptions: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;
  /** What was published last, per file: a file whose problems are unchanged is not sent again. */
  private published = new Map<string, string>();

  constructor(
    private readonly index: IndexController,
    configs: OutcomeConfigController,
  ) {
    const schedule = (): void => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.publish(), publishDelayMs);
    };
    this.subscriptions = [this.collection, index.onDidChange(schedule), configs.onDidChange(schedule)];
    schedule();
  }

  private publish(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const index of this.index.all()) {
      // The index's own model: its entries were derived from it, so IDs and statuses agree.
      for (const problem of tagProblems(index, index.model, { achieved: true })) {
        const list = byFile.get(problem.file) ?? [];
        list.push(toDiagnostic(problem));
        byFile.set(problem.file, list);
      }
    }
    // Only the files whose problems changed: after a keystroke, usually none.
    const published = new Map<string, string>();
    for (const [file, list] of byFile) {
      const key = list.map((d) => `${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${typeof d.code === 'object' ? d.code.value : (d.code ?? '')} ${d.message}`).join('\n');
      published.set(file, key);
      if (this.published.get(file) !== key) this.collection.set(vscode.Uri.file(file), list);
    }
    for (const file of this.published.keys()) if (!published.has(file)) this.collection.delete(vscode.Uri.file(file));
    this.published = published;
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(problem.range), problem.message, severities[problem.severity]);
  diagnostic.source = 'Outcome Lens';
  diagnostic.code = problem.code;
  if (problem.code === 'dropped-outcome') diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
  return diagnostic;
}
