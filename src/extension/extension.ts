// Activation: cheap and narrow. Reads settings, registers commands and views, and starts
// loading the config in the background; activate() returns before any file is read.
import * as vscode from 'vscode';
import { registerCommands } from './commandTable';
import { registerInlineFeatures } from './inline/inlineFeatures';
import type { OutcomeBlameController } from './inline/outcomeBlameController';
import type { OutcomeCodeLensProvider } from './inline/outcomeCodeLensProvider';
import { CommitDocumentProvider, commitScheme } from './commitDocumentProvider';
import { ExplorerDecorationProvider } from './explorerDecorationProvider';
import { GitStateController } from './gitStateController';
import { IndexController } from './indexController';
import { ExtensionLogger } from './log';
import { MetricController } from './metricController';
import { OutcomeConfigController } from './outcomeConfigController';
import { getSetting, settingsChanged } from './settings';
import { QuickInputs } from './tagging/quickInputs';
import { OutcomesTreeProvider } from './views/outcomesTreeProvider';
import { ReportPanel } from './views/reportPanel';
import { SidebarController } from './sidebarController';
import { StatusBarController } from './statusBarController';
import { ThisFileTreeProvider } from './views/thisFileTreeProvider';
import { TicketCatalogCache } from './views/ticketCatalogCache';
import { TicketsTreeProvider } from './views/ticketsTreeProvider';

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
  readonly thisFileTree: ThisFileTreeProvider;
  readonly ticketsTree: TicketsTreeProvider;
  readonly sidebar: SidebarController;
  readonly git: GitStateController;
  readonly statusBar: StatusBarController;
  readonly decorations: ExplorerDecorationProvider;
  /** How long activate() took, in ms (the bench reads it). */
  readonly activationMs: number;
  /** `performance.now()` when activate() began, and how long after it the first config load finished. */
  readonly timings: { startedAt: number; configLoadedMs?: number };
}

export function activate(context: vscode.ExtensionContext): OutcomeLensApi {
  const started = performance.now();
  const logger = new ExtensionLogger(getSetting('logLevel'));
  context.subscriptions.push(logger);
  try {
    const configs = new OutcomeConfigController(logger, context.globalStorageUri.fsPath);
    const metrics = new MetricController(configs, context.secrets, context.globalStorageUri, logger);
    const index = new IndexController(configs, logger);
    const reports = new ReportPanel(metrics);
    const quickInputs = new QuickInputs();
    const inline = registerInlineFeatures(configs, metrics, index, logger);
    const git = new GitStateController(configs, index, logger);
    const tickets = new TicketCatalogCache(configs, index, git);
    const outcomesTree = new OutcomesTreeProvider(configs, metrics, index, git, tickets);
    const thisFileTree = new ThisFileTreeProvider(configs, metrics, index, git, logger);
    const ticketsTree = new TicketsTreeProvider(configs, metrics, git, tickets);
    const sidebar = new SidebarController(context.workspaceState, configs, index, outcomesTree, thisFileTree, ticketsTree);
    const statusBar = new StatusBarController(configs, metrics, index, git);
    const decorations = new ExplorerDecorationProvider(configs, index);
    context.subscriptions.push(
      quickInputs,
      configs,
      metrics,
      index,
      git,
      tickets,
      outcomesTree,
      thisFileTree,
      ticketsTree,
      sidebar,
      statusBar,
      decorations,
      vscode.window.registerFileDecorationProvider(decorations),
      vscode.workspace.registerTextDocumentContentProvider(commitScheme, new CommitDocumentProvider()),
      reports,
      inline,
      ...registerCommands({ logger, configs, metrics, index, reports, sidebar, inputs: quickInputs, reload: () => configs.reload() }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settingsChanged(event, ['logLevel'])) logger.setLevel(getSetting('logLevel'));
      }),
    );
    const timings: OutcomeLensApi['timings'] = { startedAt: started };
    const ready = configs.reload().then(() => {
      timings.configLoadedMs = performance.now() - started;
      logger.info(`outcome config loaded ${timings.configLoadedMs.toFixed(1)} ms after activation began`);
    });
    const activationMs = performance.now() - started;
    logger.info(`activated in ${activationMs.toFixed(1)} ms`);
    return { ready, configs, metrics, index, outcomesTree, thisFileTree, ticketsTree, sidebar, git, statusBar, decorations, activationMs, timings, reports, quickInputs, blame: inline.blame, codeLens: inline.codeLens };
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
