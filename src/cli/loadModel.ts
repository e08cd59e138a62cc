// The config as every CLI command reads it: discovered, read, and parsed, or taken from the
// model cache when these exact bytes were parsed before by this exact CLI (see modelCache.ts).
// The YAML parser and zod are only loaded on a miss: with a warm cache, `explain` never
// evaluates either, which is most of the bundle.
import os from 'node:os';
import { configFileNames, findConfigFile, readConfigFile } from '../core/config/configFile';
import type { ConfigRead } from '../core/config/configFile';
import type { OutcomeModel } from '../core/config/model';
import { bundleFingerprint, createFileModelCache } from '../core/config/modelCache';
import type { ModelCache } from '../core/config/modelCache';
import { defaultCliCacheDirectory } from '../core/metrics/metricCache';
import { isTextList } from '../core/cacheFiles';
import { isPatternSources, toPatternSources } from '../core/index/fileScan';
import type { PatternSource } from '../core/index/fileScan';
import { contentNeedles, outcomesByTicket } from '../core/index/reasons';
import { nodeFileSystem } from '../core/node/nodeHost';
import type { CliIo } from './cliCommand';

/** The CLI's cache folder: `OUTCOME_LENS_CACHE_DIR`, else the platform's user cache folder. */
export function cliCacheDirectory(env: NodeJS.ProcessEnv): string {
  return env['OUTCOME_LENS_CACHE_DIR'] || defaultCliCacheDirectory(env, os.homedir(), process.platform);
}

let fingerprint: string | undefined;

/** Identifies this CLI build (a hash of its bundle): caches written by another build do not apply. */
export function cliCodeFingerprint(): string {
  return (fingerprint ??= bundleFingerprint(__filename));
}

/** `undefined` when `OUTCOME_LENS_CONFIG_CACHE=off`. */
export function cliModelCache(env: NodeJS.ProcessEnv): ModelCache | undefined {
  if (env['OUTCOME_LENS_CONFIG_CACHE'] === 'off') return undefined;
  return createFileModelCache(cliCacheDirectory(env), cliCodeFingerprint());
}

/**
 * What the CLI keeps beside a cached model, to act on before the model is even parsed: the
 * strings a file must contain to have a tag or ticket reason (ripgrep can start on them).
 */
export interface CliModelHints {
  needles: string[];
  /** The config's ticket patterns (the scan cache's key needs them). */
  ticketPatterns: PatternSource[];
}

export function hintsFor(model: OutcomeModel): CliModelHints {
  return { needles: contentNeedles(outcomesByTicket(model)), ticketPatterns: toPatternSources(model.ticketPatterns) };
}

/** The hints of a cache entry, if they have the expected shape. */
function readHints(hints: Record<string, unknown>): CliModelHints | undefined {
  const needles = hints['needles'];
  const ticketPatterns = hints['ticketPatterns'];
  return isTextList(needles) && isPatternSources(ticketPatterns) ? { needles, ticketPatterns } : undefined;
}

/** A config file found under a root, and its bytes (or why they cannot be had). */
export interface FoundConfig {
  file: string;
  read: ConfigRead;
}

/** Discovery and read: `undefined` when there is no config. */
export async function readCliConfig(root: string): Promise<FoundConfig | undefined> {
  const file = await findConfigFile(root, nodeFileSystem);
  return file === undefined ? undefined : { file, read: await readConfigFile(file, root, nodeFileSystem) };
}

/**
 * Discovery and read (or `config`, when the caller read it already), then the cache or the
 * parser. `undefined` only when there is no config. `onHints` hears a cache entry's hints
 * before its model is parsed.
 */
export async function loadCliModel(
  root: string,
  env: NodeJS.ProcessEnv,
  onHints?: (hints: CliModelHints) => void,
  config: Promise<FoundConfig | undefined> = readCliConfig(root),
): Promise<OutcomeModel | undefined> {
  const found = await config;
  if (found === undefined) return undefined;
  const { file, read } = found;
  if ('failed' in read) return read.failed;
  const cache = cliModelCache(env);
  const hit = cache?.open(file, root, read.bytes);
  if (hit) {
    const hints = readHints(hit.hints);
    if (hints) onHints?.(hints);
    const cached = hit.model();
    if (cached) return cached;
  }
  const { parseOutcomes } = await import('../core/config/yamlModules.js');
  const model = parseOutcomes(read.bytes, file, root);
  await cache?.save(file, root, read.bytes, model, { ...hintsFor(model) });
  return model;
}

/** The config, or `undefined` after telling the user there is none (the caller exits 2). */
export async function loadModelOrReport(
  commandName: string,
  root: string,
  io: CliIo,
  onHints?: (hints: CliModelHints) => void,
  config?: Promise<FoundConfig | undefined>,
): Promise<OutcomeModel | undefined> {
  const model = await loadCliModel(root, io.env, onHints, config);
  if (!model) io.stderr(`outcome-lens ${commandName}: no outcome config found in ${root} (looked for ${configFileNames.join(', ')})\n`);
  return model;
}

/**
 * Whether the config has errors, after telling the user to run `check`. Commands that still
 * print what they can (`status`, `report`, `coverage`) then exit 2.
 */
export function reportConfigErrors(commandName: string, model: OutcomeModel, io: CliIo): boolean {
  const errors = model.problems.filter((p) => p.severity === 'error').length;
  if (errors === 0) return false;
  io.stderr(`outcome-lens ${commandName}: config has ${errors} error${errors === 1 ? '' : 's'}; run outcome-lens check\n`);
  return true;
}
