import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFileMetricCache } from '../../../src/core/metrics/metricCache';
import { MetricEngine } from '../../../src/core/metrics/metricEngine';
import { fetchMetric } from '../../../src/core/metrics/metricSource';
import { environmentSecrets, secretEnvironmentVariable } from '../../../src/core/metrics/secrets';
import { nodeFileSystem } from '../../../src/core/node/nodeHost';
import { systemClock } from '../../../src/core/ports';
import type { LocalServer } from './helpers/localServer';
import { sendJson, startLocalServer } from './helpers/localServer';
import { ManualTimers } from './helpers/manualTimers';
import { recordingLogger } from './helpers/recordingLogger';
import { dependencies, job } from './helpers/sourceContext';
import { failOnUnhandledRejections } from './helpers/unhandledRejections';

const token = 's3cr3t-t0ken-value';
const password = 'hunter2-password';

describe('secrets', () => {
  failOnUnhandledRejections();
  let server: LocalServer;

  before(async () => {
    // Echoes the credentials back in its error, as careless servers do.
    server = await startLocalServer((request, response) => {
      if (request.url?.startsWith('/ok')) return sendJson(response, { value: 7, auth: request.headers.authorization });
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'error', errorType: 'unauthorized', error: `bad credentials: ${request.headers.authorization ?? ''} (${Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString()})` }));
    });
  });
  after(async () => {
    await server.close();
  });

  it('reads OUTCOME_LENS_SECRET_<NAME> for the CLI', async () => {
    assert.equal(secretEnvironmentVariable('analytics-token'), 'OUTCOME_LENS_SECRET_ANALYTICS_TOKEN');
    assert.equal(secretEnvironmentVariable('prod.api_key'), 'OUTCOME_LENS_SECRET_PROD_API_KEY');
    const secrets = environmentSecrets({ OUTCOME_LENS_SECRET_ANALYTICS_TOKEN: 'abc', OUTCOME_LENS_SECRET_EMPTY: '' });
    assert.equal(await secrets('analytics-token'), 'abc');
    assert.equal(await secrets('missing'), undefined);
    assert.equal(await secrets('empty'), undefined);
  });

  it('expands ${secret:NAME} in headers', async () => {
    const result = await fetchMetric(job({ type: 'http', url: `${server.url}/ok`, pointer: '/value', headers: { Authorization: 'Bearer ${secret:api-token}' } }), dependencies({ secrets: environmentSecrets({ OUTCOME_LENS_SECRET_API_TOKEN: token }) }));
    assert.equal(result.value, 7);
    const request = server.requests[server.requests.length - 1];
    assert.equal(request?.headers.authorization, `Bearer ${token}`);
  });

  it('names a missing secret and how to set it in the CLI', async () => {
    await assert.rejects(
      fetchMetric(job({ type: 'http', url: `${server.url}/ok`, headers: { Authorization: 'Bearer ${secret:api-token}' } }), dependencies()),
      { message: 'secret "api-token" is not set (in the CLI: environment variable OUTCOME_LENS_SECRET_API_TOKEN)' },
    );
  });

  it('never sends a request carrying a secret from an untrusted workspace', async () => {
    const before = server.requests.length;
    await assert.rejects(
      fetchMetric(
        job({ type: 'prometheus', url: server.url, query: 'up', auth: { bearer: '${secret:prom}' } }),
        dependencies({ trusted: false, secrets: () => Promise.resolve(token) }),
      ),
      /requires a trusted workspace/,
    );
    assert.equal(server.requests.length, before);
  });

  it('never leaks a secret into errors, log lines or the cache', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-secrets-'));
    try {
      const logger = recordingLogger();
      const secrets = environmentSecrets({ OUTCOME_LENS_SECRET_API_TOKEN: token, OUTCOME_LENS_SECRET_PROM_PASSWORD: password });
      const bearerJob = { ...job({ type: 'http', url: `${server.url}/denied`, pointer: '/value', headers: { Authorization: 'Bearer ${secret:api-token}', 'X-Key': '${secret:api-token}' } }), key: 'KR-1/bearer' };
      const basicJob = { ...job({ type: 'prometheus', url: `${server.url}/denied`, query: 'up', auth: { username: 'robot', password: '${secret:prom-password}' } }), key: 'KR-1/basic' };
      const okJob = { ...job({ type: 'http', url: `${server.url}/ok`, pointer: '/value', headers: { Authorization: 'Bearer ${secret:api-token}' } }), key: 'KR-1/ok' };
      const engine = new MetricEngine({ jobs: [bearerJob, basicJob, okJob], secrets, fetch, fs: nodeFileSystem, clock: systemClock, logger, trusted: true, timers: new ManualTimers(), cache: createFileMetricCache(directory, logger) });
      await engine.refreshAll();
      engine.dispose();

      const bearerError = engine.reading(bearerJob.key).error ?? '';
      const basicError = engine.reading(basicJob.key).error ?? '';
      assert.match(bearerError, /^HTTP 401 Unauthorized from .*bad credentials: Bearer \[secret\]/);
      assert.match(basicError, /^PromQL error \(unauthorized\): bad credentials: Basic \[secret\] \(robot:\[secret\]\)$/);
      const credential = Buffer.from(`robot:${password}`).toString('base64');
      const cacheText = (await Promise.all((await readdir(directory)).map((name) => readFile(path.join(directory, name), 'utf8')))).join('\n');
      assert.ok(cacheText.includes('KR-1/ok'), 'the cache was written');
      for (const haystack of [bearerError, basicError, logger.lines.join('\n'), cacheText]) {
        assert.ok(!haystack.includes(token), `token leaked: ${haystack}`);
        assert.ok(!haystack.includes(password), `password leaked: ${haystack}`);
        assert.ok(!haystack.includes(credential), `credential leaked: ${haystack}`);
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
