// Timers the test fires by hand, so schedules and backoff are observed without waiting.
import type { TimerHandle, Timers } from '../../../../src/core/metrics/metricEngine';

interface PendingTimer {
  callback: () => void;
  delayMs: number;
  cancelled: boolean;
}

export class ManualTimers implements Timers {
  private readonly timers: PendingTimer[] = [];

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: PendingTimer = { callback, delayMs, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Delays of the timers still pending, oldest first. */
  pendingDelays(): number[] {
    return this.timers.filter((timer) => !timer.cancelled).map((timer) => timer.delayMs);
  }

  /** Fires every pending timer once. */
  fireAll(): void {
    const due = this.timers.splice(0).filter((timer) => !timer.cancelled);
    for (const timer of due) timer.callback();
  }
}
