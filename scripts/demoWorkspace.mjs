// Copies the demo workspace somewhere writable and makes it a git repository with a little
// history, so tests and the demo can change it freely without touching the checkout.
import { cpSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './vscodeServer.mjs';

/** Runs git in a demo copy, as the demo's author and without the user's global config. */
export function demoGit(target, ...args) {
  execFileSync('git', args, {
    cwd: target,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Demo',
      GIT_AUTHOR_EMAIL: 'demo@example.invalid',
      GIT_COMMITTER_NAME: 'Demo',
      GIT_COMMITTER_EMAIL: 'demo@example.invalid',
    },
  });
}

export function prepareDemoWorkspace(target) {
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(projectRoot, 'demo'), target, { recursive: true });
  const git = (...args) => demoGit(target, ...args);
  git('init', '-q', '-b', 'PAY-12-faster-checkout');
  git('add', '-A');
  git('commit', '-q', '-m', 'Demo workspace\n\nOutcome: KR-1');
  return target;
}
