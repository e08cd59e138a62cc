// Read-only documents showing a commit (`git show`), for history reasons and ticket
// sightings: `outcome-lens-commit:/<short sha>.diff?<root, sha, path>`. The `.diff` name gives
// the document diff highlighting. Git runs only when such a document is opened.
import * as vscode from 'vscode';
import { runGit } from '../core/git/gitCommand';
import { trustedGitRunner } from './trustedGit';

export const commitScheme = 'outcome-lens-commit';

/** Large commits are cut here: a document is for reading, not for a generated diff of megabytes. */
const maxChars = 512 * 1024;

export interface CommitRef {
  root: string;
  sha: string;
  /** Limit the diff to this file (relative to `root`). */
  path?: string | undefined;
}

export function commitUri(ref: CommitRef): vscode.Uri {
  return vscode.Uri.from({ scheme: commitScheme, path: `/${ref.sha.slice(0, 7)}.diff`, query: JSON.stringify(ref) });
}

export function isCommitSha(value: string): boolean {
  return /^[0-9a-f]{4,64}$/i.test(value);
}

export class CommitDocumentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = JSON.parse(uri.query) as Partial<CommitRef>;
    if (typeof ref.root !== 'string' || typeof ref.sha !== 'string' || !isCommitSha(ref.sha)) return 'Not a commit.';
    const args = ['show', '--no-color', '--no-ext-diff', '--format=fuller', '--stat', '--patch', ref.sha, '--', ...(typeof ref.path === 'string' ? [ref.path] : [])];
    const output = await runGit(trustedGitRunner, ref.root, args);
    if (output.exitCode !== 0) return `git show ${ref.sha} failed:\n${output.stderr}`;
    return output.stdout.length > maxChars ? `${output.stdout.slice(0, maxChars)}\n… (cut at ${maxChars / 1024} KB)\n` : output.stdout;
  }
}
