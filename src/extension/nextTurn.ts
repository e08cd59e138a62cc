// Work a config change starts (spawning git, starting metric sources, indexing) waits for the
// next turn of the event loop: what the change publishes (views, problems, the status bar) and
// the rest of activation come first, and the work runs in the background after them.

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
