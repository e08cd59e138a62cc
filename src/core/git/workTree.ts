// Where the git work tree holding a folder begins: what GitHub resolves annotation paths against.
import path from 'node:path';
import type { GitRunner } from '../ports';
import type { GitCallOptions } from './gitCommand';
import { GitCommandError, runGit } from './gitCommand';

/**
 * The top level of the work tree that holds `folder`, spelled the way `folder` is: `folder`
 * with as many trailing segments dropped as git's prefix has. `git rev-parse --show-toplevel`
 * answers the same question with symlinks resolved (macOS's /tmp is /private/tmp), so a path
 * made relative to it from `folder`'s spelling would climb out with `../`. `undefined` outside
 * a work tree: no repository, no git, inside `.git`, or a repository git refuses to read
 * (`safe.directory`).
 */
export async function readWorkTreeTop(folder: string, git: GitRunner, options: GitCallOptions = {}): Promise<string | undefined> {
  const args = ['rev-parse', '--is-inside-work-tree', '--show-prefix'];
  const output = await runGit(git, folder, args, options);
  if (output.exitCode === 128) return undefined;
  if (output.exitCode !== 0) throw new GitCommandError(args, output.exitCode, output.stderr);
  // "true\nservices/payments/\n"; the prefix is printed as is (not quoted), so only the line
  // break git adds is cut.
  const [inside = '', ...rest] = output.stdout.split('\n');
  if (inside !== 'true') return undefined;
  const prefix = rest.join('\n').replace(/\n$/, '');
  const depth = prefix.split('/').filter((segment) => segment !== '').length;
  return path.resolve(folder, ...Array<string>(depth).fill('..'));
}
