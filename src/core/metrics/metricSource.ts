// The one interface every metric source implements, the table of source kinds, and the single
// entry point the engine uses to fetch (which validates results and scrubs secrets from errors).
// Adding a source: write `sources/<name>Source.ts`, add it to the schema and to `metricSourceKinds`.
import type { SourceSpec } from '../config/schema';
import type { Clock, FileSystem } from '../ports';
import type { CommandRunner } from './commandRunner';
import type { MetricJob, SourceResult } from './metricTypes';
import type { SecretResolver, SecretAccess } from './secrets';
import { RecordingSecretResolver } from './secrets';
import { MetricSourceError, abortReason, assertFiniteValue, describeError } from './sourceErrors';
import { stableStringify } from './stableJson';
import { commandSource } from './sources/commandSource';
import { fileSource } from './sources/fileSource';
import { httpSource } from './sources/httpSource';
import { prometheusSource } from './sources/prometheusSource';
import { staticSource } from './sources/staticSource';

export type SourceType = SourceSpec['type'];
export type SourceSpecOf<T extends SourceType> = Extract<SourceSpec, { type: T }>;

export interface MetricSourceContext {
  /** Aborted when the engine is disposed; sources add their own timeouts. */
  signal: AbortSignal;
  secrets: SecretAccess;
  fetch: typeof fetch;
  fs: FileSystem;
  clock: Clock;
  /** Whether the workspace is trusted: untrusted ones run no commands and send no secrets. */
  trusted: boolean;
  exec?: CommandRunner;
}

export interface MetricSourceKind<T extends SourceType = SourceType> {
  readonly type: T;
  fetch(source: SourceSpecOf<T>, job: MetricJob, context: MetricSourceContext): Promise<SourceResult>;
  /**
   * Identifies the request a job makes, so jobs that would make the same one share a fetch.
   * Absent: the source spec plus the workspace folder.
   */
  requestKey?(source: SourceSpecOf<T>, job: MetricJob): string;
}

export type MetricSourceKinds = { readonly [T in SourceType]: MetricSourceKind<T> };

export const metricSourceKinds: MetricSourceKinds = {
  static: staticSource,
  file: fileSource,
  http: httpSource,
  prometheus: prometheusSource,
  command: commandSource,
};

export interface FetchMetricDependencies {
  kinds?: MetricSourceKinds;
  secrets: SecretResolver;
  fetch: typeof fetch;
  fs: FileSystem;
  clock: Clock;
  trusted: boolean;
  exec?: CommandRunner;
  signal: AbortSignal;
}

/**
 * Fetches one job's value. Rejects with a `MetricSourceError` whose message is safe to show,
 * log and store, or with the signal's abort reason when cancelled.
 */
export async function fetchMetric(job: MetricJob, dependencies: FetchMetricDependencies): Promise<SourceResult> {
  const source = job.source;
  if (!source) throw new MetricSourceError('no source configured');
  const kinds = dependencies.kinds ?? metricSourceKinds;
  const kind = kindFor(kinds, source);
  const secrets = new RecordingSecretResolver(dependencies.secrets, dependencies.trusted);
  const context: MetricSourceContext = {
    signal: dependencies.signal,
    secrets,
    fetch: dependencies.fetch,
    fs: dependencies.fs,
    clock: dependencies.clock,
    trusted: dependencies.trusted,
    ...(dependencies.exec ? { exec: dependencies.exec } : {}),
  };
  try {
    const result = await kind.fetch(source, job, context);
    return validateResult(result);
  } catch (error) {
    if (dependencies.signal.aborted) throw abortReason(dependencies.signal);
    throw new MetricSourceError(secrets.redact(describeError(error)));
  }
}

/** The request key that decides which jobs share one fetch. */
export function requestKeyOf(job: MetricJob, kinds: MetricSourceKinds = metricSourceKinds): string {
  const source = job.source;
  if (!source) return `none:${job.key}`;
  // An unknown type gets a key too: its fetch fails with a clear error instead of the engine.
  const kind = kinds[source.type] as unknown as MetricSourceKind | undefined;
  return kind?.requestKey ? `${source.type}:${kind.requestKey(source, job)}` : `${source.type}:${stableStringify([source, job.folder])}`;
}

// The table is keyed by `type`, so each kind receives the spec it declares; TypeScript cannot
// correlate the two through an indexed access, hence the one widening cast here.
function kindFor(kinds: MetricSourceKinds, source: SourceSpec): MetricSourceKind {
  const kind = kinds[source.type] as unknown as MetricSourceKind | undefined;
  if (!kind) throw new MetricSourceError(`unknown source type "${String(source.type)}"`);
  return kind;
}

function validateResult(result: SourceResult): SourceResult {
  assertFiniteValue(result.value, 'value');
  if (!Number.isFinite(result.asOf)) throw new MetricSourceError('the source gave no valid time for its value');
  const history = result.history?.filter((point) => Number.isFinite(point.t) && Number.isFinite(point.v)).sort((a, b) => a.t - b.t);
  return history ? { value: result.value, asOf: result.asOf, history } : { value: result.value, asOf: result.asOf };
}
