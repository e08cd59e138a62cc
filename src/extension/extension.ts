// Activation: cheap and narrow. Reads settings, registers commands and views; everything
// slow (indexing, metrics) starts afterwards in the background.
import * as vscode from 'vscode';
import { registerCommands } from './commandTable';
import { ExtensionLogger } from './log';
import { getSetting, settingsChanged } from './settings';

export interface OutcomeLensApi {
  /** Resolves when the first load of every workspace folder's config has finished. */
  readonly ready: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): OutcomeLensApi {
  const started = performance.now();
  const logger = new ExtensionLogger(getSetting('logLevel'));
  context.subscriptions.push(logger);
  try {
    const reload = (): Promise<void> => Promise.resolve();
    context.subscriptions.push(
      ...registerCommands({ logger, reload }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settingsChanged(event, ['logLevel'])) logger.setLevel(getSetting('logLevel'));
      }),
    );
    logger.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
    return { ready: Promise.resolve() };
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
