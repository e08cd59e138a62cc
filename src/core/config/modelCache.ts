/*
 * The CLI's cache of parsed configs. Parsing a config with thousands of outcomes takes
 * hundreds of milliseconds (YAML with positions, then zod, part by part), while CI jobs and
 * editor integrations run many commands against the same unchanged file. So the finished
 * model, problems included, is kept on disk as JSON and read back in a few milliseconds.
 *
 * - An entry is only used when its key matches: a hash of the exact bytes of the config, its
 *   path and folder, the program that parsed it (the CLI bundle's own bytes) and the Node
 *   version (RegExp syntax follows V8). Any change to any of them is a miss; so is a damaged
 *   or unreadable entry. A miss parses the file, as without a cache, and rewrites the entry.
 * - One entry per config location (`<cache folder>/configs/<hash of the path>.json`), written
 *   beside its target and renamed over it, so concurrent runs never see half a file. Entries
 *   not rewritten for 90 days are deleted when another is written.
 * - Only models that survive JSON exactly are stored: Maps and RegExps are rebuilt, objects
 *   the model shares (a metric's spec is also in its outcome's spec) are shared again, and a
 *   model holding anything else JSON cannot carry (-0, undefined) is simply not cached.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256, writeCacheEntry } from '../cacheFiles';
import type { NamedSource, OutcomeEntry, OutcomeModel, Problem } from './model';
import type { TeamSettingsSpec } from './schema';

/** Bump when the stored form changes. */
const entryFormat = 1;

export interface ModelCache {
  /** The cached model for these exact bytes, or `undefined` (miss, damaged entry, no cache). */
  load(file: string, folder: string, bytes: Uint8Array): Promise<OutcomeModel | undefined>;
  /**
   * Like `load`, in two steps: the entry's hints (whatever `save` was given) as soon as the key
   * is checked, and the model, parsed only when asked for.
   */
  open(file: string, folder: string, bytes: Uint8Array): CacheHit | undefined;
  /**
   * Stores `model`, parsed from `bytes`, and `hints`: small facts derived from the model that
   * a caller wants before the model itself (the CLI: what to search the files for).
   * Never throws; resolves to whether it was stored.
   */
  save(file: string, folder: string, bytes: Uint8Array, model: OutcomeModel, hints?: ModelHints): Promise<boolean>;
}

export type ModelHints = Record<string, unknown>;

export interface CacheHit {
  hints: ModelHints;
  /** `undefined` when the entry turns out to be damaged. */
  model(): OutcomeModel | undefined;
}

/** What the model holds, in plain data: Maps as entry lists, RegExps as source and flags. */
interface ModelData {
  file: string;
  folder: string;
  outcomes: readonly OutcomeEntry[];
  sources: [string, NamedSource][];
  ticketPatterns: { source: string; flags: string }[];
  ticketUrl?: string;
  settings: TeamSettingsSpec;
  problems: readonly Problem[];
}

type PathStep = string | number;

interface StoredModel {
  data: ModelData;
  /** [first place, another place] of each object the model holds in more than one place. */
  shared: [PathStep[], PathStep[]][];
}

interface EntryHeader {
  format: number;
  key: string;
  hints?: ModelHints;
}

/**
 * Identifies the code that parses the config and revives cached models: the bytes of `script`
 * (the running bundle: dist/cli.js or dist/extension.js) and of the parser bundle beside it
 * (dist/configParser.js, see scripts/cliBundles.mjs). Any rebuild of either misses every entry.
 */
export function bundleFingerprint(script: string): string {
  const hash = createHash('sha256').update(readFileSync(script));
  const parser = path.join(path.dirname(script), 'configParser.js');
  if (existsSync(parser)) hash.update(readFileSync(parser));
  return hash.digest('hex');
}

/**
 * `codeFingerprint` identifies the program that parses (for the CLI: a hash of its bundle);
 * a different program may build a different model from the same bytes.
 */
export function createFileModelCache(directory: string, codeFingerprint: string, now: () => number = Date.now): ModelCache {
  const entryFile = (file: string, folder: string) => path.join(directory, 'configs', `${sha256(`${file}\0${folder}`).slice(0, 32)}.json`);
  const keyOf = (file: string, folder: string, bytes: Uint8Array) =>
    createHash('sha256').update(`${entryFormat}\0${codeFingerprint}\0${process.version}\0${file}\0${folder}\0`).update(bytes).digest('hex');

  const open = (file: string, folder: string, bytes: Uint8Array): CacheHit | undefined => {
    let text: string;
    try {
      // Synchronous: one read of a few MB beats the thread-pool round trips of an async one,
      // and nothing else waits on this thread meanwhile (it is the CLI's first step).
      text = readFileSync(entryFile(file, folder), 'utf8');
    } catch {
      return undefined;
    }
    // Damaged (or written by something else): a miss; the next save replaces it.
    let header: EntryHeader;
    const newline = text.indexOf('\n');
    try {
      header = JSON.parse(text.slice(0, newline)) as EntryHeader;
    } catch {
      return undefined;
    }
    if (newline < 0 || !isRecord(header) || header.format !== entryFormat || header.key !== keyOf(file, folder, bytes)) return undefined;
    const hints = isRecord(header.hints) ? header.hints : {};
    return {
      hints,
      model: () => {
        try {
          const model = reviveModel(JSON.parse(text.slice(newline + 1)) as unknown);
          return model.file === file && model.folder === folder ? model : undefined;
        } catch {
          return undefined;
        }
      },
    };
  };

  return {
    load: (file, folder, bytes) => Promise.resolve(open(file, folder, bytes)?.model()),
    open,
    save: async (file, folder, bytes, model, hints) => {
      const body = serializeModel(model);
      if (body === undefined) return false;
      const header: EntryHeader = { format: entryFormat, key: keyOf(file, folder, bytes), ...(hints ? { hints } : {}) };
      return writeCacheEntry(entryFile(file, folder), `${JSON.stringify(header)}\n${body}`, now());
    },
  };
}

/** The model as JSON text, or `undefined` when JSON cannot carry it exactly. */
export function serializeModel(model: OutcomeModel): string | undefined {
  // byId is rebuilt from outcomes on load, so it must be exactly that.
  if (model.byId.size !== model.outcomes.length || model.outcomes.some((o) => model.byId.get(o.id) !== o)) return undefined;
  const data: ModelData = {
    file: model.file,
    folder: model.folder,
    outcomes: model.outcomes,
    sources: [...model.sources],
    ticketPatterns: model.ticketPatterns.map((p) => ({ source: p.source, flags: p.flags })),
    settings: model.settings,
    problems: model.problems,
  };
  if (model.ticketUrl !== undefined) data.ticketUrl = model.ticketUrl;
  if (model.ticketPatterns.some((p) => p.lastIndex !== 0)) return undefined;
  const shared = sharedObjects(data);
  if (shared === undefined) return undefined;
  const stored: StoredModel = { data, shared };
  return JSON.stringify(stored);
}

/**
 * Where `data` holds the same object twice, as path pairs; `undefined` when `data` holds
 * anything JSON would not give back as it is (or a cycle).
 */
function sharedObjects(data: ModelData): [PathStep[], PathStep[]][] | undefined {
  const firstSeen = new Map<object, PathStep[]>();
  const shared: [PathStep[], PathStep[]][] = [];
  const ancestors = new Set<object>();
  const trail: PathStep[] = [];

  const visit = (value: unknown): boolean => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return true;
      case 'number':
        return Number.isFinite(value) && !Object.is(value, -0);
      case 'object':
        break;
      default:
        return false;
    }
    if (value === null) return true;
    if (ancestors.has(value)) return false;
    const first = firstSeen.get(value);
    if (first) {
      shared.push([first, [...trail]]);
      return true;
    }
    firstSeen.set(value, [...trail]);
    ancestors.add(value);
    let ok = true;
    if (Array.isArray(value)) {
      for (let i = 0; ok && i < value.length; i++) {
        if (!(i in value)) return false;
        trail.push(i);
        ok = visit(value[i]);
        trail.pop();
      }
    } else {
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return false;
      // JSON.stringify would call it instead of writing the object.
      if ('toJSON' in value) return false;
      for (const key of Object.keys(value)) {
        trail.push(key);
        ok = visit((value as Record<string, unknown>)[key]);
        trail.pop();
        if (!ok) break;
      }
      if (ok && Object.getOwnPropertySymbols(value).length > 0) return false;
    }
    ancestors.delete(value);
    return ok;
  };

  return visit(data) ? shared : undefined;
}

/** The model back from `serializeModel`'s JSON; throws when the data is not shaped like one. */
export function reviveModel(parsed: unknown): OutcomeModel {
  const stored = parsed as StoredModel;
  const data = stored.data;
  if (!isRecord(data) || !Array.isArray(stored.shared)) throw new Error('not a cached model');
  const { file, folder, outcomes, sources, ticketPatterns, ticketUrl, settings, problems } = data;
  if (typeof file !== 'string' || typeof folder !== 'string' || !isRecord(settings) || !Array.isArray(problems)) throw new Error('not a cached model');
  if (!Array.isArray(outcomes) || !Array.isArray(sources) || !Array.isArray(ticketPatterns)) throw new Error('not a cached model');
  for (const outcome of outcomes) {
    if (!isRecord(outcome) || typeof outcome.id !== 'string' || !isRecord(outcome.spec) || !isRange(outcome.range)) throw new Error('not a cached outcome');
    if (!Array.isArray(outcome.pathRules) || !Array.isArray(outcome.tickets) || !Array.isArray(outcome.metrics) || !Array.isArray(outcome.childIds)) throw new Error('not a cached outcome');
    for (const rule of outcome.pathRules) if (!isRecord(rule) || typeof rule.pattern !== 'string' || !isRange(rule.range)) throw new Error('not a cached path rule');
    for (const ticket of outcome.tickets) if (!isRecord(ticket) || typeof ticket.id !== 'string' || !isRange(ticket.range)) throw new Error('not a cached ticket');
  }
  for (const problem of problems) if (!isRecord(problem) || typeof problem.message !== 'string' || !isRange(problem.range)) throw new Error('not a cached problem');
  for (const [from, to] of stored.shared) {
    const value = valueAt(data, from);
    const parentPath = to.slice(0, -1);
    const last = to[to.length - 1];
    const parent = valueAt(data, parentPath);
    if (last === undefined || value === null || typeof value !== 'object' || parent === null || typeof parent !== 'object') throw new Error('bad shared path');
    (parent as Record<PathStep, unknown>)[last] = value;
  }
  const entries = outcomes as readonly OutcomeEntry[];
  const model: OutcomeModel = {
    file,
    folder,
    outcomes: entries,
    byId: new Map(entries.map((o) => [o.id, o])),
    sources: new Map(sources.map(([name, source]) => [name, source])),
    ticketPatterns: ticketPatterns.map((p) => new RegExp(p.source, p.flags)),
    settings,
    problems,
  };
  if (ticketUrl !== undefined) model.ticketUrl = ticketUrl;
  return model;
}

function valueAt(root: unknown, steps: readonly PathStep[]): unknown {
  let value = root;
  for (const step of steps) {
    if (value === null || typeof value !== 'object') throw new Error('bad shared path');
    value = (value as Record<PathStep, unknown>)[step];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isRange(value: unknown): boolean {
  return isRecord(value) && isRecord(value['start']) && isRecord(value['end']);
}
