// Real dependencies for source tests: Node's fetch and file system, the system clock.
import { nodeFileSystem } from '../../../../src/core/node/nodeHost';
import type { FetchMetricDependencies } from '../../../../src/core/metrics/metricSource';
import type { MetricJob } from '../../../../src/core/metrics/metricTypes';
import type { SourceSpec, MetricSpec } from '../../../../src/core/config/schema';
import { systemClock } from '../../../../src/core/ports';

export function dependencies(overrides: Partial<FetchMetricDependencies> = {}): FetchMetricDependencies {
  return {
    secrets: () => Promise.resolve(undefined),
    fetch,
    fs: nodeFileSystem,
    clock: systemClock,
    trusted: true,
    signal: new AbortController().signal,
    ...overrides,
  };
}

export function job(source: SourceSpec | undefined, metric: Partial<MetricSpec> = {}, folder = process.cwd()): MetricJob {
  const metricSpec: MetricSpec = { id: 'conversion', ...metric };
  return { key: `KR-1/${metricSpec.id}`, outcomeId: 'KR-1', metric: metricSpec, ...(source ? { source } : {}), folder };
}
