// Checking a ticket ID the user typed against the config's `tickets.patterns`.

/** Why `input` is not a usable ticket ID, or undefined when it is. */
export function ticketIdProblem(input: string, patterns: readonly RegExp[]): string | undefined {
  const id = input.trim();
  if (id === '') return 'Type a ticket ID, e.g. PAY-12';
  if (/\s/.test(id)) return 'A ticket ID has no spaces';
  if (patterns.length === 0) return undefined;
  const whole = patterns.map((p) => new RegExp(`^(?:${p.source})$`, p.flags.replace(/[gy]/g, '')));
  if (whole.some((p) => p.test(id))) return undefined;
  return `"${id}" does not match tickets.patterns in the config (${patterns.map((p) => p.source).join(', ')}), so it would never be found in branches or commits`;
}
