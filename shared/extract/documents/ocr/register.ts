// Registers a scanned page against a form's printed grid: which scale and offset map the template's ruled lines
// onto the lines found in the pixels. Works on a deskewed page; tolerant of missing, extra and broken lines.
import type { FormFrame } from '../form-frame.ts';
import type { RuledLine } from './raster.ts';

/** A form's ruled lines in template points: horizontal [y, x0, x1] and vertical [x, y0, y1]. */
export interface GridTemplate {
  width: number;
  height: number;
  horizontal: readonly (readonly [number, number, number])[];
  vertical: readonly (readonly [number, number, number])[];
}

export interface Registration {
  frame: FormFrame;
  /** The same fit with the other horizontal mapping it weighed (rules and edges disagreed), to try as well. */
  alternative?: FormFrame;
  /** Share of the template's long horizontal lines found where the fit puts them (0..1). */
  coverage: number;
}

interface Pair {
  t: number;
  d: number;
}

function fitLine(pairs: Pair[]): { s: number; o: number } | null {
  if (pairs.length < 2) return null;
  const n = pairs.length;
  const mt = pairs.reduce((a, p) => a + p.t, 0) / n;
  const md = pairs.reduce((a, p) => a + p.d, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of pairs) {
    num += (p.t - mt) * (p.d - md);
    den += (p.t - mt) ** 2;
  }
  if (den === 0) return null;
  const s = num / den;
  return { s, o: md - s * mt };
}

/** Least squares with the worst outliers dropped while any is further than `tol` from the fit. */
function robustFit(pairs: Pair[], tol: number): { s: number; o: number; used: number } | null {
  let current = [...pairs];
  for (;;) {
    const fit = fitLine(current);
    if (!fit) return null;
    const errors = current.map((p) => Math.abs(fit.s * p.t + fit.o - p.d));
    const worst = Math.max(...errors);
    if (worst <= tol || current.length <= 3) return { ...fit, used: current.length };
    current = current.filter((_, i) => errors[i] !== worst);
  }
}

export function registerGrid(horizontal: RuledLine[], vertical: RuledLine[], width: number, height: number, template: GridTemplate): Registration | null {
  const longT = template.horizontal.filter((l) => l[2] - l[1] >= template.width * 0.6);
  const longD = horizontal.filter((l) => l.to - l.from >= width * 0.45);
  if (longT.length < 3 || longD.length < 3) return null;
  const tol = height * 0.0025;
  const s0 = height / template.height;

  // Vertical scale and offset: a Hough vote of every (template rule, found rule) pair over a range of scales.
  const candidates: { s: number; o: number; votes: number; weight: number }[] = [];
  const firstVote = houghVote(
    template.horizontal.map((t) => ({ at: t[0], len: t[2] - t[1] })),
    horizontal.map((d) => ({ at: d.at, len: d.to - d.from })),
    height / template.height,
    height * 0.002,
    candidates,
  );
  if (!firstVote || firstVote.votes < 4) return null;
  // The form's rules repeat every row or two, so on a page with its thin rules lost (a fax) a fit shifted by a row or
  // two can gather as many rules. Of the strongest offsets, the one that puts the form's rules (by length) on found
  // lines and leaves the fewest long found lines where the form has no rule wins.
  const twoSided = (c: { s: number; o: number }): number => {
    let score = 0;
    for (const t of template.horizontal) {
      const len = (t[2] - t[1]) * c.s;
      if (horizontal.some((h) => Math.abs(h.at - (c.s * t[0] + c.o)) < tol * 2 && h.to - h.from >= len * 0.35 && h.to - h.from <= len * 1.8)) score += t[2] - t[1];
    }
    for (const d of longD) if (!template.horizontal.some((t) => Math.abs(c.s * t[0] + c.o - d.at) < tol * 2)) score -= (d.to - d.from) / c.s;
    return score;
  };
  const scored = [firstVote, ...candidates.slice(0, 12)].map((c) => ({ c, score: twoSided(c) }));
  const yVote = scored.reduce((best, next) => (next.score > best.score ? next : best)).c;
  const yPairs: Pair[] = [];
  for (const t of template.horizontal) {
    const d = nearest(horizontal, yVote.s * t[0] + yVote.o, tol * 2);
    if (d) yPairs.push({ t: t[0], d: d.at });
  }
  const y = robustFit(yPairs, tol * 1.5) ?? { s: yVote.s, o: yVote.o, used: 0 };

  // Horizontal scale and offset: the same vote over vertical rules whose extent overlaps where the template has them.
  const xVote = houghVote(
    template.vertical.filter((t) => t[2] - t[1] >= 18).map((t) => ({ at: t[0], len: t[2] - t[1], from: y.s * t[1] + y.o, to: y.s * t[2] + y.o })),
    vertical.map((d) => ({ at: d.at, len: d.to - d.from, from: d.from, to: d.to })),
    width / template.width,
    width * 0.002,
  );
  let fromVote: { s: number; o: number } | null = null;
  const vPairs: Pair[] = [];
  if (xVote && xVote.votes >= 4) {
    for (const t of template.vertical) {
      if (t[2] - t[1] < 18) continue;
      const expect = xVote.s * t[0] + xVote.o;
      const y0 = y.s * t[1] + y.o;
      const y1 = y.s * t[2] + y.o;
      const d = vertical
        .filter((v) => Math.abs(v.at - expect) < width * 0.004 && Math.min(v.to, y1) - Math.max(v.from, y0) > (y1 - y0) * 0.4)
        .sort((p, q) => Math.abs(p.at - expect) - Math.abs(q.at - expect))[0];
      if (d) vPairs.push({ t: t[0], d: d.at });
    }
    fromVote = robustFit(vPairs, width * 0.003) ?? { s: xVote.s, o: xVote.o };
  }
  // Where the long horizontal rules start and end (the form's left and right edges).
  const xPairs: Pair[] = [];
  for (const t of longT) {
    const d = nearest(longD, y.s * t[0] + y.o, tol * 3);
    if (d) xPairs.push({ t: t[1], d: d.from }, { t: t[2], d: d.to });
  }
  const fromEnds = xPairs.length >= 8 ? robustFit(xPairs, width * 0.004) : null;
  // The two can disagree (a vote fooled by look-alike columns, edges cut off): keep the one more rules agree with.
  const support = (fit: { s: number; o: number } | null): number =>
    fit
      ? template.vertical.filter((t) => {
          if (t[2] - t[1] < 18) return false;
          const expect = fit.s * t[0] + fit.o;
          const y0 = y.s * t[1] + y.o;
          const y1 = y.s * t[2] + y.o;
          return vertical.some((v) => Math.abs(v.at - expect) < width * 0.008 && Math.min(v.to, y1) - Math.max(v.from, y0) > (y1 - y0) * 0.4);
        }).length
      : -1;
  const x = support(fromEnds) > support(fromVote) ? fromEnds : (fromVote ?? fromEnds);
  const other = x === fromEnds ? fromVote : fromEnds;
  if (!x) return null;

  // All horizontal rules (not only long ones) for a final vertical fit.
  const allY: Pair[] = [];
  for (const t of template.horizontal) {
    const x0 = x.s * t[1] + x.o;
    const x1 = x.s * t[2] + x.o;
    const d = horizontal
      .filter((h) => Math.abs(h.at - (y.s * t[0] + y.o)) < tol * 2 && Math.min(h.to, x1) - Math.max(h.from, x0) > (x1 - x0) * 0.5)
      .sort((p, q) => Math.abs(p.at - (y.s * t[0] + y.o)) - Math.abs(q.at - (y.s * t[0] + y.o)))[0];
    if (d) allY.push({ t: t[0], d: d.at });
  }
  const yFinal = robustFit(allY, tol) ?? y;

  const coverage = longT.filter((t) => nearest(longD, yFinal.s * t[0] + yFinal.o, tol * 2)).length / longT.length;
  const residual = allY.length ? allY.reduce((a, p) => a + Math.abs(yFinal.s * p.t + yFinal.o - p.d), 0) / allY.length / height : 0;
  const frame: FormFrame = { a: x.s / width, b: 0, c: x.o / width, d: 0, e: yFinal.s / height, f: yFinal.o / height, residual, anchors: allY.length + vPairs.length };
  const differs = other && (Math.abs(other.s / x.s - 1) > 0.01 || Math.abs(other.o - x.o) > width * 0.006);
  return { frame, coverage, ...(differs ? { alternative: { ...frame, a: other.s / width, c: other.o / width } } : {}) };
}

/**
 * Finds the scale and offset that put the most template rules onto found rules: for each scale near the nominal one,
 * every pair votes for an offset; rules of very different length, or (when given) not overlapping where the template
 * says they run, do not vote together.
 */
function houghVote(
  template: { at: number; len: number; from?: number; to?: number }[],
  found: { at: number; len: number; from?: number; to?: number }[],
  nominal: number,
  bin: number,
  /** When given, filled with each scale's strongest offset by the length of the template rules voting, strongest first. */
  byLength?: { s: number; o: number; votes: number; weight: number }[],
): { s: number; o: number; votes: number } | null {
  let best: { s: number; o: number; votes: number } | null = null;
  if (template.length === 0 || found.length === 0) return best;
  // Offset bins as arrays over every offset a pair can vote for (typed arrays: this runs for 121 scales per fit).
  const ats = found.map((d) => d.at);
  const tats = template.map((t) => t.at);
  const widest = nominal * 1.12;
  const low = Math.floor((Math.min(...ats) - widest * Math.max(0, ...tats)) / bin) - 2;
  const high = Math.ceil((Math.max(...ats) - widest * Math.min(0, ...tats)) / bin) + 2;
  const votes = new Int32Array(high - low + 1);
  const weights = new Float64Array(high - low + 1);
  const lastVoter = new Int32Array(high - low + 1);
  const touched: number[] = [];
  for (let k = -60; k <= 60; k++) {
    const s = nominal * (1 + k * 0.002);
    votes.fill(0);
    weights.fill(0);
    lastVoter.fill(-1);
    touched.length = 0;
    template.forEach((t, ti) => {
      for (const d of found) {
        const expectLen = t.len * s;
        if (d.len < expectLen * 0.35 || d.len > expectLen * 1.8) continue;
        if (t.from !== undefined && d.from !== undefined && Math.min(d.to!, t.to!) - Math.max(d.from, t.from) < (t.to! - t.from) * 0.3) continue;
        const b = Math.round((d.at - s * t.at) / bin) - low;
        // Each template rule votes once per bin, however many found rules put it there.
        for (let key = b - 1; key <= b + 1; key++) {
          if (lastVoter[key] === ti) continue;
          if (lastVoter[key] === -1) touched.push(key);
          lastVoter[key] = ti;
          votes[key]! += 1;
          weights[key]! += t.len;
        }
      }
    });
    // In the order bins were first voted for, so ties go as they always have.
    for (const key of touched) if (!best || votes[key]! > best.votes) best = { s, o: (key + low) * bin, votes: votes[key]! };
    if (byLength) {
      let strongest: { s: number; o: number; votes: number; weight: number } | null = null;
      for (const key of touched) if (!strongest || weights[key]! > strongest.weight) strongest = { s, o: (key + low) * bin, votes: votes[key]!, weight: weights[key]! };
      if (strongest) byLength.push(strongest);
    }
  }
  byLength?.sort((p, q) => q.weight - p.weight);
  return best;
}

function nearest(lines: RuledLine[], at: number, within: number): RuledLine | undefined {
  let best: RuledLine | undefined;
  for (const l of lines) if (Math.abs(l.at - at) < within && (!best || Math.abs(l.at - at) < Math.abs(best.at - at))) best = l;
  return best;
}

/**
 * Refits a frame on the rules of one band of the form (template y range), starting from a global fit: a photo's
 * perspective makes one affine too coarse for the whole page, but fine for a band.
 */
export function refineBand(
  global: FormFrame,
  horizontal: RuledLine[],
  vertical: RuledLine[],
  width: number,
  height: number,
  template: GridTemplate,
  yFrom: number,
  yTo: number,
): FormFrame {
  const sx = global.a * width, ox = global.c * width, sy = global.e * height, oy = global.f * height;
  const yPairs: Pair[] = [];
  for (const t of template.horizontal) {
    if (t[0] < yFrom || t[0] > yTo) continue;
    const expect = sy * t[0] + oy;
    const x0 = sx * t[1] + ox, x1 = sx * t[2] + ox;
    const d = horizontal
      .filter((h) => Math.abs(h.at - expect) < height * 0.008 && Math.min(h.to, x1) - Math.max(h.from, x0) > (x1 - x0) * 0.4)
      .sort((p, q) => Math.abs(p.at - expect) - Math.abs(q.at - expect))[0];
    if (d) yPairs.push({ t: t[0], d: d.at });
  }
  const xPairs: Pair[] = [];
  for (const t of template.vertical) {
    if (t[2] < yFrom || t[1] > yTo || t[2] - t[1] < 18) continue;
    const expect = sx * t[0] + ox;
    const y0 = sy * Math.max(t[1], yFrom) + oy, y1 = sy * Math.min(t[2], yTo) + oy;
    const d = vertical
      .filter((v) => Math.abs(v.at - expect) < width * 0.008 && Math.min(v.to, y1) - Math.max(v.from, y0) > (y1 - y0) * 0.4)
      .sort((p, q) => Math.abs(p.at - expect) - Math.abs(q.at - expect))[0];
    if (d) xPairs.push({ t: t[0], d: d.at });
  }
  const y = yPairs.length >= 3 ? robustFit(yPairs, height * 0.002) : null;
  const x = xPairs.length >= 3 ? robustFit(xPairs, width * 0.003) : null;
  const ys = y && Math.abs(y.s / sy - 1) < 0.08 ? y : { s: sy, o: oy };
  const xs = x && Math.abs(x.s / sx - 1) < 0.08 ? x : { s: sx, o: ox };
  return { ...global, a: xs.s / width, c: xs.o / width, e: ys.s / height, f: ys.o / height };
}
