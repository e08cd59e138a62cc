// A metric's history as a small SVG sparkline, shared by the editor hover (as a data: image)
// and the report (inline in the webview and in Markdown). Pure: the caller picks the colours
// (theme colours do not reach a data: image, so the hover passes concrete ones).
import type { HistoryPoint } from './metricTypes';

export interface TrendChartOptions {
  width?: number;
  height?: number;
  /** CSS colour of the line. */
  stroke?: string;
  /** CSS colour of the dashed target line; omitted when no target is given. */
  targetStroke?: string;
  /** Drawn as a dashed horizontal line when it falls inside the plotted range (it widens the range). */
  target?: number | undefined;
  /** Accessible name (`<title>`); escaped. */
  title?: string;
}

const defaults = { width: 160, height: 36, stroke: '#3794ff', targetStroke: '#888888' };
const padding = 2;

/**
 * The SVG text, or undefined when there are fewer than two finite points (no trend to draw).
 * Points are sorted by time; non-finite values are skipped. Coordinates are rounded to 0.1 px.
 */
export function trendSvg(history: readonly HistoryPoint[], options: TrendChartOptions = {}): string | undefined {
  const points = history.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v)).sort((a, b) => a.t - b.t);
  if (points.length < 2) return undefined;
  const width = options.width ?? defaults.width;
  const height = options.height ?? defaults.height;
  const stroke = options.stroke ?? defaults.stroke;
  const target = options.target !== undefined && Number.isFinite(options.target) ? options.target : undefined;

  const t0 = points[0]?.t ?? 0;
  const t1 = points[points.length - 1]?.t ?? 0;
  let low = Math.min(...points.map((p) => p.v));
  let high = Math.max(...points.map((p) => p.v));
  if (target !== undefined) {
    low = Math.min(low, target);
    high = Math.max(high, target);
  }
  if (high === low) {
    high += 1;
    low -= 1;
  }
  const x = (t: number) => round(padding + ((t - t0) / (t1 - t0 || 1)) * (width - 2 * padding));
  const y = (v: number) => round(height - padding - ((v - low) / (high - low)) * (height - 2 * padding));

  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t)} ${y(p.v)}`).join(' ');
  const last = points[points.length - 1] ?? { t: t1, v: 0 };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    options.title !== undefined ? `<title>${escapeXml(options.title)}</title>` : '',
    target !== undefined
      ? `<line x1="${padding}" y1="${y(target)}" x2="${width - padding}" y2="${y(target)}" stroke="${escapeXml(options.targetStroke ?? defaults.targetStroke)}" stroke-width="1" stroke-dasharray="3 2"/>`
      : '',
    `<path d="${path}" fill="none" stroke="${escapeXml(stroke)}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`,
    `<circle cx="${x(last.t)}" cy="${y(last.v)}" r="2" fill="${escapeXml(stroke)}"/>`,
    '</svg>',
  ];
  return parts.join('');
}

/** The SVG as a `data:` URI, for a Markdown image in a hover. */
export function trendDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
