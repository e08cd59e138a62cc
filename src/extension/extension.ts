// Activation: cheap and narrow. Reads settings, registers commands and views, and starts
// loading the config in the background; activate() returns before any file is read.
import * as vscode from 'vscode';
import { registerCommands } from './commandTable';
import { registerInlineFeatures } from './inline/inlineFeatures';
import type { OutcomeBlameController } from './inline/outcomeBlameController';
import type { OutcomeCodeLensProvider } from './inline/outcomeCodeLensProvider';
import { IndexController } from './indexController';
import { ExtensionLogger } from './log';
import { MetricController } from './metricController';
import { OutcomeConfigController } from './outcomeConfigController';
import { getSetting, settingsChanged } from './settings';
import { QuickInputs } from './tagging/quickInputs';
import { OutcomesTreeProvider } from './views/outcomesTreeProvider';
import { ReportPanel } from './views/reportPanel';

export interface OutcomeLensApi {
  /** Resolves when the first load of every workspace folder's config has finished. */
  readonly ready: Promise<void>;
  /** The live models and views, for the integration tests. */
  readonly configs: OutcomeConfigController;
  readonly metrics: MetricController;
  readonly index: IndexController;
  readonly outcomesTree: OutcomesTreeProvider;
  /** The outcome report panel (`html` is what it shows). */
  readonly reports: ReportPanel;
  /** The tagging commands' open quick input, so tests can drive the real widget. */
  readonly quickInputs: QuickInputs;
  /** Outcome blame; `lastRendered` is the annotation on screen. */
  readonly blame: OutcomeBlameController;
  readonly codeLens: OutcomeCodeLensProvider;
}

export function activate(context: vscode.ExtensionContext): OutcomeLensApi {
  const started = performance.now();
  const logger = new ExtensionLogger(getSetting('logLevel'));
  context.subscriptions.push(logger);
  try {
    const configs = new OutcomeConfigController(logger);
    const metrics = new MetricController(configs, context.secrets, context.globalStorageUri, logger);
    const index = new IndexController(configs, logger);
    const outcomesTree = new OutcomesTreeProvider(configs, metrics);
    const reports = new ReportPanel(metrics);
    const quickInputs = new QuickInputs();
    const inline = registerInlineFeatures(configs, metrics, index, logger);
    context.subscriptions.push(
      quickInputs,
      configs,
      metrics,
      index,
      outcomesTree,
      reports,
      inline,
      vscode.window.createTreeView('outcomeLens.outcomes', { treeDataProvider: outcomesTree, showCollapseAll: true }),
      ...registerCommands({ logger, configs, metrics, index, reports, inputs: quickInputs, reload: () => configs.reload() }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settingsChanged(event, ['logLevel'])) logger.setLevel(getSetting('logLevel'));
      }),
    );
    const ready = configs.reload().then(() => logger.info(`outcome config loaded ${(performance.now() - started).toFixed(1)} ms after activation began`));
    logger.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
    return { ready, configs, metrics, index, outcomesTree, reports, quickInputs, blame: inline.blame, codeLens: inline.codeLens };
  } catch (error) {
    // Report our own failure where the user looks, instead of a silent dead extension.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logger.error(`activation failed: ${message}`);
    void vscode.window.showErrorMessage('Outcome Lens failed to start. See the Outcome Lens output for details.');
    throw error;
  }
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
