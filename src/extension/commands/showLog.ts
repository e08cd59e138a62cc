import type { CommandContext } from '../commandTable';

export function showLog({ logger }: CommandContext): void {
  logger.channel.show(true);
}
