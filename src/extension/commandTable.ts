// Every command Outcome Lens contributes, each linked to its handler. A test checks this
// table against `contributes.commands` in package.json, both ways.
import * as vscode from 'vscode';
import type { IndexController } from './indexController';
import type { ExtensionLogger } from './log';
import type { MetricController } from './metricController';
import type { OutcomeConfigController } from './outcomeConfigController';
import type { SidebarController } from './sidebarController';
import { clearOutcomeFilter } from './commands/clearOutcomeFilter';
import { filterOutcomes } from './commands/filterOutcomes';
import { openConfig } from './commands/openConfig';
import { openOutcomeInConfig } from './commands/openOutcomeInConfig';
import { openTicket } from './commands/openTicket';
import { refreshMetrics } from './commands/refreshMetrics';
import { revealOutcomeFiles } from './commands/revealOutcomeFiles';
import { setSecret } from './commands/setSecret';
import { showAllFilesOutcomes } from './commands/showAllFilesOutcomes';
import { showCommit } from './commands/showCommit';
import { showLog } from './commands/showLog';
import { showOpenEditorsOutcomes } from './commands/showOpenEditorsOutcomes';

export interface CommandContext {
  logger: ExtensionLogger;
  configs: OutcomeConfigController;
  metrics: MetricController;
  index: IndexController;
  sidebar: SidebarController;
  reload(): Promise<void>;
}

type CommandHandler = (context: CommandContext, ...args: unknown[]) => unknown;

export const commandTable = {
  'outcomeLens.openConfig': openConfig,
  'outcomeLens.reload': (context) => context.reload(),
  'outcomeLens.refreshMetrics': refreshMetrics,
  'outcomeLens.setSecret': setSecret,
  'outcomeLens.showLog': showLog,
  'outcomeLens.openOutcomeInConfig': openOutcomeInConfig,
  'outcomeLens.revealOutcomeFiles': revealOutcomeFiles,
  'outcomeLens.filterOutcomes': filterOutcomes,
  'outcomeLens.clearOutcomeFilter': clearOutcomeFilter,
  'outcomeLens.showOpenEditorsOutcomes': showOpenEditorsOutcomes,
  'outcomeLens.showAllFilesOutcomes': showAllFilesOutcomes,
  'outcomeLens.openTicket': openTicket,
  'outcomeLens.showCommit': showCommit,
} satisfies Record<string, CommandHandler>;

export type CommandId = keyof typeof commandTable;

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return Object.entries<CommandHandler>(commandTable).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await handler(context, ...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        context.logger.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(`Outcome Lens: ${message}`);
      }
    }),
  );
}
