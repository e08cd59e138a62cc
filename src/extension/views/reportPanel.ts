// The outcome report in a webview panel. The page comes whole from the core renderer (the same
// report the CLI prints); this class only owns the panel, re-renders it when metric values
// change, and keeps the last HTML it set so the integration tests can read what is shown.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';
import { assembleChangeReport } from '../../core/report/changeReport';
import type { ChangeSet } from '../../core/report/changeReport';
import { changeReportHtml } from '../../core/report/reportHtml';
import type { MetricController } from '../metricController';

interface Shown {
  changes: ChangeSet;
  model: OutcomeModel;
  configFile: string;
}

export class ReportPanel implements vscode.Disposable {
  static readonly viewType = 'outcomeLens.report';
  private panel: vscode.WebviewPanel | undefined;
  private shown: Shown | undefined;
  private lastHtml: string | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly metrics: MetricController) {
    this.subscriptions = [metrics.onDidChange(() => this.render())];
  }

  /** The HTML the panel shows now; undefined when no panel is open. */
  get html(): string | undefined {
    return this.panel ? this.lastHtml : undefined;
  }

  show(changes: ChangeSet, model: OutcomeModel, configFile: string): void {
    this.shown = { changes, model, configFile };
    if (!this.panel) {
      // No scripts and no local resources: the page is static HTML with inline SVG.
      this.panel = vscode.window.createWebviewPanel(ReportPanel.viewType, 'Outcome Report', vscode.ViewColumn.Active, {
        enableScripts: false,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.shown = undefined;
        this.lastHtml = undefined;
      });
    }
    this.panel.title = `Outcome Report: since ${changes.range.since}`;
    this.render();
    this.panel.reveal(undefined, false);
  }

  private render(): void {
    if (!this.panel || !this.shown) return;
    const { changes, model, configFile } = this.shown;
    const report = assembleChangeReport(changes, model, this.metrics.statusOf(model), { configFile });
    this.lastHtml = changeReportHtml(report, { nonce: randomBytes(18).toString('base64') });
    this.panel.webview.html = this.lastHtml;
  }

  dispose(): void {
    this.panel?.dispose();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
