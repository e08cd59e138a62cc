import assert from 'node:assert/strict';
import { trendDataUri, trendSvg } from '../../../src/core/metrics/trendChart';

const day = 86_400_000;

describe('trend chart', () => {
  it('draws the history left to right, rising values going up, with the last point marked', () => {
    const svg = trendSvg(
      [
        { t: 2 * day, v: 3 },
        { t: 0, v: 1 },
        { t: day, v: 2 },
      ],
      { width: 104, height: 24 },
    );
    assert.ok(svg);
    // Sorted by time; x spans 2..102, y spans 22 (low) .. 2 (high).
    assert.match(svg, /d="M2 22 L52 12 L102 2"/);
    assert.match(svg, /<circle cx="102" cy="2"/);
    assert.doesNotMatch(svg, /<line/);
  });

  it('draws the target as a dashed line and widens the range to include it', () => {
    const svg = trendSvg(
      [
        { t: 0, v: 1 },
        { t: day, v: 2 },
      ],
      { width: 104, height: 24, target: 3 },
    );
    assert.ok(svg);
    assert.match(svg, /<line x1="2" y1="2" x2="102" y2="2"[^>]*stroke-dasharray/);
    assert.match(svg, /d="M2 22 L102 12"/);
  });

  it('has no chart without a trend: fewer than two finite points', () => {
    assert.equal(trendSvg([]), undefined);
    assert.equal(trendSvg([{ t: 0, v: 1 }]), undefined);
    assert.equal(
      trendSvg([
        { t: 0, v: 1 },
        { t: day, v: Number.NaN },
      ]),
      undefined,
    );
  });

  it('draws a flat history mid-height instead of dividing by zero', () => {
    const svg = trendSvg(
      [
        { t: 0, v: 5 },
        { t: day, v: 5 },
      ],
      { width: 104, height: 24 },
    );
    assert.match(svg ?? '', /d="M2 12 L102 12"/);
  });

  it('escapes the title and colours it is given', () => {
    const svg = trendSvg(
      [
        { t: 0, v: 1 },
        { t: day, v: 2 },
      ],
      { title: '<script>alert(1)</script> & "x"', stroke: '"/><script>' },
    );
    assert.ok(svg);
    assert.doesNotMatch(svg, /<script>/);
    assert.match(svg, /<title>&#60;script&#62;alert\(1\)&#60;\/script&#62; &#38; &#34;x&#34;<\/title>/);
  });

  it('encodes as a data URI that decodes back to the SVG', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
    const uri = trendDataUri(svg);
    assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
    assert.equal(Buffer.from(uri.split(',')[1] ?? '', 'base64').toString('utf8'), svg);
  });
});
