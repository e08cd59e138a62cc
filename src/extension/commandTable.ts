// Every command Outcome Lens contributes, each linked to its handler. A test checks this
// table against `contributes.commands` in package.json, both ways.
import * as vscode from 'vscode';
import type { IndexController } from './indexController';
import type { ExtensionLogger } from './log';
import type { MetricController } from './metricController';
import type { OutcomeConfigController } from './outcomeConfigController';
import type { ReportPanel } from './views/reportPanel';
import type { QuickInputs } from './tagging/quickInputs';
import { addOutcome } from './commands/addOutcome';
import { addTrailer } from './commands/addTrailer';
import { createConfig } from './commands/createConfig';
import { openConfig } from './commands/openConfig';
import { openOutcome } from './commands/openOutcome';
import type { SidebarController } from './sidebarController';
import { clearOutcomeFilter } from './commands/clearOutcomeFilter';
import { filterOutcomes } from './commands/filterOutcomes';
import { openTicket } from './commands/openTicket';
import { refreshMetrics } from './commands/refreshMetrics';
import { revealOutcomeFiles } from './commands/revealOutcomeFiles';
import { setSecret } from './commands/setSecret';
import { showReport } from './commands/showReport';
import { showLog } from './commands/showLog';
import { tagFile } from './commands/tagFile';
import { tagFolder } from './commands/tagFolder';
import { tagSelection } from './commands/tagSelection';
import { tagTicket } from './commands/tagTicket';
import { showAllFilesOutcomes } from './commands/showAllFilesOutcomes';
import { showCommit } from './commands/showCommit';
import { showOpenEditorsOutcomes } from './commands/showOpenEditorsOutcomes';

export interface CommandContext {
  logger: ExtensionLogger;
  configs: OutcomeConfigController;
  metrics: MetricController;
  index: IndexController;
  reports: ReportPanel;
  /** The quick picks and input boxes of the tagging commands. */
  inputs: QuickInputs;
  sidebar: SidebarController;
  reload(): Promise<void>;
}

type CommandHandler = (context: CommandContext, ...args: unknown[]) => unknown;

export const commandTable = {
  'outcomeLens.openConfig': openConfig,
  'outcomeLens.openOutcome': openOutcome,
  'outcomeLens.reload': (context) => context.reload(),
  'outcomeLens.refreshMetrics': refreshMetrics,
  'outcomeLens.setSecret': setSecret,
  'outcomeLens.showLog': showLog,
  'outcomeLens.showReport': showReport,
  'outcomeLens.tagFile': tagFile,
  'outcomeLens.tagFolder': tagFolder,
  'outcomeLens.tagSelection': tagSelection,
  'outcomeLens.tagTicket': tagTicket,
  'outcomeLens.addTrailer': addTrailer,
  'outcomeLens.createConfig': createConfig,
  'outcomeLens.addOutcome': addOutcome,
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
        // What the handler returns (a tagging command's TagResult) reaches executeCommand's caller.
        return await handler(context, ...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        context.logger.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(`Outcome Lens: ${message}`);
        return undefined;
      }
    }),
  );
}
