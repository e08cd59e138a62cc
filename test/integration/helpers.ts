// Shared helpers for tests running inside the real VS Code extension host.
import * as vscode from 'vscode';
import type { FileOutcome } from '../../src/core/index/reasons';
import type { OutcomeLensApi } from '../../src/extension/extension';

export const extensionId = 'outcome-lens.outcome-lens';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need the demo workspace open');
  return folder.uri;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The running extension's API, once it has activated on its own. */
export async function activeExtension(): Promise<OutcomeLensApi> {
  const extension = vscode.extensions.getExtension<OutcomeLensApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed in this VS Code`);
  await waitFor('the extension to activate', () => extension.isActive);
  await extension.exports.ready;
  return extension.exports;
}

/** A file's outcomes as `KR-1: path, tag, ticket`, one line per outcome. */
export function reasonSummary(outcomes: readonly FileOutcome[]): string[] {
  return outcomes.map((o) => `${o.outcomeId}: ${o.reasons.map((r) => r.kind).join(', ')}`);
}

/** Between tests: the active editor's unsaved edits are dropped, then every editor is closed. */
export async function discardEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
