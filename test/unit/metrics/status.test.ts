import assert from 'node:assert/strict';
import type { MetricSpec } from '../../../src/core/config/schema';
import type { MetricReading, OutcomeTiming } from '../../../src/core/metrics/metricTypes';
import type { MetricAssessment, MetricStatus } from '../../../src/core/metrics/status';
import { assessMetric, assessOutcomes, progressOf, scheduleOf, statusSeverity, thresholdsOf, worstStatus } from '../../../src/core/metrics/status';

const day = 86_400_000;
const fresh = (value: number | null, extra: Partial<MetricReading> = {}): MetricReading => ({ value, history: [], stale: false, asOf: now, ...extra });
// 2026-11-22T00:00Z; the outcome below runs 2026-11-01 .. 2026-12-31, so about a third has elapsed.
const now = Date.UTC(2026, 10, 22);
const active: OutcomeTiming = { id: 'KR-1', start: '2026-11-01', due: '2026-12-31', status: 'active' };
const increase: MetricSpec = { id: 'conversion', baseline: 3, target: 4 };

describe('metric status', () => {
  describe('progress', () => {
    const cases: [string, MetricSpec, number, number | undefined, string?][] = [
      ['increase: at the baseline', increase, 3, 0],
      ['increase: halfway', increase, 3.5, 0.5],
      ['increase: past the target', increase, 5, 2],
      ['increase: worse than the baseline', increase, 2.5, -0.5],
      ['decrease inferred from baseline > target', { id: 'latency', baseline: 400, target: 200 }, 300, 0.5, 'decrease'],
      ['no baseline, target met', { id: 'm', target: 4 }, 4.1, 1],
      ['no baseline, target not met: unknown', { id: 'm', target: 4 }, 3.9, undefined],
      ['no baseline, decrease given, met', { id: 'm', target: 200, direction: 'decrease' }, 150, 1, 'decrease'],
      ['baseline = target, met', { id: 'm', baseline: 4, target: 4 }, 4, 1],
      ['baseline = target, not met', { id: 'm', baseline: 4, target: 4 }, 3, 0],
      ['range: inside', { id: 'cpu', direction: 'range', min: 40, max: 70 }, 55, 1, 'range'],
      ['range: on a bound counts as inside', { id: 'cpu', direction: 'range', min: 40, max: 70 }, 70, 1, 'range'],
      ['range: outside, scaled by the width', { id: 'cpu', direction: 'range', min: 40, max: 70 }, 85, 0.5, 'range'],
      ['range: outside, scaled by the baseline distance', { id: 'cpu', min: 40, max: 70, baseline: 90 }, 80, 0.5, 'range'],
      ['range: worse than the baseline is negative', { id: 'cpu', min: 40, max: 70, baseline: 90 }, 110, -1, 'range'],
      ['range: one bound without baseline is unknown outside', { id: 'p95', max: 300 }, 400, undefined, 'range'],
      ['range: one bound, inside', { id: 'p95', max: 300 }, 250, 1, 'range'],
    ];
    for (const [name, metric, value, expected, direction] of cases) {
      it(name, () => {
        const result = progressOf(metric, value);
        assert.ok(result);
        if (expected === undefined) assert.equal(result.progress, undefined);
        else assert.ok(Math.abs((result.progress ?? Number.NaN) - expected) < 1e-9, `${String(result.progress)} ≠ ${expected}`);
        if (direction) assert.equal(result.direction, direction);
      });
    }

    it('is undefined for an informational metric (no target, no range)', () => {
      assert.equal(progressOf({ id: 'm' }, 3), undefined);
    });
  });

  describe('expected progress', () => {
    it('is the elapsed fraction of start..end of due day, in UTC', () => {
      const schedule = scheduleOf({ id: 'o', start: '2026-11-01', due: '2026-11-30', status: 'active' }, Date.UTC(2026, 10, 16));
      assert.equal(schedule.expected, 0.5);
      assert.equal(schedule.pastDue, false);
    });
    it('is clamped to 0 before start and 1 after due', () => {
      assert.equal(scheduleOf(active, Date.UTC(2026, 9, 1)).expected, 0);
      const after = scheduleOf(active, Date.UTC(2027, 0, 2));
      assert.equal(after.expected, 1);
      assert.equal(after.pastDue, true);
    });
    it('counts the due day itself as not past due', () => {
      assert.equal(scheduleOf(active, Date.UTC(2026, 11, 31, 23, 59)).pastDue, false);
      assert.equal(scheduleOf(active, Date.UTC(2027, 0, 1)).pastDue, true);
    });
    it('needs both dates, valid and in order', () => {
      assert.equal(scheduleOf({ id: 'o', due: '2026-12-31', status: 'active' }, now).expected, undefined);
      assert.equal(scheduleOf({ id: 'o', start: '2026-12-31', due: '2026-11-01', status: 'active' }, now).expected, undefined);
      assert.equal(scheduleOf({ id: 'o', start: '2026-02-30', due: '2026-12-31', status: 'active' }, now).expected, undefined);
    });
  });

  describe('the rule', () => {
    // Expected progress at `now` for `active`: 21 of 61 days ≈ 0.344.
    const expected = 21 / 61;
    const cases: [string, { metric?: MetricSpec; reading: MetricReading; timing?: OutcomeTiming; settings?: { atRiskBelow?: number; offTrackBelow?: number; staleAfter?: string } }, MetricStatus][] = [
      ['no value, no error: no-data', { reading: fresh(null) }, 'no-data'],
      ['no value, failing: error', { reading: fresh(null, { error: 'HTTP 500' }) }, 'error'],
      ['value, failing: stale', { reading: fresh(3.9, { error: 'HTTP 500' }) }, 'stale'],
      ['cached, not refreshed yet: stale', { reading: fresh(3.9, { stale: true }) }, 'stale'],
      ['older than the metric staleAfter: stale', { metric: { ...increase, staleAfter: '1h' }, reading: fresh(3.9, { asOf: now - 2 * 3_600_000 }) }, 'stale'],
      ['older than the settings staleAfter: stale', { reading: fresh(3.9, { asOf: now - 2 * day }), settings: { staleAfter: '1d' } }, 'stale'],
      ['young enough: not stale', { metric: { ...increase, staleAfter: '1h' }, reading: fresh(3.9, { asOf: now - 60_000 }) }, 'on-track'],
      ['progress ≥ 1: achieved', { reading: fresh(4), timing: active }, 'achieved'],
      ['achieved even past due', { reading: fresh(4.2), timing: { ...active, due: '2026-11-10' } }, 'achieved'],
      ['ratio exactly atRiskBelow: on-track', { reading: fresh(3 + 0.9 * expected), timing: active }, 'on-track'],
      ['ratio just below atRiskBelow: at-risk', { reading: fresh(3 + 0.89 * expected), timing: active }, 'at-risk'],
      ['ratio exactly offTrackBelow: at-risk', { reading: fresh(3 + 0.6 * expected), timing: active }, 'at-risk'],
      ['ratio below offTrackBelow: off-track', { reading: fresh(3 + 0.59 * expected), timing: active }, 'off-track'],
      ['custom thresholds apply', { reading: fresh(3 + 0.5 * expected), timing: active, settings: { atRiskBelow: 0.5, offTrackBelow: 0.2 } }, 'on-track'],
      ['past due and not reached: off-track', { reading: fresh(3.99), timing: { ...active, due: '2026-11-10' } }, 'off-track'],
      ['past due with only a due date: off-track', { reading: fresh(3.99), timing: { id: 'KR-1', due: '2026-11-10', status: 'active' } }, 'off-track'],
      ['before start: on-track', { reading: fresh(2), timing: { ...active, start: '2026-12-01' } }, 'on-track'],
      ['no dates, moving: on-track', { reading: fresh(3.1) }, 'on-track'],
      ['no dates, at baseline: at-risk', { reading: fresh(3) }, 'at-risk'],
      ['no dates, going the wrong way: at-risk (never off-track)', { reading: fresh(1) }, 'at-risk'],
      ['paused outcome: judged without schedule', { reading: fresh(3.01), timing: { ...active, status: 'paused' } }, 'on-track'],
      ['no baseline, target not met: at-risk', { metric: { id: 'm', target: 4 }, reading: fresh(3), timing: active }, 'at-risk'],
      ['range inside: achieved', { metric: { id: 'cpu', min: 40, max: 70 }, reading: fresh(50) }, 'achieved'],
      ['no target: no-data (informational)', { metric: { id: 'm' }, reading: fresh(50) }, 'no-data'],
    ];
    for (const [name, input, status] of cases) {
      it(name, () => {
        const result = assessMetric({ metric: input.metric ?? increase, reading: input.reading, now, ...(input.timing ? { timing: input.timing } : {}), ...(input.settings ? { settings: input.settings } : {}) });
        assert.equal(result.status, status, result.reason);
        assert.ok(result.reason.length > 0);
      });
    }

    it('reports the status a stale value would have, and the failure as the reason', () => {
      const result = assessMetric({ metric: increase, reading: fresh(4.5, { error: 'HTTP 503 Service Unavailable' }), now });
      assert.equal(result.status, 'stale');
      assert.equal(result.valueStatus, 'achieved');
      assert.match(result.reason, /source failing \(HTTP 503 Service Unavailable\)/);
    });

    it('says why an error is an error', () => {
      assert.equal(assessMetric({ metric: increase, reading: fresh(null, { error: 'query returned no series' }), now }).reason, 'query returned no series');
    });

    it('keeps offTrackBelow at or below atRiskBelow', () => {
      assert.deepEqual(thresholdsOf({ atRiskBelow: 0.5, offTrackBelow: 0.8 }), { atRiskBelow: 0.5, offTrackBelow: 0.5 });
      assert.deepEqual(thresholdsOf(undefined), { atRiskBelow: 0.9, offTrackBelow: 0.6 });
    });
  });

  describe('severity and roll-up', () => {
    it('orders off-track > at-risk > error > stale > no-data > on-track > achieved', () => {
      const ordered = (Object.keys(statusSeverity) as MetricStatus[]).sort((a, b) => statusSeverity[b] - statusSeverity[a]);
      assert.deepEqual(ordered, ['off-track', 'at-risk', 'error', 'stale', 'no-data', 'on-track', 'achieved']);
      assert.equal(worstStatus(['on-track', 'error', 'achieved']), 'error');
      assert.equal(worstStatus([]), undefined);
    });

    const judged = (status: MetricStatus, metricId = 'm'): MetricAssessment & { metricId: string } => ({ status, reason: `${status} because`, counts: true, metricId });

    it('gives an outcome the worst of its metrics and names the culprit', () => {
      const result = assessOutcomes([active], new Map([['KR-1', [judged('on-track', 'a'), judged('at-risk', 'b'), judged('stale', 'c')]]]));
      assert.equal(result.get('KR-1')?.status, 'at-risk');
      assert.equal(result.get('KR-1')?.reason, 'metric b: at-risk because');
    });

    it('ignores informational metrics and says no-data when nothing is judged', () => {
      const informational: MetricAssessment = { status: 'no-data', reason: 'no target', counts: false };
      const result = assessOutcomes([active], new Map([['KR-1', [informational, { ...judged('error'), counts: false }]]]));
      assert.equal(result.get('KR-1')?.status, 'no-data');
    });

    it('rolls objectives up from their children, skipping paused and dropped ones', () => {
      const outcomes: OutcomeTiming[] = [
        { id: 'OBJ-1', status: 'active' },
        { id: 'KR-1', status: 'active', parentId: 'OBJ-1' },
        { id: 'KR-2', status: 'paused', parentId: 'OBJ-1' },
        { id: 'KR-3', status: 'dropped', parentId: 'OBJ-1' },
        { id: 'KR-4', status: 'achieved', parentId: 'OBJ-1' },
      ];
      const result = assessOutcomes(
        outcomes,
        new Map([
          ['KR-1', [judged('on-track')]],
          ['KR-2', [judged('off-track')]],
          ['KR-3', [judged('error')]],
          ['KR-4', [judged('off-track')]],
        ]),
      );
      assert.equal(result.get('KR-4')?.status, 'achieved', 'marked achieved wins over its metrics');
      assert.equal(result.get('KR-2')?.status, 'off-track');
      assert.equal(result.get('KR-2')?.counts, false);
      assert.match(result.get('KR-2')?.reason ?? '', /^paused; /);
      assert.equal(result.get('OBJ-1')?.status, 'on-track');
    });

    it('rolls up through several levels and survives a cycle', () => {
      const outcomes: OutcomeTiming[] = [
        { id: 'A', status: 'active', parentId: 'C' },
        { id: 'B', status: 'active', parentId: 'A' },
        { id: 'C', status: 'active', parentId: 'B' },
        { id: 'D', status: 'active', parentId: 'C' },
      ];
      const result = assessOutcomes(outcomes, new Map([['D', [judged('off-track')]]]));
      assert.equal(result.size, 4);
      assert.equal(result.get('C')?.status, 'off-track');
    });

    it('an objective with only paused children has no data', () => {
      const result = assessOutcomes(
        [
          { id: 'OBJ', status: 'active' },
          { id: 'KR', status: 'paused', parentId: 'OBJ' },
        ],
        new Map([['KR', [judged('on-track')]]]),
      );
      assert.equal(result.get('OBJ')?.status, 'no-data');
    });
  });
});
