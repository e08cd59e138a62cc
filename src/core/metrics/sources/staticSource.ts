// `static`: the value written in outcomes.yaml, e.g. from a quarterly survey.
import type { MetricSourceKind } from '../metricSource';
import { MetricSourceError } from '../sourceErrors';
import { stableStringify } from '../stableJson';
import { parseTimestamp } from '../timestamps';

export const staticSource: MetricSourceKind<'static'> = {
  type: 'static',
  fetch: (source, _job, context) => {
    // Without `asOf` the value is as current as the file, so it never goes stale.
    const asOf = source.asOf === undefined ? context.clock.now() : parseTimestamp(source.asOf);
    if (asOf === undefined) return Promise.reject(new MetricSourceError(`asOf "${source.asOf ?? ''}" is not a date or date-time`));
    return Promise.resolve({ value: source.value, asOf });
  },
  // Static values cost nothing to read; sharing would only tie unrelated metrics together.
  requestKey: (source, job) => stableStringify([source, job.folder, job.key]),
};
