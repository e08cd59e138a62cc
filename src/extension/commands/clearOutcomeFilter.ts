import type { CommandContext } from '../commandTable';

/** Shows every outcome again: no status or owner filter, and not only those of open editors. */
export function clearOutcomeFilter({ sidebar }: CommandContext): void {
  sidebar.clearFilter();
  sidebar.setOpenEditorsOnly(false);
}
