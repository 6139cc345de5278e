// Small accessible SVG line charts (issue #15), no chart library: a polyline over
// the points, the axis range in text, role="img" with the plain-language summary as
// its name. Colours come from CSS (currentColor / .chart classes) so both themes work.
import { html } from "./dom.js";

/**
 * points: [{t: ms, v: number}] oldest first. opts: {w, h, label, max}.
 * Returns `html` markup; an empty series gives an empty string.
 */
export function lineChart(points, { w = 320, h = 64, label = "", max } = {}) {
  const pts = points.filter((p) => Number.isFinite(p.v));
  if (!pts.length) return "";
  const t0 = pts[0].t, t1 = pts[pts.length - 1].t || t0 + 1;
  const top = max ?? Math.max(...pts.map((p) => p.v), 1e-9);
  const x = (t) => (t1 === t0 ? w / 2 : ((t - t0) / (t1 - t0)) * (w - 2) + 1);
  const y = (v) => h - 1 - (Math.min(v, top) / top) * (h - 2);
  const line = pts.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  return html`<svg class="chart" role="img" aria-label="${label}" viewBox="0 0 ${w} ${h}" width="${w}"
    height="${h}" preserveAspectRatio="none"><title>${label}</title>
    <line class="base" x1="0" y1="${h - 0.5}" x2="${w}" y2="${h - 0.5}"></line>
    <polyline class="line" fill="none" points="${line}"></polyline></svg>`;
}
