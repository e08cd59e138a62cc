// What every inline provider asks first: which model and outcome an ID names from a given
// document, and the current status of a model (computed once per metric or config change,
// not once per CodeLens or hover).
import * as vscode from 'vscode';
import type { OutcomeEntry, OutcomeModel } from '../../core/config/model';
import type { ModelStatus } from '../../core/metrics/modelStatus';
import type { WorkspaceIndex } from '../../core/index/workspaceIndex';
import type { IndexController } from '../indexController';
import type { MetricController } from '../metricController';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { toRange } from '../outcomeConfigController';

export interface FoundOutcome {
  model: OutcomeModel;
  outcome: OutcomeEntry;
}

/** Status depends on the clock too (expected progress): recompute at least this often. */
const statusMaxAgeMs = 60_000;

export class OutcomeLookup implements vscode.Disposable {
  private statuses = new WeakMap<OutcomeModel, { status: ModelStatus; at: number }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly configs: OutcomeConfigController,
    readonly metrics: MetricController,
    readonly index: IndexController,
  ) {
    const forget = (): void => {
      this.statuses = new WeakMap();
    };
    this.subscriptions = [metrics.onDidChange(forget), configs.onDidChange(forget)];
  }

  /** The model of the document's folder. */
  modelFor(uri: vscode.Uri): OutcomeModel | undefined {
    return uri.scheme === 'file' ? this.configs.forUri(uri) : undefined;
  }

  /**
   * The outcome `id` names, seen from `uri`: its folder's model first; a document outside
   * every folder (the commit message box, an untitled buffer) looks in every model.
   */
  find(uri: vscode.Uri, id: string): FoundOutcome | undefined {
    const own = this.modelFor(uri);
    const models = own ? [own] : this.configs.all();
    for (const model of models) {
      const outcome = model.byId.get(id);
      if (outcome) return { model, outcome };
    }
    return undefined;
  }

  /** The model whose config is `file`. */
  modelOfConfig(file: string): OutcomeModel | undefined {
    return this.configs.all().find((m) => m.file === file);
  }

  isConfig(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && this.modelFor(uri)?.file === uri.fsPath;
  }

  status(model: OutcomeModel): ModelStatus {
    const cached = this.statuses.get(model);
    const now = Date.now();
    if (cached && now - cached.at < statusMaxAgeMs) return cached.status;
    const status = this.metrics.statusOf(model);
    this.statuses.set(model, { status, at: now });
    return status;
  }

  indexOf(model: OutcomeModel): WorkspaceIndex | undefined {
    return this.index.all().find((i) => i.root === model.folder);
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

/** Where an outcome is defined: its `id:` value in the config. */
export function definitionOf({ model, outcome }: FoundOutcome): vscode.Location {
  return new vscode.Location(vscode.Uri.file(model.file), toRange(outcome.idRange));
}

/** Documents whose text is a commit message. */
export function isCommitMessage(document: vscode.TextDocument): boolean {
  return document.languageId === 'scminput' || document.languageId === 'git-commit';
}
