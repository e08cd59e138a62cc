// `http`: GET a JSON endpoint and pick the value by JSON pointer. `{metric}` in the URL becomes
// the metric id; header values may use ${secret:NAME}.
import type { MetricSourceKind } from '../metricSource';
import { durationToMs } from '../duration';
import { acceptingJson, bodyExcerpt, displayUrl, expandHeaders, httpGet } from '../httpRequest';
import { lookUpJsonPointer } from '../jsonPointer';
import { MetricSourceError, toMetricValue } from '../sourceErrors';
import { stableStringify } from '../stableJson';

export const httpSource: MetricSourceKind<'http'> = {
  type: 'http',
  fetch: async (source, job, context) => {
    const headers = await expandHeaders(source.headers, context.secrets);
    const response = await httpGet({
      url: metricUrl(source.url, job.metric.id),
      headers: acceptingJson(headers),
      fetch: context.fetch,
      signal: context.signal,
      timeoutMs: durationToMs(source.timeout),
    });
    const where = displayUrl(new URL(response.url));
    if (response.status < 200 || response.status >= 300) {
      const excerpt = bodyExcerpt(response.body);
      throw new MetricSourceError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${where}${excerpt ? `: ${excerpt}` : ''}`);
    }
    let document: unknown;
    try {
      document = JSON.parse(response.body) as unknown;
    } catch (error) {
      throw new MetricSourceError(`response from ${where} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const found = lookUpJsonPointer(document, source.pointer ?? '');
    if (!found.found) throw new MetricSourceError(`response from ${where}: ${found.reason}`);
    const value = toMetricValue(found.value, source.pointer ? `the value at ${source.pointer}` : 'the response');
    return { value, asOf: context.clock.now() };
  },
  requestKey: (source, job) => stableStringify({ ...source, url: metricUrl(source.url, job.metric.id) }),
};

function metricUrl(template: string, metricId: string): string {
  return template.split('{metric}').join(encodeURIComponent(metricId));
}

