// Narrowing a full scan with ripgrep: only files holding `@outcome` or a ticket ID that the
// config maps to an outcome can have a tag or ticket reason, so only those need reading.
// It must never leave out a file the scanner would find something in, hence the flags:
//   --no-ignore --hidden  rg's ignore rules differ from git's (.ignore/.rgignore files,
//                         tracked files matching .gitignore); the result is intersected with
//                         the index's own file list instead.
//   --follow              git lists a symlink to a file and the scanner reads through it.
//   --text --encoding none  no binary skipping (ours looks at the first 8 KB only) and no
//                         BOM transcoding: plain bytes, as the scanner's UTF-8 decode sees them.
//   --no-config           a user's RIPGREP_CONFIG_PATH must not add --smart-case and the like.
// Mapped ticket IDs are matched as literals: a ticket counts only when its text equals an ID
// in some outcome's `tickets`, so a file without that literal cannot have the reason. Ticket
// patterns (for tickets no outcome lists, which the editor's Tickets view shows) are regular
// expressions translated by ripgrepPattern.ts.
import { spawn } from 'node:child_process';
import { ripgrepLiteral } from './ripgrepPattern';

/** What the pre-filter looks for: a file holding any of these may be read, one holding none is not. */
export interface ContentNeedles {
  literals: readonly string[];
  /** Regular expressions in ripgrep's syntax (see `ripgrepPattern`). */
  patterns?: readonly string[] | undefined;
}

export interface ContentPrefilter {
  /**
   * The paths (relative to `root`, `/`-separated) that may contain one of `needles`, a
   * superset of those that do; `undefined` when the pre-filter cannot answer (then every
   * file is read). `onCandidate`, when given, hears each path as soon as it is known, before
   * the promise settles, so reading can start while the pre-filter still runs; every path it
   * hears does contain a needle, even when the pre-filter then cannot answer.
   */
  candidates(root: string, needles: ContentNeedles, maxFileBytes: number, signal?: AbortSignal, onCandidate?: (path: string) => void): Promise<Set<string> | undefined>;
}

export interface RipgrepOptions {
  /**
   * Threads rg searches with (`--threads`); default: rg's own choice, one per core. The index
   * reads what rg names while rg runs, so leaving that thread a core of its own can be faster.
   */
  threads?: number | undefined;
}

/** One rg process, with what it has named so far and who else wants to hear. */
interface RipgrepRun {
  key: string;
  named: string[];
  listeners: Set<(path: string) => void>;
  done: Promise<Set<string> | undefined>;
  kill(): void;
}

export class RipgrepPrefilter implements ContentPrefilter {
  /** Started by `prestart`, waiting for the `candidates` call that asks the same. */
  private prestarted: RipgrepRun | undefined;

  constructor(
    private readonly rgPath = 'rg',
    private readonly options: RipgrepOptions = {},
  ) {}

  /**
   * Starts the search before anyone asks, when the caller can already tell what will be asked
   * (the CLI: from its config cache, before the config itself is loaded). A later `candidates`
   * call with the same root, needles and size limit takes this run over; any other call stops
   * it and starts its own, so a wrong guess costs time, never a wrong answer.
   */
  prestart(root: string, needles: ContentNeedles, maxFileBytes: number): void {
    this.dispose();
    if (!usableNeedles(needles)) return;
    this.prestarted = this.start(root, needles, maxFileBytes);
  }

  /** Stops a prestarted search that nobody took over. */
  dispose(): void {
    this.prestarted?.kill();
    this.prestarted = undefined;
  }

  async candidates(root: string, needles: ContentNeedles, maxFileBytes: number, signal?: AbortSignal, onCandidate?: (path: string) => void): Promise<Set<string> | undefined> {
    const key = runKey(root, needles, maxFileBytes);
    const prestarted = this.prestarted;
    this.prestarted = undefined;
    if (prestarted && prestarted.key !== key) prestarted.kill();
    if (!usableNeedles(needles)) return undefined;
    const run = prestarted?.key === key ? prestarted : this.start(root, needles, maxFileBytes);
    if (onCandidate) {
      for (const path of run.named) onCandidate(path);
      run.listeners.add(onCandidate);
    }
    if (signal) {
      if (signal.aborted) run.kill();
      else signal.addEventListener('abort', () => run.kill(), { once: true });
    }
    return run.done;
  }

  private start(root: string, needles: ContentNeedles, maxFileBytes: number): RipgrepRun {
    const patterns = needles.patterns ?? [];
    const args = [
      '--no-config',
      '--files-with-matches',
      '--null',
      // One needle per line of stdin: literals as they are, or, with patterns, all as regexes.
      ...(patterns.length === 0 ? ['--fixed-strings'] : []),
      '--case-sensitive',
      '--no-ignore',
      '--hidden',
      '--follow',
      '--text',
      '--encoding',
      'none',
      '--no-messages',
      // Larger files are never read by the scan, so rg need not read them either.
      '--max-filesize',
      String(maxFileBytes),
      ...(this.options.threads === undefined ? [] : ['--threads', String(this.options.threads)]),
      '--glob',
      '!.git',
      '--file',
      '-',
      '--',
      '.',
    ];
    const named: string[] = [];
    const listeners = new Set<(path: string) => void>();
    let kill = (): void => undefined;
    const done = new Promise<Set<string> | undefined>((resolve) => {
      let child;
      try {
        child = spawn(this.rgPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true });
      } catch {
        resolve(undefined);
        return;
      }
      const running = child;
      let killed = false;
      kill = () => {
        killed = true;
        running.kill();
      };
      const found = new Set<string>();
      // Paths end in NUL; a chunk may end inside one (or inside a UTF-8 sequence), so the
      // bytes after the last NUL wait for the next chunk.
      let partial: Buffer | undefined;
      child.stdout.on('data', (chunk: Buffer) => {
        const bytes = partial ? Buffer.concat([partial, chunk]) : chunk;
        const end = bytes.lastIndexOf(0);
        partial = end === bytes.length - 1 ? undefined : bytes.subarray(end + 1);
        if (end < 0) return;
        for (const entry of bytes.toString('utf8', 0, end).split('\0')) {
          if (entry === '') continue;
          const relative = entry.startsWith('./') ? entry.slice(2) : entry;
          const path = relative.includes('\\') ? relative.split('\\').join('/') : relative;
          if (found.has(path)) continue;
          found.add(path);
          named.push(path);
          for (const listener of listeners) listener(path);
        }
      });
      child.on('error', () => resolve(undefined));
      child.on('close', (code) => {
        // 1 is "no match"; 2 means some file or folder could not be read, and then the
        // answer is not trustworthy enough to skip files on. Output without a final NUL is
        // not rg's, and a killed run is not complete: neither is trustworthy either.
        resolve(!killed && (code === 0 || code === 1) && partial === undefined ? found : undefined);
      });
      child.stdin.on('error', () => undefined);
      const lines = patterns.length === 0 ? needles.literals : [...needles.literals.map(ripgrepLiteral), ...patterns];
      child.stdin.end(lines.join('\n') + '\n');
    });
    return { key: runKey(root, needles, maxFileBytes), named, listeners, done, kill: () => kill() };
  }
}

/** A newline in a needle would split it into two patterns: impossible for real IDs, but exactness first. */
function usableNeedles(needles: ContentNeedles): boolean {
  return ![...needles.literals, ...(needles.patterns ?? [])].some((n) => n === '' || /[\r\n]/.test(n));
}

function runKey(root: string, needles: ContentNeedles, maxFileBytes: number): string {
  return JSON.stringify([root, needles.literals, needles.patterns ?? [], maxFileBytes]);
}
