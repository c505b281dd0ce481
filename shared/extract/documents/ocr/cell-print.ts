// Finds the print of each cell in a strip cut from a form: ruled lines and fax streaks taken out, specks dropped,
// and the one line of text that is the value chosen (a cell window also catches a neighbour's descenders, labels).
import type { Raster } from './engine.ts';

/** A cell's column range in strip pixels and where its value is expected to sit vertically. */
export interface CellSpan {
  from: number;
  to: number;
  centre: number;
  /** The value's line must be centred above this (the box below begins there). */
  lowest?: number;
}

/** One cell's print: its bounding box in strip pixels and the connected components that make it. */
export interface CellPrint {
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Component labels (into StripPrint.labels) that belong to this cell. */
  components: Set<number>;
}

export interface StripPrint {
  width: number;
  height: number;
  /** Per pixel: 0 paper, else the component label (1-based). */
  labels: Int32Array;
  /** Per pixel: 1 where ink was taken out as a rule, a border or a streak (drawn as paper, never as print). */
  cleared: Uint8Array;
  /** The strip's grey levels: darkest print and paper. */
  ink: number;
  paper: number;
  cells: (CellPrint | null)[];
}

interface Component {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  area: number;
}

/**
 * Print per cell. `textPx` is the expected height of a capital or digit in pixels (the form's data font at this
 * scan's scale): it tells print from rules (much longer) and specks (much smaller).
 */
export function findCellPrint(
  strip: Raster,
  spans: readonly CellSpan[],
  textPx: number,
  borders: readonly number[] = [],
  exact = false,
  rules: readonly number[] = [],
): StripPrint {
  const { width, height, data } = strip;
  const hist = new Uint32Array(256);
  for (const v of data) hist[v]!++;
  const level = (share: number): number => {
    let v = 0;
    for (let acc = 0; v < 255 && acc + hist[v]! < data.length * share; v++) acc += hist[v]!;
    return v;
  };
  const paper = level(0.6);
  const ink = level(0.004);
  const labels = new Int32Array(width * height);
  const empty: StripPrint = { width, height, labels, cleared: new Uint8Array(width * height), ink, paper, cells: spans.map(() => null) };
  if (paper - ink < 60) return empty;
  const threshold = ink + (paper - ink) * 0.55;
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = data[i]! < threshold ? 1 : 0;

  const cleared = removeRules(mask, data, width, height, textPx * 1.45, Math.max(textPx * 3, 50), textPx);
  if (exact) {
    clearBorders(mask, width, height, borders, Math.max(3, textPx * 0.25));
    clearRows(mask, width, height, rules, Math.max(3, textPx * 0.25));
  }

  // Connected components (8-neighbour), iteratively.
  const comps: Component[] = [{ minX: 0, maxX: 0, minY: 0, maxY: 0, area: 0 }];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const id = comps.length;
    const c: Component = { minX: width, maxX: 0, minY: height, maxY: 0, area: 0 };
    let top = 0;
    stack[top++] = start;
    labels[start] = id;
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % width;
      const y = (p - x) / width;
      c.area++;
      if (x < c.minX) c.minX = x;
      if (x > c.maxX) c.maxX = x;
      if (y < c.minY) c.minY = y;
      if (y > c.maxY) c.maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (mask[q] && !labels[q]) {
            labels[q] = id;
            stack[top++] = q;
          }
        }
      }
    }
    comps.push(c);
  }

  // Print-like components: not a speck, not taller than print, not a long smear.
  const minArea = Math.max(4, textPx * textPx * 0.012);
  // A flat short stroke: a dash of a dotted rule, or a hyphen (taken back below when it sits inside a value).
  const flatDash = (c: Component): boolean => {
    const h = c.maxY - c.minY + 1;
    const w = c.maxX - c.minX + 1;
    return h <= textPx * 0.22 && w >= textPx * 0.3 && w >= h * 3 && w <= textPx * 1.2;
  };
  const printLike = (c: Component): boolean => {
    const h = c.maxY - c.minY + 1;
    const w = c.maxX - c.minX + 1;
    // A short thin upright is a dash of a dotted rule, not a character; a thin upright by a cell's border is a piece
    // of the border (a printed 1 has its flag, and values keep clear of borders).
    const dash = (h < textPx * 0.55 && w <= textPx * 0.2 && h > w * 2) || flatDash(c);
    const cx = (c.minX + c.maxX) / 2;
    const border = w <= textPx * 0.2 && h > w * 2.5 && borders.some((b) => Math.abs(cx - b) < textPx * 0.45);
    // A flat stroke longer than a character is what is left of a rule (an entry line, a cut-off border).
    const ruleLeft = h <= textPx * 0.25 && w > textPx * 1.2;
    return c.area >= minArea && h <= textPx * 1.6 && w <= textPx * 14 && !dash && !border && !ruleLeft;
  };

  // Marks standing apart from a value's characters that are none of them: a thin upright (a dash of a dotted
  // separator, a piece of a border where the page is not rectified, the dollars/cents divider) and, at either end, a
  // mark much taller than the value's characters (a line number in the form's margin). Characters of one value sit
  // closer together than that; a value that is nothing but such a mark (a lone 1) is kept.
  const strays = (ids: number[]): number[] => {
    const sorted = [...ids].sort((a, b) => comps[a]!.minX - comps[b]!.minX);
    const thin = (c: Component): boolean => c.maxX - c.minX + 1 <= textPx * 0.2 && c.maxY - c.minY + 1 > (c.maxX - c.minX + 1) * 2.5;
    const solid = sorted.filter((id) => !thin(comps[id]!) && comps[id]!.area >= minArea);
    if (solid.length === 0) return sorted;
    const heights = solid.map((id) => comps[id]!.maxY - comps[id]!.minY + 1).sort((a, b) => a - b);
    const usual = heights[heights.length >> 1]!;
    const apart = textPx * 0.4;
    return sorted.filter((id) => {
      const c = comps[id]!;
      // Gaps to the nearest marks on either side (the other dashes of the same separator, in its column, aside).
      let before = Infinity, after = Infinity;
      for (const other of sorted) {
        const o = comps[other]!;
        if (other === id || (thin(o) && o.maxX >= c.minX && o.minX <= c.maxX)) continue;
        if (o.minX < c.minX) before = Math.min(before, Math.max(0, c.minX - o.maxX));
        else after = Math.min(after, Math.max(0, o.minX - c.maxX));
      }
      if (thin(c) && before >= apart && after >= apart) return false;
      const end = before === Infinity || after === Infinity;
      const tall = solid.length >= 2 && c.maxY - c.minY + 1 > usual * 1.35;
      return !(end && tall && Math.min(before, after) >= apart);
    });
  };

  const cells = spans.map((span): CellPrint | null => {
    const inside: number[] = [];
    for (let id = 1; id < comps.length; id++) {
      const c = comps[id]!;
      const cx = (c.minX + c.maxX) / 2;
      if (cx >= span.from && cx <= span.to && printLike(c)) inside.push(id);
    }
    if (inside.length === 0) return null;
    // Text lines: components whose vertical ranges overlap (or nearly) belong to one line.
    const bands: { top: number; bottom: number; area: number; ids: number[] }[] = [];
    for (const id of [...inside].sort((a, b) => comps[a]!.minY - comps[b]!.minY)) {
      const c = comps[id]!;
      const band = bands.find((b) => c.minY <= b.bottom + textPx * 0.15 && c.maxY >= b.top - textPx * 0.15);
      if (band) {
        band.top = Math.min(band.top, c.minY);
        band.bottom = Math.max(band.bottom, c.maxY);
        band.area += c.area;
        band.ids.push(id);
      } else bands.push({ top: c.minY, bottom: c.maxY, area: c.area, ids: [id] });
    }
    // A value is a line of characters at least half the print height; of those, the one nearest where it belongs.
    const lines = bands.filter((b) => b.bottom - b.top + 1 >= textPx * 0.5 && (span.lowest === undefined || (b.top + b.bottom) / 2 <= span.lowest));
    if (lines.length === 0) return null;
    const biggest = Math.max(...lines.map((b) => b.area));
    const chosen = lines
      .filter((b) => b.area >= biggest * 0.3)
      .sort((a, b) => Math.abs((a.top + a.bottom) / 2 - span.centre) - Math.abs((b.top + b.bottom) / 2 - span.centre))[0]!;
    // Small marks within the chosen line's height (a decimal point, a dash) belong to it too.
    const line: number[] = [];
    for (const id of inside) {
      const c = comps[id]!;
      const cy = (c.minY + c.maxY) / 2;
      if (cy < chosen.top - textPx * 0.1 || cy > chosen.bottom + textPx * 0.1) continue;
      if (c.area < minArea && !chosen.ids.includes(id)) continue;
      line.push(id);
    }
    const components = new Set<number>();
    let left = width, right = 0, top = height, bottom = 0;
    for (const id of strays(line)) {
      const c = comps[id]!;
      components.add(id);
      left = Math.min(left, c.minX);
      right = Math.max(right, c.maxX);
      top = Math.min(top, c.minY);
      bottom = Math.max(bottom, c.maxY);
    }
    // A hyphen: a flat stroke at mid-height between characters of the value ("ACC-659181", "42-2897576").
    if (components.size >= 2)
      for (let id = 1; id < comps.length; id++) {
        const c = comps[id]!;
        const cy = (c.minY + c.maxY) / 2;
        if (flatDash(c) && c.minX > left && c.maxX < right && cy > top + (bottom - top) * 0.25 && cy < bottom - (bottom - top) * 0.25) components.add(id);
      }
    return components.size ? { left, top, right, bottom, components } : null;
  });
  return { width, height, labels, cleared, ink, paper, cells };
}

/**
 * Clears the cells' own borders near their known x positions (a rectified page), in place: the inked column nearest
 * each, when it is a rule (inked over a third of the strip), is cleared a pixel either side. They would read as I, l
 * or 1. Print crossing a border (ink just beyond it on both sides) stays.
 */
function clearBorders(mask: Uint8Array, width: number, height: number, borders: readonly number[], search: number): void {
  const count = (x: number): number => {
    let n = 0;
    for (let y = 0; y < height; y++) n += mask[y * width + x]!;
    return n;
  };
  for (const b of borders) {
    let best = -1, most = height * 0.35;
    for (let x = Math.max(0, Math.round(b - search)); x <= Math.min(width - 1, Math.round(b + search)); x++) {
      const n = count(x);
      if (n > most) [best, most] = [x, n];
    }
    if (best < 0) continue;
    const from = Math.max(0, best - 1), to = Math.min(width - 1, best + 1);
    for (let y = 0; y < height; y++) {
      const a = from - 2, c = to + 2;
      if (a >= 0 && c < width && mask[y * width + a] && mask[y * width + c]) continue;
      for (let x = from; x <= to; x++) mask[y * width + x] = 0;
    }
  }
}

/** Clears the form's horizontal rules near known rows (rectified page): the most inked row nearby, two pixels either side. */
function clearRows(mask: Uint8Array, width: number, height: number, rows: readonly number[], search: number): void {
  const count = (y: number): number => {
    let n = 0;
    for (let x = 0; x < width; x++) n += mask[y * width + x]!;
    return n;
  };
  for (const r of rows) {
    let best = -1, most = width * 0.2;
    for (let y = Math.max(0, Math.round(r - search)); y <= Math.min(height - 1, Math.round(r + search)); y++) {
      const n = count(y);
      if (n > most) [best, most] = [y, n];
    }
    if (best < 0) continue;
    const from = Math.max(0, best - 2), to = Math.min(height - 1, best + 2);
    for (let x = 0; x < width; x++) {
      const a = from - 2, c = to + 2;
      if (a >= 0 && c < height && mask[a * width + x] && mask[c * width + x]) continue;
      for (let y = from; y <= to; y++) mask[y * width + x] = 0;
    }
  }
}

/**
 * Clears ruled lines and streaks from an ink mask, in place: vertical runs at least `minVertical` long and
 * horizontal runs at least `minHorizontal` long. Where a stroke of print crosses the line, or lies on a grey streak,
 * it is kept. Returns the pixels taken out of vertical rules and streaks (drawn as paper when print is packed: a
 * streak's grey beside a glyph would otherwise come back with the glyph's anti-aliased edge).
 */
function removeRules(mask: Uint8Array, grey: Uint8Array, width: number, height: number, minVertical: number, minHorizontal: number, textPx: number): Uint8Array {
  const rule = new Uint8Array(mask.length);
  // Vertical: long runs, and narrow columns inked over most of the strip's height (a rule broken by noise or JPEG).
  const coverage = new Uint32Array(width);
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && mask[y * width + x]) {
        run++;
        coverage[x]!++;
      } else {
        if (run >= minVertical) for (let k = y - run; k < y; k++) rule[k * width + x] = 1;
        run = 0;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    if (coverage[x]! < height * 0.55) continue;
    let end = x;
    while (end + 1 < width && coverage[end + 1]! >= height * 0.55) end++;
    if (end - x <= 7) for (let k = x; k <= end; k++) for (let y = 0; y < height; y++) if (mask[y * width + k]) rule[y * width + k] = 1;
    x = end;
  }
  // Horizontal: long runs, bridging gaps of a pixel or two.
  for (let y = 0; y < height; y++) {
    let start = -1;
    let last = -1;
    for (let x = 0; x <= width; x++) {
      const on = x < width && mask[y * width + x] === 1;
      if (on) {
        if (start < 0 || x - last > 3) {
          if (start >= 0 && last - start + 1 >= minHorizontal) for (let k = start; k <= last; k++) if (mask[y * width + k]) rule[y * width + k] = 2;
          start = x;
        }
        last = x;
      } else if (x === width && start >= 0 && last - start + 1 >= minHorizontal) {
        for (let k = start; k <= last; k++) if (mask[y * width + k]) rule[y * width + k] = 2;
      }
    }
  }
  // Pixels of print that are not part of a vertical rule or streak.
  const ink = (x: number, y: number): boolean => x >= 0 && x < width && mask[y * width + x] === 1 && rule[y * width + x] !== 1;
  // How far print runs up and down from (x, y): a horizontal stroke is short, an upright is not.
  const upright = (x: number, y: number): number => {
    let t = y, d = y;
    while (t > 0 && ink(x, t - 1)) t--;
    while (d < height - 1 && ink(x, d + 1)) d++;
    return d - t + 1;
  };
  // A stroke crossing the streak: print on both sides of it that is short up and down (not an upright beside it, such
  // as a 1's stem on one side of a streak and the next character on the other, which would be joined into one blot).
  const crossed = (y: number, l: number, r: number): boolean => {
    const a = ink(l - 1, y) ? l - 1 : ink(l - 2, y) ? l - 2 : -1;
    const b = ink(r + 1, y) ? r + 1 : ink(r + 2, y) ? r + 2 : -1;
    return a >= 0 && b >= 0 && upright(a, y) <= textPx * 0.45 && upright(b, y) <= textPx * 0.45;
  };
  // A streak's own grey, column by column (the median over the strip). Print under a grey fax streak is darker than
  // the streak alone, so a glyph's stroke that lies on the streak (a 9's bowl, a 1's stem) is kept where it shows
  // darker than the streak's core and print continues beside it. The core is the darkest column of the streak on
  // this row: its fringe, and a thin rule's resampled edge, are lighter, and their darker pixels are rule all the same.
  const own = new Float32Array(width);
  const column: number[] = [];
  for (let x = 0; x < width; x++) {
    column.length = 0;
    for (let y = 0; y < height; y++) if (rule[y * width + x] === 1) column.push(grey[y * width + x]!);
    own[x] = column.length ? column.sort((a, b) => a - b)[column.length >> 1]! : 0;
  }
  const underStreak = (y: number, l: number, r: number, x: number): boolean => {
    let core = 255;
    for (let k = l; k <= r; k++) core = Math.min(core, own[k]!);
    const beside = ink(l - 1, y) || ink(l - 2, y) || ink(r + 1, y) || ink(r + 2, y);
    return beside && grey[y * width + x]! < core * 0.75;
  };
  const clear: number[] = [];
  const bridged = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!rule[p]) continue;
      if (rule[p] === 1) {
        // The rule's width on this row, then whether a stroke of print crosses it or lies on it.
        let l = x;
        while (l > 0 && rule[y * width + l - 1] === 1) l--;
        let r = x;
        while (r < width - 1 && rule[y * width + r + 1] === 1) r++;
        if (r - l > 8) clear.push(p);
        else if (underStreak(y, l, r, x)) continue;
        else if (crossed(y, l, r)) bridged[p] = 1;
        else clear.push(p);
      } else {
        let t = y;
        while (t > 0 && rule[(t - 1) * width + x] === 2) t--;
        let d = y;
        while (d < height - 1 && rule[(d + 1) * width + x] === 2) d++;
        const a = t - 2, b = d + 2;
        const crossed = d - t <= 6 && a >= 0 && b < height && mask[a * width + x] && mask[b * width + x] && !rule[a * width + x] && !rule[b * width + x];
        if (!crossed) clear.push(p);
      }
    }
  // A stroke crosses a streak in a few rows; print beside it on both sides for longer is two characters the streak
  // runs between (a 2 and a 5 of "25"), not one stroke: that stretch is cleared.
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; ) {
      if (!bridged[y * width + x]) {
        y++;
        continue;
      }
      let d = y;
      while (d + 1 < height && bridged[(d + 1) * width + x]) d++;
      if (d - y + 1 > textPx * 0.35) for (let k = y; k <= d; k++) clear.push(k * width + x);
      y = d + 1;
    }
  const cleared = new Uint8Array(mask.length);
  for (const p of clear) (mask[p] = 0), (cleared[p] = rule[p] === 1 ? 1 : 0);
  return cleared;
}

/**
 * The cells' print laid side by side on white, each vertically centred on one line, `gap` pixels apart: what the
 * OCR engine reads. `binary` draws print black instead of in its own (contrast-stretched) grey.
 */
export function packCellPrint(
  strip: Raster,
  print: StripPrint,
  options: { gap: number; pad: number; binary: boolean; scale: number; smooth?: boolean; spread?: number },
): { image: Raster; pieces: { cell: number; at: number; width: number; from: number }[] } | null {
  const present = print.cells.map((c, i) => ({ c, i })).filter((p): p is { c: CellPrint; i: number } => p.c !== null);
  if (present.length === 0) return null;
  const { pad, gap } = options;
  // With `spread`, each component (a character, unless characters touch) is moved that many pixels further from the
  // one before it: the engine reads a doubled digit ("00", "55") whose glyphs nearly touch as one.
  const shifts = new Map<number, number>();
  const widths = present.map(({ c }) => {
    if (!options.spread) return c.right - c.left + 1;
    const spans = new Map<number, { left: number; right: number }>();
    for (let y = c.top; y <= c.bottom; y++)
      for (let x = c.left; x <= c.right; x++) {
        const id = print.labels[y * print.width + x]!;
        if (!c.components.has(id)) continue;
        const span = spans.get(id);
        if (!span) spans.set(id, { left: x, right: x });
        else (span.left = Math.min(span.left, x)), (span.right = Math.max(span.right, x));
      }
    const ordered = [...spans.entries()].sort((a, b) => a[1].left - b[1].left);
    ordered.forEach(([id], k) => shifts.set(id, k * options.spread!));
    return c.right - c.left + 1 + (ordered.length - 1) * options.spread;
  });
  const tallest = Math.max(...present.map(({ c }) => c.bottom - c.top + 1));
  const height = tallest + pad * 2;
  const total = widths.reduce((s, w) => s + w, 0) + gap * (present.length - 1) + pad * 2;
  const out = new Uint8Array(total * height).fill(255);
  const stretch = (v: number): number => Math.max(0, Math.min(255, Math.round(((v - print.ink) * 255) / Math.max(1, print.paper - print.ink))));
  const pieces: { cell: number; at: number; width: number; from: number }[] = [];
  let at = pad;
  // Which component labels are the cell's, as an array: the loop below asks nine times a pixel.
  const labelCount = print.cells.reduce((most, c) => Math.max(most, ...(c?.components ?? [])), 0) + 1;
  const mine = new Uint8Array(labelCount);
  const isMine = (id: number): boolean => id < labelCount && mine[id] === 1;
  present.forEach(({ c, i }, n) => {
    const w = widths[n]!;
    const dy = pad + Math.round((tallest - (c.bottom - c.top + 1)) / 2) - c.top;
    mine.fill(0);
    for (const id of c.components) mine[id] = 1;
    for (let y = Math.max(0, c.top - 1); y <= Math.min(print.height - 1, c.bottom + 1); y++)
      for (let x = Math.max(c.left - 1, 0); x <= Math.min(c.right + 1, print.width - 1); x++) {
        // A pixel belongs when it or a neighbour is one of the cell's components (keeps anti-aliased edges).
        let owner = 0;
        for (let k = -1; k <= 1 && !owner; k++)
          for (let j = -1; j <= 1 && !owner; j++) {
            const yy = y + k, xx = x + j;
            const id = yy >= 0 && yy < print.height && xx >= 0 && xx < print.width ? print.labels[yy * print.width + xx]! : 0;
            if (isMine(id)) owner = id;
          }
        if (!owner || print.cleared[y * print.width + x]) continue;
        const own = print.labels[y * print.width + x]!;
        const ox = at + (x - c.left) + (shifts.get(isMine(own) ? own : owner) ?? 0);
        const oy = y + dy;
        if (ox < 0 || ox >= total || oy < 0 || oy >= height) continue;
        out[oy * total + ox] = options.binary ? (isMine(own) ? 0 : 255) : stretch(strip.data[y * strip.width + x]!);
      }
    pieces.push({ cell: i, at, width: w, from: c.left });
    at += w + gap;
  });
  let image: Raster = { width: total, height, channels: 1, data: out };
  if (options.smooth) image = smoothOutlines(image);
  if (options.scale === 1) return { image, pieces };
  return { image: scaleRaster(image, options.scale), pieces: pieces.map((p) => ({ ...p, at: p.at * options.scale, width: p.width * options.scale })) };
}

/**
 * Rounds off the stair-stepped outlines of print that was thresholded at low resolution (a fax): blurred, doubled in
 * size, thresholded again, and softened. Returned at the size it came in.
 */
function smoothOutlines(image: Raster): Raster {
  const up = scaleRaster(gaussianBlur(image, 1.5), 2);
  for (let i = 0; i < up.data.length; i++) up.data[i] = up.data[i]! < 128 ? 0 : 255;
  return scaleRaster(gaussianBlur(up, 0.7), 0.5);
}

function gaussianBlur(image: Raster, sigma: number): Raster {
  const r = Math.ceil(sigma * 2.5);
  const kernel = Array.from({ length: r * 2 + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / sum);
  const { width, height, data } = image;
  const tmp = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let j = -r; j <= r; j++) acc += k[j + r]! * data[y * width + Math.min(width - 1, Math.max(0, x + j))]!;
      tmp[y * width + x] = acc;
    }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let j = -r; j <= r; j++) acc += k[j + r]! * tmp[Math.min(height - 1, Math.max(0, y + j)) * width + x]!;
      out[y * width + x] = Math.round(acc);
    }
  return { width, height, channels: 1, data: out };
}

/** Bilinear resize by a factor (the engine reads small print better a little larger). */
function scaleRaster(image: Raster, scale: number): Raster {
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(sy), y1 = Math.min(image.height - 1, y0 + 1), ty = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, (x + 0.5) / scale - 0.5));
      const x0 = Math.floor(sx), x1 = Math.min(image.width - 1, x0 + 1), tx = sx - x0;
      const a = image.data[y0 * image.width + x0]!, b = image.data[y0 * image.width + x1]!;
      const c = image.data[y1 * image.width + x0]!, d = image.data[y1 * image.width + x1]!;
      out[y * width + x] = Math.round((a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty);
    }
  }
  return { width, height, channels: 1, data: out };
}
