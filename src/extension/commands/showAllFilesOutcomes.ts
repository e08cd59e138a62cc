import type { CommandContext } from '../commandTable';

/** Turns "only the outcomes of open editors" off again. */
export function showAllFilesOutcomes({ sidebar }: CommandContext): void {
  sidebar.setOpenEditorsOnly(false);
}
