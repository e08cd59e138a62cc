// The part of the built-in git extension's API (`vscode.git`, API version 1) that tagging
// uses: repositories, their commit message box, branch and staged changes.
import * as vscode from 'vscode';

export interface GitChange {
  readonly uri: vscode.Uri;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: { value: string };
  readonly state: {
    readonly HEAD: { readonly name?: string } | undefined;
    readonly indexChanges: readonly GitChange[];
  };
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly repositories: readonly GitRepository[];
}

interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** The git API, or why it is not available. */
export async function gitApi(): Promise<GitApi | string> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) return 'the built-in Git extension is not installed';
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports.enabled) return 'Git is disabled (setting git.enabled)';
  return exports.getAPI(1);
}

/** The repository a command was invoked for: the Source Control view passes its `rootUri`. */
export function repositoryFor(api: GitApi, argument: unknown): GitRepository | undefined {
  const rootUri = (argument as { rootUri?: unknown } | undefined)?.rootUri;
  if (rootUri instanceof vscode.Uri) {
    const match = api.repositories.find((r) => r.rootUri.fsPath === rootUri.fsPath);
    if (match) return match;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active) {
    const containing = api.repositories
      .filter((r) => active.fsPath === r.rootUri.fsPath || active.fsPath.startsWith(r.rootUri.fsPath + '/') || active.fsPath.startsWith(r.rootUri.fsPath + '\\'))
      .sort((a, b) => b.rootUri.fsPath.length - a.rootUri.fsPath.length)[0];
    if (containing) return containing;
  }
  return api.repositories[0];
}
