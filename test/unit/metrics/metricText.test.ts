import assert from 'node:assert/strict';
import { formatPercent, formatValue, statusLabel } from '../../../src/core/metrics/metricText';

describe('metric text', () => {
  it('formats values with their unit, rounded for reading', () => {
    assert.equal(formatValue(3.4, '%'), '3.4 %');
    assert.equal(formatValue(3.41666, '%'), '3.42 %');
    assert.equal(formatValue(655.4, 'ms'), '655 ms');
    assert.equal(formatValue(47.5, undefined), '47.5');
    assert.equal(formatValue(null, '%'), '—');
  });

  it('names statuses in plain words', () => {
    assert.equal(statusLabel('at-risk'), 'at risk');
    assert.equal(statusLabel('no-data'), 'no data');
    assert.equal(formatPercent(0.333), '33%');
    assert.equal(formatPercent(undefined), undefined);
  });
});
