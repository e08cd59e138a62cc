// Many events often arrive together (a config load fires several): one run serves them all.

/** Runs `task` once, `delayMs` after the first of any number of `schedule()` calls. */
export class Coalesced {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly task: () => void,
    private readonly delayMs = 0,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.task();
    }, this.delayMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
