// Maps a form's own coordinates (its template, in points) onto a page, so fields are found wherever the form sits.
import type { Box, Word } from './words.ts';

/** Affine map from template points (x right, y down) to page fractions: u = a x + b y + c, v = d x + e y + f. */
export interface FormFrame {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
  /** How well the anchors agreed: mean residual in page fractions (0 for an assumed frame). */
  residual: number;
  /** How many printed labels the frame was fitted to (0 when assumed). */
  anchors: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The frame of a page that is exactly the template page (a born-digital form with no offset). */
export function identityFrame(templateWidth: number, templateHeight: number): FormFrame {
  return { a: 1 / templateWidth, b: 0, c: 0, d: 0, e: 1 / templateHeight, f: 0, residual: 0, anchors: 0 };
}

export function toPage(frame: Pick<FormFrame, 'a' | 'b' | 'c' | 'd' | 'e' | 'f'>, x: number, y: number): { u: number; v: number } {
  return { u: frame.a * x + frame.b * y + frame.c, v: frame.d * x + frame.e * y + frame.f };
}

export function toTemplate(frame: FormFrame, u: number, v: number): { x: number; y: number } {
  const det = frame.a * frame.e - frame.b * frame.d;
  const du = u - frame.c;
  const dv = v - frame.f;
  return { x: (frame.e * du - frame.b * dv) / det, y: (-frame.d * du + frame.a * dv) / det };
}

/** The page-fraction box covering a template rectangle. */
export function rectToPageBox(frame: FormFrame, r: Rect): Box {
  const corners = [toPage(frame, r.x, r.y), toPage(frame, r.x + r.w, r.y), toPage(frame, r.x, r.y + r.h), toPage(frame, r.x + r.w, r.y + r.h)];
  const left = Math.min(...corners.map((p) => p.u));
  const top = Math.min(...corners.map((p) => p.v));
  return { left, top, width: Math.max(...corners.map((p) => p.u)) - left, height: Math.max(...corners.map((p) => p.v)) - top };
}

/** Words whose centre lies inside a template rectangle, in reading order. */
export function wordsInRect(frame: FormFrame, words: readonly Word[], r: Rect): Word[] {
  const inside = words.filter((w) => {
    const p = toTemplate(frame, w.bbox.left + w.bbox.width / 2, w.bbox.top + w.bbox.height / 2);
    return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
  });
  return inside.sort((p, q) => {
    const dy = toTemplate(frame, 0, p.bbox.top + p.bbox.height / 2).y - toTemplate(frame, 0, q.bbox.top + q.bbox.height / 2).y;
    return Math.abs(dy) > 3 ? dy : p.bbox.left - q.bbox.left;
  });
}

/**
 * Least-squares affine fit from matched template points to page points. Needs three non-collinear pairs; drops the
 * worst outliers (a label matched to the wrong place) while enough remain.
 */
export function fitFrame(pairs: readonly { x: number; y: number; u: number; v: number }[]): FormFrame | null {
  let current = [...pairs];
  for (;;) {
    if (current.length < 3) return null;
    const frame = solveAffine(current);
    if (!frame) return null;
    const errors = current.map((p) => {
      const q = toPage(frame, p.x, p.y);
      return Math.hypot(q.u - p.u, q.v - p.v);
    });
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
    const worst = Math.max(...errors);
    if (worst > 0.01 && worst > mean * 2.5 && current.length > 4) {
      current = current.filter((_, i) => errors[i] !== worst);
      continue;
    }
    return { ...frame, residual: mean, anchors: current.length };
  }
}

function solveAffine(pairs: readonly { x: number; y: number; u: number; v: number }[]): Omit<FormFrame, 'residual' | 'anchors'> | null {
  // Normal equations for [a b c] and [d e f] share the same 3x3 matrix.
  let sxx = 0, sxy = 0, sx = 0, syy = 0, sy = 0, n = 0;
  let sxu = 0, syu = 0, su = 0, sxv = 0, syv = 0, sv = 0;
  for (const p of pairs) {
    sxx += p.x * p.x; sxy += p.x * p.y; sx += p.x; syy += p.y * p.y; sy += p.y; n += 1;
    sxu += p.x * p.u; syu += p.y * p.u; su += p.u; sxv += p.x * p.v; syv += p.y * p.v; sv += p.v;
  }
  const m = [
    [sxx, sxy, sx],
    [sxy, syy, sy],
    [sx, sy, n],
  ];
  const first = solve3(m, [sxu, syu, su]);
  const second = solve3(m, [sxv, syv, sv]);
  if (!first || !second) return null;
  return { a: first[0], b: first[1], c: first[2], d: second[0], e: second[1], f: second[2] };
}

function solve3(m: number[][], r: number[]): [number, number, number] | null {
  const det = (q: number[][]): number =>
    q[0]![0]! * (q[1]![1]! * q[2]![2]! - q[1]![2]! * q[2]![1]!) -
    q[0]![1]! * (q[1]![0]! * q[2]![2]! - q[1]![2]! * q[2]![0]!) +
    q[0]![2]! * (q[1]![0]! * q[2]![1]! - q[1]![1]! * q[2]![0]!);
  const d = det(m);
  if (Math.abs(d) < 1e-9) return null;
  const col = (i: number): number[][] => m.map((row, k) => row.map((v, j) => (j === i ? r[k]! : v)));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}
