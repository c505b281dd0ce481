// Maps a scan onto its form exactly: a projective map (homography) from the form's template to the page, fitted to
// where the form's ruled lines are found, then the page resampled into template coordinates. A phone photo's
// perspective, a scanner's rotation and shear all come out; cells then sit where the template says.
import type { Raster } from './engine.ts';
import { lineAt, type RuledLine } from './raster.ts';
import type { GridTemplate } from './register.ts';

/** Template point (x, y in points) to page pixel: u = (h0 x + h1 y + h2) / w, v = (h3 x + h4 y + h5) / w, w = h6 x + h7 y + 1. */
export type Homography = readonly [number, number, number, number, number, number, number, number];

export function project(h: Homography, x: number, y: number): { u: number; v: number } {
  const w = h[6] * x + h[7] * y + 1;
  return { u: (h[0] * x + h[1] * y + h[2]) / w, v: (h[3] * x + h[4] * y + h[5]) / w };
}

/** How well a fit holds: matched share of the template's rules, and the mean distance of samples to their lines. */
export interface Rectification {
  homography: Homography;
  /** Share of the template's ruled lines (by length) found where the fit puts them. */
  coverage: number;
  /** Mean distance, in page pixels, of the template's rules from the lines found for them. */
  residual: number;
}

interface Constraint {
  /** A template point that must land on the image line a u + b v + c = 0 (a, b normalised). */
  x: number;
  y: number;
  a: number;
  b: number;
  c: number;
}

const STEP = 24; // template points between samples along a rule

/**
 * Fits the homography, starting from `initial` (a coarser map that is right to within `tolerance` pixels): each
 * template rule is matched to the nearest found line of its direction that overlaps it, samples along the rule must
 * land on that line, and the fit is repeated with tighter matching.
 */
export function rectify(
  horizontal: readonly RuledLine[],
  vertical: readonly RuledLine[],
  template: GridTemplate,
  initial: (x: number, y: number) => { u: number; v: number },
  tolerance: number,
): Rectification | null {
  let map = initial;
  let h: Homography | null = null;
  let result: { coverage: number; residual: number } = { coverage: 0, residual: Infinity };
  for (const tol of [tolerance, tolerance * 0.55, tolerance * 0.3, tolerance * 0.2]) {
    const constraints: Constraint[] = [];
    let found = 0;
    let total = 0;
    const match = (rule: readonly [number, number, number], dir: 'h' | 'v'): void => {
      const [at, from, to] = rule;
      const length = to - from;
      total += length;
      const point = (s: number): { x: number; y: number } => (dir === 'h' ? { x: s, y: at } : { x: at, y: s });
      const samples: number[] = [];
      for (let s = from + 4; s <= to - 4; s += STEP) samples.push(s);
      if (samples.length === 0) samples.push((from + to) / 2);
      const pix = samples.map((s) => map(point(s).x, point(s).y));
      const lines = dir === 'h' ? horizontal : vertical;
      // Where the rule should start and end along its direction: a found line running far past both ends is
      // something else (a fax streak, a fold).
      const ends = pix.map((p) => (dir === 'h' ? p.u : p.v));
      const first = Math.min(...ends) - STEP, last = Math.max(...ends) + STEP;
      const overrun = Math.max(40, (last - first) * 0.12);
      // The line whose distance to the predicted rule is smallest, over most of the rule's length.
      let best: { line: RuledLine; distance: number } | null = null;
      for (const line of lines) {
        if (line.from < first - overrun && line.to > last + overrun) continue;
        let near = 0;
        let sum = 0;
        for (const p of pix) {
          const along = dir === 'h' ? p.u : p.v;
          if (along < line.from - 6 || along > line.to + 6) continue;
          const d = Math.abs((dir === 'h' ? p.v : p.u) - lineAt(line, along));
          if (d <= tol) {
            near++;
            sum += d;
          }
        }
        if (near >= Math.max(1, pix.length * 0.5) && (!best || sum / near < best.distance)) best = { line, distance: sum / near };
      }
      if (!best) return;
      found += length;
      const l = best.line;
      const slope = l.slope ?? 0;
      const c0 = l.at - slope * (l.mid ?? 0);
      // Horizontal: v = c0 + slope u  ->  slope u - v + c0 = 0. Vertical: u = c0 + slope v  ->  u - slope v - c0 = 0.
      const [a, b, c] = dir === 'h' ? [slope, -1, c0] : [1, -slope, -c0];
      const n = Math.hypot(a, b);
      samples.forEach((s, i) => {
        const along = dir === 'h' ? pix[i]!.u : pix[i]!.v;
        if (along < l.from - 6 || along > l.to + 6) return;
        constraints.push({ ...point(s), a: a / n, b: b / n, c: c / n });
      });
    };
    for (const r of template.horizontal) match(r, 'h');
    for (const r of template.vertical) if (r[2] - r[1] >= 18) match(r, 'v');
    const fitted = fitToLines(constraints, tol);
    if (!fitted) return h ? { homography: h, ...result } : null;
    h = fitted.h;
    result = { coverage: found / total, residual: fitted.residual };
    const current = h;
    map = (x, y) => project(current, x, y);
  }
  return h ? { homography: h, ...result } : null;
}

/** Least squares over the line constraints (points scaled for conditioning), dropping the worst outliers. */
function fitToLines(all: Constraint[], tolerance: number): { h: Homography; residual: number } | null {
  let constraints = all;
  for (let round = 0; round < 4; round++) {
    if (constraints.length < 12) return null;
    const h = solve(constraints);
    if (!h) return null;
    const errors = constraints.map((k) => {
      const p = project(h, k.x, k.y);
      return Math.abs(k.a * p.u + k.b * p.v + k.c);
    });
    const residual = errors.reduce((s, e) => s + e, 0) / errors.length;
    const limit = Math.max(tolerance * 0.35, residual * 2.5);
    const kept = constraints.filter((_, i) => errors[i]! <= limit);
    if (kept.length === constraints.length || round === 3) return { h, residual };
    constraints = kept;
  }
  return null;
}

/**
 * Solves a (h0 x + h1 y + h2) + b (h3 x + h4 y + h5) + c (h6 x + h7 y + 1) = 0 for h in least squares, with x, y in
 * hundreds of points for conditioning.
 */
function solve(constraints: Constraint[]): Homography | null {
  const k = 0.01;
  const ata = Array.from({ length: 8 }, () => new Float64Array(8));
  const atb = new Float64Array(8);
  for (const q of constraints) {
    const x = q.x * k, y = q.y * k;
    const row = [q.a * x, q.a * y, q.a, q.b * x, q.b * y, q.b, q.c * x, q.c * y];
    const rhs = -q.c;
    for (let i = 0; i < 8; i++) {
      atb[i]! += row[i]! * rhs;
      for (let j = 0; j < 8; j++) ata[i]![j]! += row[i]! * row[j]!;
    }
  }
  const s = gauss(ata, atb);
  if (!s) return null;
  // Undo the scaling of x and y.
  return [s[0]! * k, s[1]! * k, s[2]!, s[3]! * k, s[4]! * k, s[5]!, s[6]! * k, s[7]! * k];
}

function gauss(m: Float64Array[], r: Float64Array): number[] | null {
  const n = r.length;
  const a = m.map((row, i) => [...row, r[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(a[i]![col]!) > Math.abs(a[pivot]![col]!)) pivot = i;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let i = 0; i < n; i++) {
      if (i === col) continue;
      const f = a[i]![col]! / a[col]![col]!;
      if (f === 0) continue;
      for (let j = col; j <= n; j++) a[i]![j]! -= f * a[col]![j]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * Resamples the page into template coordinates at `scale` pixels per point (bilinear), white outside the page:
 * pixel (x, y) of the result shows template point (x / scale, y / scale). With `region` (template points), only that
 * part is made, its pixel (0, 0) at the region's corner.
 */
export function warpToTemplate(
  image: Raster,
  h: Homography,
  templateWidth: number,
  templateHeight: number,
  scale: number,
  region: { x: number; y: number; w: number; h: number } = { x: 0, y: 0, w: templateWidth, h: templateHeight },
): Raster {
  const width = Math.round(region.w * scale);
  const height = Math.round(region.h * scale);
  const ox = region.x * scale;
  const oy = region.y * scale;
  const c = image.channels;
  const out = new Uint8Array(width * height * c).fill(255);
  const { width: iw, height: ih, data } = image;
  for (let y = 0; y < height; y++) {
    const ty = (oy + y + 0.5) / scale;
    // Along a row the map's numerators and denominator change linearly: step them instead of recomputing.
    const tx0 = (ox + 0.5) / scale;
    const dt = 1 / scale;
    let nu = h[0] * tx0 + h[1] * ty + h[2];
    let nv = h[3] * tx0 + h[4] * ty + h[5];
    let w = h[6] * tx0 + h[7] * ty + 1;
    const du = h[0] * dt, dv = h[3] * dt, dw = h[6] * dt;
    for (let x = 0; x < width; x++, nu += du, nv += dv, w += dw) {
      const u = nu / w - 0.5;
      const v = nv / w - 0.5;
      const x0 = Math.floor(u), y0 = Math.floor(v);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= iw || y0 + 1 >= ih) continue;
      const fx = u - x0, fy = v - y0;
      const i00 = (y0 * iw + x0) * c, i01 = i00 + c, i10 = i00 + iw * c, i11 = i10 + c;
      const o = (y * width + x) * c;
      for (let k = 0; k < c; k++)
        out[o + k] = (data[i00 + k]! * (1 - fx) + data[i01 + k]! * fx) * (1 - fy) + (data[i10 + k]! * (1 - fx) + data[i11 + k]! * fx) * fy + 0.5;
    }
  }
  return { width, height, channels: c, data: out };
}
