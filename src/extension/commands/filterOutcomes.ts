import * as vscode from 'vscode';
import { statusLabel } from '../../core/metrics/metricText';
import { ownersOf } from '../../core/metrics/outcomeFilter';
import type { OutcomeFilter } from '../../core/metrics/outcomeFilter';
import type { MetricStatus } from '../../core/metrics/status';
import type { CommandContext } from '../commandTable';
import { statusIcon } from '../views/statusIcons';

const statuses: readonly MetricStatus[] = ['off-track', 'at-risk', 'error', 'stale', 'no-data', 'on-track', 'achieved'];

type FilterPick = vscode.QuickPickItem & { status?: MetricStatus; owner?: string };

/**
 * Filters the Outcomes view by status and owner: a multi-select pick (within a group, any
 * picked value matches; both groups must match). `{ statuses, owners }` sets it directly.
 */
export async function filterOutcomes({ sidebar, configs }: CommandContext, argument?: unknown): Promise<void> {
  const given = filterArgument(argument);
  if (given) {
    sidebar.setFilter(given);
    return;
  }
  const current = sidebar.filter;
  const items: FilterPick[] = [
    { label: 'Status', kind: vscode.QuickPickItemKind.Separator },
    ...statuses.map((status) => ({ label: statusLabel(status), iconPath: statusIcon(status), status, picked: current.statuses.includes(status) })),
  ];
  const owners = ownersOf(configs.all());
  if (owners.length > 0) {
    items.push({ label: 'Owner', kind: vscode.QuickPickItemKind.Separator });
    items.push(...owners.map((owner) => ({ label: owner, iconPath: new vscode.ThemeIcon('person'), owner, picked: current.owners.includes(owner) })));
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Filter Outcomes', placeHolder: 'Show outcomes with these statuses and owners (none picked: all)', canPickMany: true });
  if (!picked) return;
  sidebar.setFilter({
    statuses: picked.flatMap((p) => (p.status === undefined ? [] : [p.status])),
    owners: picked.flatMap((p) => (p.owner === undefined ? [] : [p.owner])),
  });
}

function filterArgument(argument: unknown): OutcomeFilter | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const { statuses: s, owners: o } = argument as { statuses?: unknown; owners?: unknown };
  if (s === undefined && o === undefined) return undefined;
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return { statuses: list(s).filter((v): v is MetricStatus => (statuses as readonly string[]).includes(v)), owners: list(o) };
}
