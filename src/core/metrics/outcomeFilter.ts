// Which outcomes the Outcomes view shows under a filter (by status and owner) and/or "only
// the outcomes of open editors". A shown outcome keeps its ancestors, so the tree keeps its
// shape; its metrics, files and tickets are shown with it.
import type { OutcomeModel } from '../config/model';
import { statusLabel } from './metricText';
import type { MetricStatus } from './status';

export interface OutcomeFilter {
  /** Empty: any status. */
  statuses: readonly MetricStatus[];
  /** Empty: any owner. As written in the config (`@payments`). */
  owners: readonly string[];
}

export const noFilter: OutcomeFilter = Object.freeze({ statuses: [], owners: [] });

export function isFiltering(filter: OutcomeFilter): boolean {
  return filter.statuses.length > 0 || filter.owners.length > 0;
}

/**
 * The IDs to show, or undefined when everything is shown. `only` (the outcomes of open
 * editors) restricts further: an outcome must match the filter and be in `only`.
 */
export function visibleOutcomeIds(
  model: OutcomeModel,
  statusOf: (outcomeId: string) => MetricStatus,
  filter: OutcomeFilter,
  only?: ReadonlySet<string>,
): Set<string> | undefined {
  if (!isFiltering(filter) && only === undefined) return undefined;
  const visible = new Set<string>();
  for (const outcome of model.outcomes) {
    if (only && !only.has(outcome.id)) continue;
    if (filter.statuses.length > 0 && !filter.statuses.includes(statusOf(outcome.id))) continue;
    if (filter.owners.length > 0 && (outcome.spec.owner === undefined || !filter.owners.includes(outcome.spec.owner))) continue;
    // The outcome and its ancestors; parentId is only set when there is no cycle.
    for (let id: string | undefined = outcome.id; id !== undefined && !visible.has(id); id = model.byId.get(id)?.parentId) visible.add(id);
  }
  return visible;
}

/** Every owner named in the config, sorted. */
export function ownersOf(models: readonly OutcomeModel[]): string[] {
  const owners = new Set<string>();
  for (const model of models) for (const outcome of model.outcomes) if (outcome.spec.owner !== undefined) owners.add(outcome.spec.owner);
  return [...owners].sort((a, b) => a.localeCompare(b));
}

/** What the view's title says while a filter is on: `at risk, off track · @payments · open editors`. */
export function describeFilter(filter: OutcomeFilter, openEditorsOnly: boolean): string | undefined {
  const parts = [filter.statuses.map(statusLabel).join(', '), filter.owners.join(', '), openEditorsOnly ? 'open editors' : ''].filter((p) => p !== '');
  return parts.length === 0 ? undefined : parts.join(' · ');
}
