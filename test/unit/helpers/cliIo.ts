// Captures a CLI run's output for assertions.
import type { CliIo } from '../../../src/cli/cliCommand';

export function captureIo(cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    cwd,
    stderrIsTTY: false,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
