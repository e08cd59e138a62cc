import assert from 'node:assert/strict';
import { parseCsv } from '../../../src/core/metrics/csvTable';
import { durationToMs, formatDuration } from '../../../src/core/metrics/duration';
import { lookUpJsonPointer } from '../../../src/core/metrics/jsonPointer';
import { fetchMetric } from '../../../src/core/metrics/metricSource';
import { parseOutput } from '../../../src/core/metrics/sources/commandSource';
import { parseTimestamp } from '../../../src/core/metrics/timestamps';
import { dependencies, job } from './helpers/sourceContext';

describe('metric parsing helpers', () => {
  it('reads durations', () => {
    assert.equal(durationToMs(90), 90_000);
    assert.equal(durationToMs('1h30m'), 5_400_000);
    assert.equal(durationToMs('250ms'), 250);
    assert.equal(durationToMs('2d'), 172_800_000);
    assert.equal(durationToMs('1w'), 604_800_000);
    assert.equal(durationToMs('5 minutes'), undefined);
    assert.equal(durationToMs(''), undefined);
    assert.equal(durationToMs(undefined), undefined);
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(300), '300ms');
  });

  it('parses CSV per RFC 4180', () => {
    assert.deepEqual(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n\n"multi\nline",  2  \n'), [
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    assert.deepEqual(parseCsv('a,b\n1,'), [
      ['a', 'b'],
      ['1', ''],
    ]);
    assert.throws(() => parseCsv('a\n"open'), /ends inside a quoted field/);
  });

  it('looks up JSON pointers per RFC 6901', () => {
    const document = { foo: ['bar', 'baz'], '': 0, 'a/b': 1, 'm~n': 8, ' ': 7 };
    assert.deepEqual(lookUpJsonPointer(document, ''), { found: true, value: document });
    assert.deepEqual(lookUpJsonPointer(document, '/foo/0'), { found: true, value: 'bar' });
    assert.deepEqual(lookUpJsonPointer(document, '/'), { found: true, value: 0 });
    assert.deepEqual(lookUpJsonPointer(document, '/a~1b'), { found: true, value: 1 });
    assert.deepEqual(lookUpJsonPointer(document, '/m~0n'), { found: true, value: 8 });
    assert.deepEqual(lookUpJsonPointer(document, '/ '), { found: true, value: 7 });
    assert.deepEqual(lookUpJsonPointer(document, '#/a~1b'), { found: true, value: 1 });
    assert.equal(lookUpJsonPointer(document, '/foo/01').found, false, 'no leading zeros');
    assert.equal(lookUpJsonPointer(document, '/foo/-').found, false, '"-" names no element');
    assert.equal(lookUpJsonPointer(document, '/toString').found, false, 'no inherited properties');
  });

  it('reads timestamps as UTC', () => {
    assert.equal(parseTimestamp('2026-11-20'), Date.UTC(2026, 10, 20));
    assert.equal(parseTimestamp('2026-11-20T10:30:00'), Date.UTC(2026, 10, 20, 10, 30));
    assert.equal(parseTimestamp('2026-11-20 10:30:00+02:00'), Date.UTC(2026, 10, 20, 8, 30));
    assert.equal(parseTimestamp('1795219200'), 1_795_219_200_000);
    assert.equal(parseTimestamp('1795219200123'), 1_795_219_200_123);
    assert.equal(parseTimestamp('2026-02-30'), undefined);
    assert.equal(parseTimestamp('yesterday'), undefined);
  });

  it('reads command output', () => {
    assert.equal(parseOutput(' 42\n', undefined), 42);
    assert.equal(parseOutput('-1.5e3', undefined), -1500);
    assert.equal(parseOutput('"3.5"', undefined), 3.5);
    assert.equal(parseOutput('{"a":{"b":2}}', '/a/b'), 2);
    assert.throws(() => parseOutput('', undefined), /printed nothing/);
    assert.throws(() => parseOutput('{"a":1}', undefined), /the command's output is an object, not a number/);
    assert.throws(() => parseOutput('{"a":1}', '/b'), /nothing at \/b/);
    assert.throws(() => parseOutput('{"a":"Infinity"}', '/a'), /is \+Inf/);
  });

  it('names an unknown source type and a missing source', async () => {
    await assert.rejects(fetchMetric(job(undefined), dependencies()), { message: 'no source configured' });
    const unknown = { ...job({ type: 'static', value: 1 }), source: JSON.parse('{"type":"graphite"}') as { type: 'static'; value: number } };
    await assert.rejects(fetchMetric(unknown, dependencies()), { message: 'unknown source type "graphite"' });
  });
});
