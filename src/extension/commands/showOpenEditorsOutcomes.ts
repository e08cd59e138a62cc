import type { CommandContext } from '../commandTable';

/** The Outcomes view shows only the outcomes the files open in editors serve (and their parents). */
export function showOpenEditorsOutcomes({ sidebar }: CommandContext): void {
  sidebar.setOpenEditorsOnly(true);
}
