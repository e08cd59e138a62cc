// One icon and theme colour per status, shared by every view.
import * as vscode from 'vscode';
import type { MetricStatus } from '../../core/metrics/status';

const icons: Record<MetricStatus, [string, string]> = {
  achieved: ['pass-filled', 'testing.iconPassed'],
  'on-track': ['circle-filled', 'charts.green'],
  'at-risk': ['warning', 'charts.yellow'],
  'off-track': ['error', 'charts.red'],
  'no-data': ['circle-outline', 'disabledForeground'],
  stale: ['history', 'charts.orange'],
  error: ['alert', 'errorForeground'],
};

export function statusIcon(status: MetricStatus): vscode.ThemeIcon {
  const [id, colour] = icons[status];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(colour));
}
