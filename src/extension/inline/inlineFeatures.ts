// Registers the inline editor features — CodeLens, hovers, completion, definition and
// references, tag problems with quick fixes, outcome blame — over the live models. Every
// provider answers from memory (models, index, metric status); nothing here scans files or
// calls the network when asked.
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import type { IndexController } from '../indexController';
import type { MetricController } from '../metricController';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { OutcomeBlameController } from './outcomeBlameController';
import { OutcomeCodeLensProvider } from './outcomeCodeLensProvider';
import { OutcomeCompletionProvider, completionTriggers } from './outcomeCompletionProvider';
import { OutcomeHoverProvider } from './outcomeHoverProvider';
import { OutcomeLookup } from './outcomeLookup';
import { OutcomeNavigationProvider } from './outcomeNavigationProvider';
import { TagDiagnostics } from './tagDiagnostics';
import { TagQuickFixProvider } from './tagQuickFixProvider';

/** Files on disk, plus where IDs are also written without being files: commit messages and new buffers. */
const anywhere: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { language: 'scminput' }, { language: 'git-commit' }];

export interface InlineFeatures extends vscode.Disposable {
  readonly blame: OutcomeBlameController;
  readonly codeLens: OutcomeCodeLensProvider;
}

export function registerInlineFeatures(configs: OutcomeConfigController, metrics: MetricController, index: IndexController, logger: Logger): InlineFeatures {
  const lookup = new OutcomeLookup(configs, metrics, index);
  const codeLens = new OutcomeCodeLensProvider(lookup);
  const navigation = new OutcomeNavigationProvider(lookup);
  const blame = new OutcomeBlameController(configs, index, logger);
  const disposables = [
    lookup,
    codeLens,
    blame,
    new TagDiagnostics(index, configs),
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, codeLens),
    vscode.languages.registerHoverProvider(anywhere, new OutcomeHoverProvider(lookup)),
    vscode.languages.registerCompletionItemProvider(anywhere, new OutcomeCompletionProvider(lookup), ...completionTriggers),
    vscode.languages.registerDefinitionProvider(anywhere, navigation),
    vscode.languages.registerReferenceProvider(anywhere, navigation),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new TagQuickFixProvider(lookup), TagQuickFixProvider.metadata),
  ];
  return {
    blame,
    codeLens,
    dispose: () => {
      vscode.Disposable.from(...disposables).dispose();
    },
  };
}
