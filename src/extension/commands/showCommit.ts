import * as vscode from 'vscode';
import type { CommandContext } from '../commandTable';
import { commitUri, isCommitSha } from '../commitDocumentProvider';

/** Shows a commit (`{ root, sha, path? }`) read-only in an editor, as `git show` prints it. */
export async function showCommit(_context: CommandContext, argument?: unknown): Promise<void> {
  if (typeof argument !== 'object' || argument === null) return;
  const { root, sha, path } = argument as { root?: unknown; sha?: unknown; path?: unknown };
  if (typeof root !== 'string' || typeof sha !== 'string' || !isCommitSha(sha)) return;
  const document = await vscode.workspace.openTextDocument(commitUri({ root, sha, path: typeof path === 'string' ? path : undefined }));
  await vscode.window.showTextDocument(document, { preview: true });
}
