// `command`: a shell command run in the workspace folder that prints a number or JSON.
// Trusted workspaces only: a cloned repository must not run code by being opened.
import type { MetricSourceKind } from '../metricSource';
import { durationToMs } from '../duration';
import { lookUpJsonPointer } from '../jsonPointer';
import { MetricSourceError, describeError, toMetricValue } from '../sourceErrors';

const defaultCommandTimeoutMs = 30_000;
const maxCommandOutputBytes = 1024 * 1024;

export const commandSource: MetricSourceKind<'command'> = {
  type: 'command',
  fetch: async (source, job, context) => {
    if (!context.trusted) throw new MetricSourceError('running a command requires a trusted workspace');
    if (!context.exec) throw new MetricSourceError('command sources cannot run here');
    let result;
    try {
      result = await context.exec(source.run, {
        cwd: job.folder,
        timeoutMs: durationToMs(source.timeout) ?? defaultCommandTimeoutMs,
        maxOutputBytes: maxCommandOutputBytes,
        signal: context.signal,
      });
    } catch (error) {
      if (context.signal.aborted) throw error;
      throw new MetricSourceError(describeError(error));
    }
    if (result.exitCode !== 0) {
      const lastLine = result.stderr.trim().split(/\r?\n/).pop() ?? '';
      const ending = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
      throw new MetricSourceError(`command ${ending}${lastLine ? `: ${lastLine}` : ''}`);
    }
    return { value: parseOutput(result.stdout, source.pointer), asOf: context.clock.now() };
  },
};

/** A number, or JSON (with `pointer`, or being a number itself); noise before a final number line is tolerated. */
export function parseOutput(stdout: string, pointer: string | undefined): number {
  const output = stdout.trim();
  if (output === '') throw new MetricSourceError('command printed nothing; it should print a number or JSON');
  if (pointer === undefined) {
    const lastLine = output.split(/\r?\n/).pop()?.trim() ?? '';
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(lastLine)) return Number(lastLine);
  }
  let document: unknown;
  try {
    document = JSON.parse(output) as unknown;
  } catch {
    throw new MetricSourceError(
      pointer === undefined
        ? `command printed "${excerpt(output)}", which is neither a number nor JSON`
        : `command output is not valid JSON, so pointer ${pointer} cannot apply ("${excerpt(output)}")`,
    );
  }
  const found = lookUpJsonPointer(document, pointer ?? '');
  if (!found.found) throw new MetricSourceError(`command output: ${found.reason}`);
  return toMetricValue(found.value, pointer ? `the command's value at ${pointer}` : "the command's output");
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}
