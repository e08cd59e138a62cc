import * as vscode from 'vscode';
import type { CommandContext } from '../commandTable';

export async function refreshMetrics({ metrics }: CommandContext): Promise<void> {
  await vscode.window.withProgress({ location: { viewId: 'outcomeLens.outcomes' }, title: 'Refreshing metrics' }, () => metrics.refreshAll());
}
