// A minimal typed event emitter in the shape of vscode.Event, so the extension can hand core
// events straight to its views without the core importing `vscode`.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (event: T) => void) => Disposable;

export class Emitter<T> {
  private listeners = new Set<(event: T) => void>();

  /** A listener that throws is reported here and does not stop the others. */
  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  readonly event: Event<T> = (listener) => {
    // Wrapped so the same function can subscribe twice and unsubscribe each independently.
    const entry = (event: T): void => listener(event);
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
