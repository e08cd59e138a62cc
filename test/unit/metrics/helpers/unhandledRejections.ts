// Fails the test during which a promise rejection went unhandled: the engine promises never to leak one.
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const record = (reason: unknown): void => void seen.push(reason);
  before(() => process.on('unhandledRejection', record));
  after(() => process.off('unhandledRejection', record));
  afterEach(async () => {
    // Rejections are reported after a macrotask turn; give them one.
    await new Promise((resolve) => setImmediate(resolve));
    const reasons = seen.splice(0);
    if (reasons.length > 0) {
      throw new Error(`unhandled rejection(s): ${reasons.map((reason) => (reason instanceof Error ? reason.stack ?? reason.message : String(reason))).join('\n')}`);
    }
  });
}
