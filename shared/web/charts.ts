// Inline SVG charts for the savings dashboard: grouped columns (by month) and horizontal bars (by TPA, by provider).
// Colors come from the stylesheet's classes (no inline style: the CSP forbids it).
import { html } from 'hono/html';
import { moneyShort } from './format.ts';

export interface Series {
  name: string;
  className: string;
}

export interface Group {
  label: string;
  values: number[];
  href?: string;
}

/** The smallest 1, 2 or 5 times a power of ten at or above `value`: axis ticks read as round amounts. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Columns per group, one per series, with a value axis from 0 to the largest value. */
export function columnChart(series: Series[], groups: Group[], title: string) {
  const width = 960;
  const height = 240;
  const left = 56;
  const bottom = 28;
  const top = 10;
  const plotHeight = height - bottom - top;
  const max = niceCeiling(Math.max(1, ...groups.flatMap((g) => g.values)));
  const slot = (width - left - 8) / Math.max(1, groups.length);
  const barWidth = Math.max(4, Math.min(28, (slot - 8) / series.length));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f));
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}">
    <title>${title}</title>
    ${ticks.map((t) => {
      const y = top + plotHeight - (t / max) * plotHeight;
      return html`<line class="axis" x1="${left}" x2="${width - 4}" y1="${y}" y2="${y}" stroke-dasharray="${t === 0 ? '' : '2 3'}"></line><text x="${left - 6}" y="${y + 4}" text-anchor="end">${moneyShort(t)}</text>`;
    })}
    ${groups.map((g, gi) => {
      const x0 = left + gi * slot + (slot - barWidth * series.length) / 2;
      return html`<g>${g.values.map((v, si) => {
        const h = (v / max) * plotHeight;
        return html`<rect class="${series[si]!.className}" x="${x0 + si * barWidth}" y="${top + plotHeight - h}" width="${barWidth - 2}" height="${h}"><title>${g.label} · ${series[si]!.name}: ${moneyShort(v)}</title></rect>`;
      })}<text x="${left + gi * slot + slot / 2}" y="${height - 8}" text-anchor="middle">${g.label}</text></g>`;
    })}
  </svg>`;
}

/** One row per group: a bar for each series, stacked vertically within the row, the label on the left. */
export function barChart(series: Series[], groups: Group[], title: string) {
  const width = 640;
  const labelWidth = 210;
  const rowHeight = 10 * series.length + 14;
  const height = Math.max(40, groups.length * rowHeight + 8);
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const plot = width - labelWidth - 70;
  const clip = (text: string) => (text.length > 30 ? `${text.slice(0, 29)}…` : text);
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}">
    <title>${title}</title>
    ${groups.map((g, gi) => {
      const y0 = 4 + gi * rowHeight;
      const label = html`<text x="${labelWidth - 8}" y="${y0 + (10 * series.length) / 2 + 4}" text-anchor="end">${clip(g.label)}</text>`;
      return html`<g>${g.href ? html`<a href="${g.href}">${label}</a>` : label}${g.values.map((v, si) => {
        const w = (v / max) * plot;
        return html`<rect class="${series[si]!.className}" x="${labelWidth}" y="${y0 + si * 10}" width="${Math.max(w, v > 0 ? 1 : 0)}" height="8"><title>${g.label} · ${series[si]!.name}: ${moneyShort(v)}</title></rect>${si === 0 ? html`<text x="${labelWidth + w + 6}" y="${y0 + 8}">${moneyShort(v)}</text>` : ''}`;
      })}</g>`;
    })}
  </svg>`;
}
