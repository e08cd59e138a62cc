// Turning what a menu passes to a command (a resource, a multi-selection, a view element)
// into the resources to tag.
import path from 'node:path';
import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';

/**
 * Explorer menus pass the clicked resource and the whole selection; editor menus pass the
 * resource; the palette passes nothing (then `fallback`).
 */
export function targetUris(target: unknown, selection: unknown, fallback: vscode.Uri | undefined): vscode.Uri[] {
  if (Array.isArray(selection)) {
    const uris = selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri);
    if (uris.length > 0) return uris;
  }
  if (target instanceof vscode.Uri) return [target];
  return fallback ? [fallback] : [];
}

/** The outcome of an Outcomes view element (`{ kind: 'outcome', outcome: { id } }`). */
export function outcomeIdOf(target: unknown): string | undefined {
  const node = target as { kind?: unknown; outcome?: { id?: unknown } } | undefined;
  return node?.kind === 'outcome' && typeof node.outcome?.id === 'string' ? node.outcome.id : undefined;
}

/** `/`-separated path of `uri` relative to the config's folder, or undefined when outside it. */
export function relativeTo(model: OutcomeModel, uri: vscode.Uri): string | undefined {
  const relative = path.relative(model.folder, uri.fsPath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

export function baseName(uri: vscode.Uri): string {
  return path.basename(uri.fsPath);
}
