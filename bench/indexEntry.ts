// The index bench's TypeScript half, bundled by bench/run.mjs into out-bench/indexEntry.cjs and
// run in a process of its own: `node indexEntry.cjs TREE`. Builds the workspace index of the
// bench tree in process, as the extension does (worker threads, ripgrep), then re-indexes one
// file at a time, as the editor asks: a buffer with a tag added (`updateText`), then the file as
// it is on disk again (`updateFile`). Prints its figures as JSON on stdout.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findConfigFile } from '../src/core/config/configFile';
import { readOutcomes } from '../src/core/config/loader';
import { tagFileEdit } from '../src/core/edit/tagComment';
import { filesByOutcome } from '../src/core/index/outcomeFiles';
import type { FileEntry } from '../src/core/index/reasons';
import { RipgrepPrefilter } from '../src/core/index/ripgrepPrefilter';
import { createNodeScanner } from '../src/core/index/workerPool';
import { WorkspaceIndex } from '../src/core/index/workspaceIndex';
import { nodeFileSystem, nodeGitRunner, nodeWalkFileSystem } from '../src/core/node/nodeHost';
import type { Logger } from '../src/core/ports';

interface SizeBand {
  label: string;
  /** Bytes, from inclusive, to exclusive. */
  from: number;
  to: number;
  /** At most this many files of the band, spread evenly over its sorted list. */
  sample: number;
  /** Whether the band counts for the goal: one changed file of a typical size re-indexed in under 5 ms. */
  typical: boolean;
}

/** The last band ends at the index's default limit: larger files are not read for tags. */
const sizeBands: readonly SizeBand[] = [
  { label: 'under 4 KB', from: 0, to: 4096, sample: 500, typical: true },
  { label: '4-64 KB', from: 4096, to: 65536, sample: 200, typical: true },
  { label: '64 KB-1 MB', from: 65536, to: 1024 * 1024 + 1, sample: 30, typical: false },
];
/** Files of the first band re-indexed once, untimed, before the timed passes. */
const warmUp = 50;

export interface Spread {
  median: number;
  p95: number;
  max: number;
}

/** One set of files, each re-indexed from an edited buffer, then from disk. */
export interface SampleFigures {
  files: number;
  /** Sizes of the files, in bytes. */
  bytes: Spread;
  /** A buffer with a tag comment added (what "Tag with Outcome" writes), re-indexed: the editor's typing path, ms. */
  updateTextMs: Spread;
  /** The file re-read from disk and re-indexed (a save, a checkout), ms. */
  updateFileMs: Spread;
  /** Whether every added tag showed as a tag reason, and every re-read from disk took it away again. */
  tagsRight: boolean;
}

export interface BandFigures extends SampleFigures {
  label: string;
  typical: boolean;
}

export interface IndexFigures {
  files: number;
  /** The whole index built in process, as the editor builds it after activation, ms. */
  buildMs: number;
  /** One set of timings per size band (see `sizeBands`). */
  bands: BandFigures[];
  /** One pass of the Outcomes view's file lists over the whole index, ms (median of 20). */
  filesByOutcomeMs: number;
}

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

/** At most `count` of `items`, evenly spread. */
function spreadOver<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
}

function taggedWith(entry: FileEntry | undefined, id: string): boolean {
  return entry?.outcomes.some((o) => o.outcomeId === id && o.reasons.some((r) => r.kind === 'tag')) ?? false;
}

/** Each file: its buffer with a tag added, re-indexed; then the file from disk, re-indexed. */
async function timeSample(index: WorkspaceIndex, files: readonly string[], id: string): Promise<SampleFigures> {
  const texts = files.map((f) => readFileSync(path.join(index.root, f), 'utf8'));
  const textMs: number[] = [];
  const fileMs: number[] = [];
  let tagsRight = true;
  for (const [i, relative] of files.entries()) {
    const text = texts[i] ?? '';
    const edit = tagFileEdit(text, { fileName: relative, outcomeId: id });
    // A file that cannot hold a tag comment (JSON) or holds this one already: an edit all the same.
    const buffer = edit.status === 'edited' ? edit.text : `${text}\n`;
    const before = taggedWith(index.entry(relative), id);
    let started = performance.now();
    const edited = index.updateText(relative, buffer);
    textMs.push(performance.now() - started);
    started = performance.now();
    const reread = await index.updateFile(relative);
    fileMs.push(performance.now() - started);
    if ((edit.status === 'edited' && !taggedWith(edited, id)) || taggedWith(reread, id) !== before) tagsRight = false;
  }
  return { files: files.length, bytes: spread(texts.map((t) => Buffer.byteLength(t))), updateTextMs: spread(textMs), updateFileMs: spread(fileMs), tagsRight };
}

export async function runIndexBench(root: string): Promise<IndexFigures> {
  const configFile = await findConfigFile(root, nodeFileSystem);
  if (configFile === undefined) throw new Error(`no outcome config in ${root}`);
  const model = await readOutcomes(configFile, root, nodeFileSystem);
  const id = model.outcomes[0]?.id;
  if (id === undefined) throw new Error('the bench config has no outcomes');

  const started = performance.now();
  const index = await WorkspaceIndex.build(
    root,
    model,
    { fs: nodeFileSystem, git: nodeGitRunner, walk: nodeWalkFileSystem, logger: quiet },
    { scanner: createNodeScanner({ workerFile: path.join(__dirname, 'scanWorker.js') }), prefilter: new RipgrepPrefilter(), unlistedTickets: true },
  );
  const buildMs = performance.now() - started;

  const files = index.files();
  const sizes = new Map(files.map((f) => [f, statSync(path.join(root, f)).size]));
  const inBand = (band: SizeBand) => files.filter((f) => (sizes.get(f) ?? 0) >= band.from && (sizes.get(f) ?? 0) < band.to);
  const bands = sizeBands.map((band) => ({ band, files: spreadOver(inBand(band), band.sample) }));
  // An untimed pass first, so the timed ones run warm, as they do in an editor open for hours.
  await timeSample(index, bands[0]?.files.slice(0, warmUp) ?? [], id);
  const timed: BandFigures[] = [];
  for (const { band, files: sample } of bands) timed.push({ label: band.label, typical: band.typical, ...(await timeSample(index, sample, id)) });

  const passMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    filesByOutcome(index);
    passMs.push(performance.now() - t);
  }
  return { files: files.length, buildMs, bands: timed, filesByOutcomeMs: spread(passMs).median };
}

if (require.main === module) {
  const root = process.argv[2];
  if (!root) throw new Error('usage: node indexEntry.cjs TREE');
  runIndexBench(root).then(
    (figures) => {
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      // Worker threads of the scanner pool would keep the process alive.
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
