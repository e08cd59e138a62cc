// The extension's logger: a core `Logger` over VS Code's log output channel.
import * as vscode from 'vscode';
import type { Logger, LogLevel } from '../core/ports';

const rank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export class ExtensionLogger implements Logger, vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Outcome Lens', { log: true });

  constructor(private level: LogLevel) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  error(message: string): void {
    this.channel.error(message);
  }

  warn(message: string): void {
    if (rank[this.level] >= rank.warn) this.channel.warn(message);
  }

  info(message: string): void {
    if (rank[this.level] >= rank.info) this.channel.info(message);
  }

  debug(message: string): void {
    if (rank[this.level] >= rank.debug) this.channel.debug(message);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
