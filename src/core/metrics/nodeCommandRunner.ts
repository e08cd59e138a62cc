// The Node `CommandRunner`: a shell in its own process group, so a timeout or cancellation kills
// the whole pipeline (`curl … | jq …`), not just the shell.
import { spawn } from 'node:child_process';
import type { CommandRunner } from './commandRunner';
import { formatDuration } from './duration';
import { abortReason } from './sourceErrors';

export const nodeCommandRunner: CommandRunner = (command, options) =>
  new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(abortReason(options.signal));
      return;
    }
    const isWindows = process.platform === 'win32';
    const child = spawn(command, {
      cwd: options.cwd,
      shell: true,
      // On POSIX, detached makes the shell a process-group leader: `kill(-pid)` then reaches its children.
      detached: !isWindows,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outputBytes = 0;
    let settled = false;

    const killProcessGroup = (): void => {
      try {
        if (!isWindows && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      finish();
    };
    const fail = (error: Error): void => {
      killProcessGroup();
      settle(() => reject(error));
    };
    const onAbort = (): void => fail(abortReason(options.signal));
    const timer = setTimeout(() => fail(new Error(`command timed out after ${formatDuration(options.timeoutMs)}`)), options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });

    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      outputBytes += chunk.byteLength;
      if (outputBytes > options.maxOutputBytes) {
        fail(new Error(`command printed more than ${Math.round(options.maxOutputBytes / 1024)} KB`));
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error) => fail(new Error(`command could not start: ${error.message}`)));
    child.on('close', (exitCode, signal) =>
      settle(() =>
        resolve({
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          exitCode,
          signal,
        }),
      ),
    );
  });
