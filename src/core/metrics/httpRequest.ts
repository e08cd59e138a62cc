// A GET with the guards a metric source needs against a slow, huge or misdirected server:
// a timeout covering the whole exchange, a streamed size limit, and redirects followed by hand
// and only within the same origin (so headers carrying secrets never travel to another host).
import { formatDuration } from './duration';
import { MetricSourceError, abortReason } from './sourceErrors';

export const defaultHttpTimeoutMs = 10_000;
export const defaultMaxResponseBytes = 5 * 1024 * 1024;
export const maxRedirects = 5;

export interface HttpGetOptions {
  url: string;
  headers: Readonly<Record<string, string>>;
  fetch: typeof fetch;
  signal: AbortSignal;
  /** Default 10 s. */
  timeoutMs?: number | undefined;
  /** Default 5 MB. */
  maxBytes?: number | undefined;
}

export interface HttpGetResponse {
  status: number;
  statusText: string;
  /** The URL that answered, after same-origin redirects. */
  url: string;
  body: string;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Resolves with any HTTP status (callers word their own errors: Prometheus explains a 400 in its
 * body). Rejects with a `MetricSourceError`, or with `signal.reason` when cancelled.
 */
export async function httpGet(options: HttpGetOptions): Promise<HttpGetResponse> {
  const timeoutMs = options.timeoutMs ?? defaultHttpTimeoutMs;
  const maxBytes = options.maxBytes ?? defaultMaxResponseBytes;
  options.signal.throwIfAborted();

  const controller = new AbortController();
  const cancel = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', cancel, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new MetricSourceError('timed out'));
  }, timeoutMs);

  let current = parseUrl(options.url);
  try {
    const visited = new Set<string>([current.href]);
    for (let redirects = 0; ; redirects++) {
      const response = await options.fetch(current, { method: 'GET', headers: { ...options.headers }, redirect: 'manual', signal: controller.signal });
      const location = response.headers.get('location');
      if (redirectStatuses.has(response.status) && location !== null) {
        await response.body?.cancel();
        const next = parseUrl(location, current);
        if (next.origin !== current.origin) {
          throw new MetricSourceError(`${displayUrl(current)} redirected to another origin (${next.origin}); only same-origin redirects are followed`);
        }
        if (visited.has(next.href)) throw new MetricSourceError(`redirect loop: ${displayUrl(current)} redirected back to ${displayUrl(next)}`);
        if (redirects + 1 > maxRedirects) throw new MetricSourceError(`more than ${maxRedirects} redirects from ${displayUrl(parseUrl(options.url))}`);
        visited.add(next.href);
        current = next;
        continue;
      }
      const body = await readLimited(response, maxBytes, current);
      return { status: response.status, statusText: response.statusText, url: current.href, body };
    }
  } catch (error) {
    if (timedOut) throw new MetricSourceError(`no complete response from ${displayUrl(current)} within ${formatDuration(timeoutMs)}`);
    if (options.signal.aborted) throw abortReason(options.signal);
    if (error instanceof MetricSourceError) throw error;
    throw new MetricSourceError(describeNetworkError(error, current));
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', cancel);
    // Stops any body still streaming (e.g. past the size limit) and frees the socket.
    controller.abort();
  }
}

async function readLimited(response: Response, maxBytes: number, url: URL): Promise<string> {
  const tooLarge = (): MetricSourceError =>
    new MetricSourceError(`response from ${displayUrl(url)} is larger than ${formatBytes(maxBytes)}; stopped reading`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function parseUrl(text: string, base?: URL): URL {
  try {
    return new URL(text, base);
  } catch {
    throw new MetricSourceError(`"${text}" is not a valid URL`);
  }
}

/** Origin and path only: query strings can be long (PromQL) and may carry tokens. */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

const networkErrorCodes: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed (offline?)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable (offline?)',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
};

function describeNetworkError(error: unknown, url: URL): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const reason = (code && networkErrorCodes[code]) ?? (typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error));
  return `cannot reach ${url.host}: ${reason}`;
}

/** A short, single-line excerpt of a response body for an error message. */
export function bodyExcerpt(body: string, limit = 160): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}

/** Adds `accept: application/json` unless the config sets Accept in any letter case (fetch would join the two). */
export function acceptingJson(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'accept') ? { ...headers } : { accept: 'application/json', ...headers };
}

/** Header values with `${secret:NAME}` expanded (which refuses in an untrusted workspace). */
export async function expandHeaders(
  headers: Readonly<Record<string, string>> | undefined,
  secrets: { expand(text: string): Promise<string> },
): Promise<Record<string, string>> {
  const expanded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) expanded[name] = await secrets.expand(value);
  return expanded;
}
