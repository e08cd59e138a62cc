// git, for the editor, only in a trusted workspace. A repository's own config can make any git
// command run a program: `core.fsmonitor` runs whenever git reads the index (so `git ls-files`
// does), clean filters whenever it compares a file. In Restricted Mode Outcome Lens therefore
// runs no git at all; every git call is answered as git answers outside a repository, which
// the core already handles: files are listed by a walk that honours .gitignore, and blame,
// history and the branch's outcome are simply absent. Granting trust brings them back.
import * as vscode from 'vscode';
import { nodeGitRunner } from '../core/node/nodeHost';
import type { GitRunner } from '../core/ports';

const restricted = { stdout: '', stderr: 'fatal: not a git repository (Outcome Lens runs no git in Restricted Mode)', exitCode: 128 };

export const trustedGitRunner: GitRunner = (args, options) => (vscode.workspace.isTrusted ? nodeGitRunner(args, options) : Promise.resolve({ ...restricted }));
