// `prometheus`: an instant query (/api/v1/query) for the value and a range query
// (/api/v1/query_range) over the last 30 days for history. The query must yield one series.
// History points are an hour apart, so the range query is repeated at most once per step:
// the refreshes in between ask only for the value, and the engine appends it to the history
// it holds. That halves the requests of a routine refresh.
import type { MetricSourceContext, MetricSourceKind, SourceSpecOf } from '../metricSource';
import type { HistoryPoint, SourceResult } from '../metricTypes';
import type { HttpGetResponse } from '../httpRequest';
import { durationToMs } from '../duration';
import { acceptingJson, bodyExcerpt, displayUrl, expandHeaders, httpGet } from '../httpRequest';
import { assertFiniteValue, MetricSourceError } from '../sourceErrors';

export interface PrometheusSourceOptions {
  /** How far back history reaches (default 30 days). */
  historyWindowMs?: number;
  /** Spacing of history points (default 1 hour: 720 points over 30 days, well under Prometheus' 11,000 limit). */
  historyStepMs?: number;
  /** How long fetched history is good for before the range query runs again (default: one step). */
  historyRefreshMs?: number;
}

type PrometheusSample = [number, string];

interface PrometheusSeries {
  metric?: Record<string, string>;
  value?: PrometheusSample;
  values?: PrometheusSample[];
}

interface PrometheusData {
  resultType: string;
  result: unknown;
}

export function createPrometheusSource(options: PrometheusSourceOptions = {}): MetricSourceKind<'prometheus'> {
  const historyWindowMs = options.historyWindowMs ?? 30 * 86_400_000;
  const historyStepMs = options.historyStepMs ?? 3_600_000;
  const historyRefreshMs = options.historyRefreshMs ?? historyStepMs;
  /** When each query's history was last fetched successfully (by server and query). */
  const historyFetchedAt = new Map<string, number>();
  return {
    type: 'prometheus',
    fetch: async (source, _job, context) => {
      const query = source.query;
      if (query === undefined || query.trim() === '') throw new MetricSourceError('no PromQL query: set query: on the metric or its source');
      const headers = await requestHeaders(source, context);
      const now = context.clock.now();
      const historyKey = `${source.url}\0${query}`;
      const fetchedAt = historyFetchedAt.get(historyKey);
      if (fetchedAt !== undefined && now >= fetchedAt && now - fetchedAt < historyRefreshMs) {
        return parseInstant(await get(source, context, headers, 'api/v1/query', { query }, context.signal));
      }
      // History is a bonus: if the range query fails, the value still counts. It is cancelled
      // as soon as the instant query fails, so a broken server is not asked twice for nothing.
      const historyController = new AbortController();
      const stopHistory = (): void => historyController.abort(context.signal.reason);
      context.signal.addEventListener('abort', stopHistory, { once: true });
      const historyRequest = get(source, context, headers, 'api/v1/query_range', {
        query,
        start: String((now - historyWindowMs) / 1000),
        end: String(now / 1000),
        step: String(historyStepMs / 1000),
      }, historyController.signal)
        .then(parseHistory)
        .catch(() => undefined);
      try {
        const instant = await get(source, context, headers, 'api/v1/query', { query }, context.signal);
        const current = parseInstant(instant);
        const history = await historyRequest;
        if (!history) return current;
        historyFetchedAt.set(historyKey, now);
        return { ...current, history };
      } finally {
        historyController.abort();
        context.signal.removeEventListener('abort', stopHistory);
      }
    },
  };
}

export const prometheusSource = createPrometheusSource();

async function requestHeaders(source: SourceSpecOf<'prometheus'>, context: MetricSourceContext): Promise<Record<string, string>> {
  const headers = await expandHeaders(source.headers, context.secrets);
  // `auth` wins over an Authorization header, whatever its case (fetch would join the two).
  if (source.auth) for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
  if (source.auth && 'bearer' in source.auth) {
    headers['authorization'] = `Bearer ${await context.secrets.expand(source.auth.bearer)}`;
  } else if (source.auth) {
    const credential = Buffer.from(`${await context.secrets.expand(source.auth.username)}:${await context.secrets.expand(source.auth.password)}`).toString('base64');
    context.secrets.remember(credential);
    headers['authorization'] = `Basic ${credential}`;
  }
  return acceptingJson(headers);
}

async function get(
  source: SourceSpecOf<'prometheus'>,
  context: MetricSourceContext,
  headers: Record<string, string>,
  endpoint: string,
  parameters: Record<string, string>,
  signal: AbortSignal,
): Promise<PrometheusData> {
  let url: URL;
  try {
    // A trailing slash keeps a path prefix (http://host/prometheus) when resolving the endpoint.
    url = new URL(endpoint, source.url.endsWith('/') ? source.url : `${source.url}/`);
  } catch {
    throw new MetricSourceError(`"${source.url}" is not a valid URL`);
  }
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  const response = await httpGet({ url: url.href, headers, fetch: context.fetch, signal, timeoutMs: durationToMs(source.timeout) });
  return parseApiResponse(response);
}

function parseApiResponse(response: HttpGetResponse): PrometheusData {
  const where = displayUrl(new URL(response.url));
  const ok = response.status >= 200 && response.status < 300;
  let body: unknown;
  try {
    body = JSON.parse(response.body) as unknown;
  } catch (error) {
    if (!ok) throw httpError(response, where);
    throw new MetricSourceError(`response from ${where} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (isRecord(body) && body['status'] === 'error') {
    const errorType = typeof body['errorType'] === 'string' ? ` (${body['errorType']})` : '';
    throw new MetricSourceError(`PromQL error${errorType}: ${typeof body['error'] === 'string' ? body['error'] : 'no message'}`);
  }
  if (!ok) throw httpError(response, where);
  const data = isRecord(body) ? body['data'] : undefined;
  if (!isRecord(body) || body['status'] !== 'success' || !isRecord(data) || typeof data['resultType'] !== 'string') {
    throw new MetricSourceError(`unexpected response from ${where}; is this the Prometheus HTTP API?`);
  }
  return { resultType: data['resultType'], result: data['result'] };
}

function httpError(response: HttpGetResponse, where: string): MetricSourceError {
  const excerpt = bodyExcerpt(response.body);
  return new MetricSourceError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${where}${excerpt ? `: ${excerpt}` : ''}`);
}

function parseInstant(data: PrometheusData): SourceResult {
  if (data.resultType === 'scalar') return sampleToResult(data.result);
  if (data.resultType === 'matrix') {
    throw new MetricSourceError('query returns a range vector (it ends in [duration]); wrap it in a function such as rate() or last_over_time()');
  }
  if (data.resultType !== 'vector' || !Array.isArray(data.result)) throw new MetricSourceError(`query returns a ${data.resultType}, not a number`);
  const series = data.result as PrometheusSeries[];
  const [only] = series;
  if (!only) throw new MetricSourceError('query returned no series');
  if (series.length > 1) {
    const examples = series.slice(0, 3).map((item) => formatLabels(item.metric ?? {}));
    throw new MetricSourceError(
      `query returned ${series.length} series; aggregate it to one, e.g. with sum() (${examples.join(', ')}${series.length > 3 ? ', …' : ''})`,
    );
  }
  return sampleToResult(only.value);
}

function sampleToResult(sample: unknown): SourceResult {
  if (!Array.isArray(sample) || sample.length !== 2) throw new MetricSourceError('unexpected sample format in the Prometheus response');
  const [time, text] = sample as [unknown, unknown];
  const value = parseSampleValue(text);
  assertFiniteValue(value, 'query result');
  return { value, asOf: Number(time) * 1000 };
}

function parseHistory(data: PrometheusData): HistoryPoint[] | undefined {
  if (data.resultType !== 'matrix' || !Array.isArray(data.result) || data.result.length !== 1) return undefined;
  const [series] = data.result as PrometheusSeries[];
  return (series?.values ?? [])
    .map(([time, text]) => ({ t: Number(time) * 1000, v: parseSampleValue(text) }))
    .filter((point) => Number.isFinite(point.t) && Number.isFinite(point.v));
}

/** Prometheus writes special values as "NaN", "+Inf" and "-Inf", which `Number()` does not read. */
function parseSampleValue(text: unknown): number {
  if (typeof text !== 'string') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return text.trim() === '' ? Number.NaN : Number(text);
}

function formatLabels(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ')}}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
