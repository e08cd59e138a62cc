// static, file and command sources, with real files and a real shell.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SourceSpec } from '../../../src/core/config/schema';
import { fetchMetric } from '../../../src/core/metrics/metricSource';
import { nodeCommandRunner } from '../../../src/core/metrics/nodeCommandRunner';
import { dependencies, job } from './helpers/sourceContext';
import { failOnUnhandledRejections } from './helpers/unhandledRejections';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/metrics');
const fetchFrom = (source: SourceSpec, folder = fixtures, trusted = true) =>
  fetchMetric(job(source, {}, folder), dependencies({ trusted, exec: nodeCommandRunner }));

describe('metric sources', () => {
  failOnUnhandledRejections();

  describe('static', () => {
    it('gives the configured value and time', async () => {
      assert.deepEqual(await fetchFrom({ type: 'static', value: 3.2, asOf: '2026-10-01' }), { value: 3.2, asOf: Date.UTC(2026, 9, 1) });
    });
    it('is current without asOf', async () => {
      const result = await fetchFrom({ type: 'static', value: 1 });
      assert.ok(Date.now() - result.asOf < 1000);
    });
  });

  describe('file: JSON', () => {
    const json = (pointer?: string): SourceSpec => ({ type: 'file', path: 'checkout.json', ...(pointer === undefined ? {} : { pointer }) });
    it('reads a value by JSON pointer, with the file time as asOf', async () => {
      const result = await fetchFrom(json('/checkout/conversion'));
      assert.equal(result.value, 3.45);
      assert.ok(result.asOf > 0);
    });
    it('handles RFC 6901 escapes, array indices and quoted numbers', async () => {
      assert.equal((await fetchFrom(json('/funnel~1steps/0/rate'))).value, 0.62);
      assert.equal((await fetchFrom(json('/a~0b'))).value, 7);
      assert.equal((await fetchFrom(json('#/a~0b'))).value, 7);
      assert.equal((await fetchFrom(json('/checkout/sessions'))).value, 12000);
    });
    it('says what is wrong with the pointer or the value', async () => {
      await assert.rejects(fetchFrom(json('/checkout/missing')), { message: 'checkout.json: JSON pointer "/checkout/missing": nothing at /checkout/missing' });
      await assert.rejects(fetchFrom(json('/funnel~1steps/2/rate')), /no array element at \/funnel~1steps\/2/);
      await assert.rejects(fetchFrom(json('/funnel~1steps/1/rate')), { message: 'checkout.json at /funnel~1steps/1/rate is null, not a number' });
      await assert.rejects(fetchFrom(json('/checkout')), /is an object, not a number/);
      await assert.rejects(fetchFrom(json('checkout')), /must start with "\/"/);
    });
    it('reports a missing file and an unknown extension, which format: overrides', async () => {
      await assert.rejects(fetchFrom({ type: 'file', path: 'nope.json' }), { message: 'file nope.json not found' });
      await assert.rejects(fetchFrom({ type: 'file', path: 'latest.txt' }), /cannot tell the format of latest\.txt from its extension; add format: json or format: csv/);
      assert.equal((await fetchFrom({ type: 'file', path: 'latest.txt', format: 'json', pointer: '/value' })).value, 5);
    });
    it('refuses files outside the folder in an untrusted workspace', async () => {
      await assert.rejects(fetchFrom({ type: 'file', path: '../metrics/checkout.json', pointer: '/a~0b' }, path.join(fixtures, 'sub'), false), /outside the workspace folder, which requires a trusted workspace/);
    });
  });

  describe('file: CSV', () => {
    it('takes the newest row and gives history from the time column, with quoted fields', async () => {
      const result = await fetchFrom({ type: 'file', path: 'conversion.csv', column: 'conversion' });
      assert.equal(result.value, 3.42);
      assert.equal(result.asOf, Date.UTC(2026, 10, 21));
      assert.deepEqual(result.history, [
        { t: Date.UTC(2026, 10, 18), v: 3.31 },
        { t: Date.UTC(2026, 10, 19), v: 3.36 },
        { t: Date.UTC(2026, 10, 20), v: 3.4 },
        { t: Date.UTC(2026, 10, 21), v: 3.42 },
      ]);
    });
    it('orders by time, skips blank cells, reads epoch seconds', async () => {
      const result = await fetchFrom({ type: 'file', path: 'unsorted.csv' });
      assert.equal(result.value, 3.5);
      assert.deepEqual(result.history?.map((point) => point.v), [3.1, 3.5]);
    });
    it('without a time column takes the last row (CRLF lines)', async () => {
      const result = await fetchFrom({ type: 'file', path: 'no-time.csv' });
      assert.equal(result.value, 2.5);
      assert.equal(result.history, undefined);
    });
    it('names the row and column of a bad value, and unknown columns', async () => {
      await assert.rejects(fetchFrom({ type: 'file', path: 'bad-value.csv', column: 'conversion' }), /bad-value\.csv row 3, column "conversion" is the string "n\/a", not a number/);
      await assert.rejects(fetchFrom({ type: 'file', path: 'conversion.csv', column: 'rate' }), /has no column "rate" \(columns: date, segment, region, conversion, notes\)/);
    });
  });

  describe('command', function () {
    this.timeout(10_000);
    it('reads a number in the workspace folder', async () => {
      assert.equal((await fetchFrom({ type: 'command', run: 'test -f checkout.json && echo 42.5' })).value, 42.5);
    });
    it('reads JSON with a pointer, and tolerates noise before a final number', async () => {
      assert.equal((await fetchFrom({ type: 'command', run: 'cat checkout.json', pointer: '/checkout/conversion' })).value, 3.45);
      assert.equal((await fetchFrom({ type: 'command', run: 'echo "computing..."; echo 7' })).value, 7);
    });
    it('requires a trusted workspace', async () => {
      const marker = path.join(os.tmpdir(), `outcome-lens-untrusted-${process.pid}`);
      await assert.rejects(fetchFrom({ type: 'command', run: `touch ${marker}; echo 1` }, fixtures, false), { message: 'running a command requires a trusted workspace' });
      assert.equal(existsSync(marker), false, 'the command did not run');
    });
    it('reports a failing command with its last stderr line', async () => {
      await assert.rejects(fetchFrom({ type: 'command', run: 'echo starting >&2; echo "no such table" >&2; exit 3' }), { message: 'command exited with code 3: no such table' });
    });
    it('reports output that is not a number', async () => {
      await assert.rejects(fetchFrom({ type: 'command', run: 'echo hello' }), { message: 'command printed "hello", which is neither a number nor JSON' });
      await assert.rejects(fetchFrom({ type: 'command', run: 'echo NaN' }), /neither a number nor JSON/);
    });
    it('kills the whole process group on timeout', async () => {
      const directory = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-command-'));
      try {
        const marker = path.join(directory, 'survived');
        // The grandchild would write the marker after 1.5 s if it outlived the timeout.
        await writeFile(path.join(directory, 'slow.sh'), `(sleep 1.5; touch ${marker}) &\nsleep 5\n`);
        const started = Date.now();
        await assert.rejects(fetchFrom({ type: 'command', run: 'sh slow.sh', timeout: '300ms' }, directory), { message: 'command timed out after 300ms' });
        assert.ok(Date.now() - started < 1500);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        assert.equal(existsSync(marker), false, 'a process of the group outlived the timeout');
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    });
    it('limits the output', async () => {
      await assert.rejects(fetchFrom({ type: 'command', run: 'yes 1 | head -c 2000000' }), /printed more than 1024 KB/);
    });
  });
});
