import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';
import { metricKey } from '../../core/metrics/modelStatus';
import type { CommandContext } from '../commandTable';
import { outcomeTarget } from './outcomeArguments';

/**
 * Refreshes every metric; from an outcome's inline action, that outcome's metrics and its
 * children's; from a metric's, that metric.
 */
export async function refreshMetrics({ metrics, configs }: CommandContext, argument?: unknown): Promise<void> {
  const location = { viewId: 'outcomeLens.outcomes' };
  const metric = metricArgument(argument);
  if (metric) {
    await vscode.window.withProgress({ location, title: 'Refreshing metric' }, () => metrics.refresh(metric.model, [metricKey(metric.outcomeId, metric.metricId)]));
    return;
  }
  const target = outcomeTarget(argument, configs);
  if (target) {
    const keys: string[] = [];
    const visit = (id: string, seen: Set<string>): void => {
      const outcome = target.model.byId.get(id);
      if (!outcome || seen.has(id)) return;
      seen.add(id);
      for (const m of outcome.metrics) keys.push(metricKey(id, m.spec.id));
      for (const child of outcome.childIds) visit(child, seen);
    };
    visit(target.outcome.id, new Set());
    await vscode.window.withProgress({ location, title: `Refreshing ${target.outcome.id}` }, () => metrics.refresh(target.model, keys));
    return;
  }
  await vscode.window.withProgress({ location, title: 'Refreshing metrics' }, () => metrics.refreshAll());
}

function metricArgument(argument: unknown): { model: OutcomeModel; outcomeId: string; metricId: string } | undefined {
  if (typeof argument !== 'object' || argument === null || !('kind' in argument) || argument.kind !== 'metric') return undefined;
  const { model, metric } = argument as { model?: OutcomeModel; metric?: { outcomeId?: unknown; spec?: { id?: unknown } } };
  if (!model || typeof metric?.outcomeId !== 'string' || typeof metric.spec?.id !== 'string') return undefined;
  return { model, outcomeId: metric.outcomeId, metricId: metric.spec.id };
}
