// Pixel work for scanned forms: decoding, size normalisation, colour drop-out, deskew, line detection, cropping.
import sharp from 'sharp';
import type { Raster } from './engine.ts';

/** Scanned pages are normalised to this width (200 dpi across a letter page): thresholds below assume it. */
export const WORK_WIDTH = 1700;
/** Refuse rasters above this many pixels before decoding (a decompression bomb, not a scan). */
export const MAX_INPUT_PIXELS = 60_000_000;

/** Decodes page `page` (0-based) of a PNG/JPEG/TIFF into an sRGB raster normalised to WORK_WIDTH. */
export async function decodeImage(bytes: Uint8Array, page = 0): Promise<Raster> {
  const input = sharp(bytes, { page, limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
  const meta = await input.metadata();
  // EXIF orientation first (phone photos), then the working size.
  const oriented = (meta.orientation ?? 1) >= 5 ? { width: meta.height ?? 0, height: meta.width ?? 0 } : { width: meta.width ?? 0, height: meta.height ?? 0 };
  const width = oriented.width >= oriented.height ? Math.round(WORK_WIDTH * 1.294) : WORK_WIDTH;
  const { data, info } = await sharp(bytes, { page, limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .resize({ width, kernel: 'lanczos3' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels as 3, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** How many pages a TIFF (or any image) holds. */
export async function imagePageCount(bytes: Uint8Array): Promise<number> {
  // The header alone (nothing is decoded): an image declaring more pixels than we decode is named for what it is.
  const declared = await sharp(bytes, { limitInputPixels: false }).metadata();
  const pixels = (declared.width ?? 0) * (declared.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    throw new Error(`the image declares ${declared.width} x ${declared.height} pixels; at most ${MAX_INPUT_PIXELS.toLocaleString('en-US')} pixels are read`);
  }
  const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  return meta.pages ?? 1;
}

/** Whether any sampled pixel is dark enough to be print (a blank page has none and needs no reading). */
export function hasInk(image: Raster, darkerThan = 200): boolean {
  const c = image.channels;
  // Every second pixel of every second row: a stroke of print is wider than that.
  for (let y = 0; y < image.height; y += 2) {
    for (let i = y * image.width * c; i < (y + 1) * image.width * c; i += 2 * c) {
      const luminance = c === 1 ? image.data[i]! : (image.data[i]! * 299 + image.data[i + 1]! * 587 + image.data[i + 2]! * 114) / 1000;
      if (luminance < darkerThan) return true;
    }
  }
  return false;
}

/**
 * Evens out the paper: a photo is darker towards a corner or under a shadow, a worn copy is grey all over. Each pixel
 * is divided by the local paper brightness (the bright end of its neighbourhood, taken on a coarse grid and smoothed),
 * so paper comes out white everywhere and thresholds mean the same across the page. Colour is kept (the red form
 * stays red). A white page comes back unchanged.
 */
export function flattenBackground(image: Raster): Raster {
  const { width, height, channels: c, data } = image;
  const cell = 32;
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const grid = new Float32Array(gw * gh);
  const hist = new Uint32Array(256);
  for (let gy = 0; gy < gh; gy++)
    for (let gx = 0; gx < gw; gx++) {
      hist.fill(0);
      let n = 0;
      for (let y = gy * cell; y < Math.min(height, gy * cell + cell); y += 2)
        for (let x = gx * cell; x < Math.min(width, gx * cell + cell); x += 2) {
          const i = (y * width + x) * c;
          hist[c === 1 ? data[i]! : Math.max(data[i]!, data[i + 1]!, data[i + 2]!)]!++;
          n++;
        }
      // The level 10% of the cell is at least as bright as: paper, unless print covers nearly all of it.
      let v = 255;
      for (let acc = 0; v > 0 && acc + hist[v]! < n * 0.1; v--) acc += hist[v]!;
      grid[gy * gw + gx] = v;
    }
  // Cells covered by print or a dark bar are lifted to their neighbourhood's middle level (a median follows a
  // lighting gradient without overshooting it); then smooth.
  const lifted = new Float32Array(grid.length);
  const around: number[] = [];
  for (let gy = 0; gy < gh; gy++)
    for (let gx = 0; gx < gw; gx++) {
      around.length = 0;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) {
          const y = gy + dy, x = gx + dx;
          if (y >= 0 && y < gh && x >= 0 && x < gw) around.push(grid[y * gw + x]!);
        }
      around.sort((a, b) => a - b);
      lifted[gy * gw + gx] = Math.max(grid[gy * gw + gx]!, around[around.length >> 1]!);
    }
  const smooth = new Float32Array(grid.length);
  for (let gy = 0; gy < gh; gy++)
    for (let gx = 0; gx < gw; gx++) {
      let sum = 0, n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const y = gy + dy, x = gx + dx;
          if (y >= 0 && y < gh && x >= 0 && x < gw) (sum += lifted[y * gw + x]!), n++;
        }
      smooth[gy * gw + gx] = Math.max(40, sum / n);
    }
  let darkest = 255;
  for (const v of smooth) darkest = Math.min(darkest, v);
  if (darkest >= 245) return image;
  const out = new Uint8Array(data.length);
  const row = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(gh - 1, Math.max(0, (y + 0.5) / cell - 0.5));
    const y0 = Math.floor(fy), y1 = Math.min(gh - 1, y0 + 1), ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(gw - 1, Math.max(0, (x + 0.5) / cell - 0.5));
      const x0 = Math.floor(fx), x1 = Math.min(gw - 1, x0 + 1), tx = fx - x0;
      const top = smooth[y0 * gw + x0]! * (1 - tx) + smooth[y0 * gw + x1]! * tx;
      const bottom = smooth[y1 * gw + x0]! * (1 - tx) + smooth[y1 * gw + x1]! * tx;
      row[x] = 255 / (top * (1 - ty) + bottom * ty);
    }
    for (let x = 0, i = y * width * c; x < width; x++) {
      const k = row[x]!;
      for (let ch = 0; ch < c; ch++, i++) out[i] = Math.min(255, data[i]! * k);
    }
  }
  return { ...image, data: out };
}

/** Whether the scan carries colour (a red drop-out form) or is grey (fax, photocopy). */
export function isColour(image: Raster): boolean {
  if (image.channels === 1) return false;
  let coloured = 0;
  let seen = 0;
  const c = image.channels;
  for (let i = 0; i < image.data.length; i += c * 37) {
    const r = image.data[i]!, g = image.data[i + 1]!, b = image.data[i + 2]!;
    seen++;
    if (r - Math.max(g, b) > 40) coloured++;
  }
  return coloured / seen > 0.002;
}

/**
 * The data layer as grey: black print stays dark, the red form (lines, labels, shading) turns light. The red channel
 * does that for a red drop-out form; grey scans fall back to luminance.
 */
export function dataLayer(image: Raster, colour: boolean): Raster {
  const out = new Uint8Array(image.width * image.height);
  const c = image.channels;
  for (let p = 0, i = 0; p < out.length; p++, i += c) {
    if (c === 1) {
      out[p] = image.data[i]!;
      continue;
    }
    const r = image.data[i]!, g = image.data[i + 1]!, b = image.data[i + 2]!;
    const luminance = (r * 299 + g * 587 + b * 114) / 1000;
    const redness = r - Math.max(g, b);
    // Red print is the form: gone. Anything else keeps its brightness (and the red channel lifts reddish smears).
    out[p] = colour ? (redness > 30 && redness > r * 0.15 ? 255 : Math.max(luminance, Math.min(r, luminance + redness * 2))) : luminance;
  }
  return { width: image.width, height: image.height, channels: 1, data: out };
}

/** The form layer as a mask: the printed grid (red on colour scans, any dark line on grey ones). */
export function formMask(image: Raster, colour: boolean): Uint8Array {
  const mask = new Uint8Array(image.width * image.height);
  const c = image.channels;
  for (let p = 0, i = 0; p < mask.length; p++, i += c) {
    const r = image.data[i]!, g = c > 1 ? image.data[i + 1]! : r, b = c > 1 ? image.data[i + 2]! : r;
    // Fax-like scans draw thin rules as mid-grey after resampling: anything clearly off-white is ink.
    const redness = r - Math.max(g, b);
    // Redness relative to brightness, so dim corners of a photo keep their rules.
    mask[p] = colour ? (redness > 28 && redness > r * 0.16 ? 1 : 0) : (r + g + b) / 3 < 200 ? 1 : 0;
  }
  return mask;
}

/**
 * The form layer as two masks, one for each direction of ruled line: how strongly a pixel is form (its redness on
 * colour scans, its darkness on grey ones), averaged along the direction over `reach` pixels either side before the
 * threshold. A faded, blurred or noisy rule stays one line; print and noise, which do not run along it, fall away.
 */
export function formLineMasks(image: Raster, colour: boolean, reach = 7, shaded = false): { horizontal: Uint8Array; vertical: Uint8Array } {
  const { width, height, channels: c, data } = image;
  const signal = new Float32Array(width * height);
  for (let p = 0, i = 0; p < signal.length; p++, i += c) {
    const r = data[i]!, g = c > 1 ? data[i + 1]! : r, b = c > 1 ? data[i + 2]! : r;
    signal[p] = colour ? Math.max(0, r - Math.max(g, b)) : 255 - (r * 299 + g * 587 + b * 114) / 1000;
  }
  const limit = colour ? 22 : 60;
  // `shaded`: a form's pale row shading, blurred smooth by a scan, is as red a few pixels across a pixel as at it (a
  // band as thick as a row); a rule stands out from the paper there. Only what stands out counts.
  const half = limit * 0.5;
  const thin = (p: number, step: number): boolean => signal[p]! - Math.max(signal[p - step] ?? 0, signal[p + step] ?? 0) >= half;
  const span = reach * 2 + 1;
  const horizontal = new Uint8Array(width * height);
  const row = new Float64Array(width + 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) row[x + 1] = row[x]! + signal[y * width + x]!;
    for (let x = 0; x < width; x++) {
      const a = Math.max(0, x - reach), b = Math.min(width, x + reach + 1);
      const p = y * width + x;
      horizontal[p] = (row[b]! - row[a]!) / span >= limit && signal[p]! >= half && (!shaded || thin(p, reach * width)) ? 1 : 0;
    }
  }
  // Vertical: a running sum per column over a window of rows, row by row (memory-friendly).
  const vertical = new Uint8Array(width * height);
  const window = new Float64Array(width);
  for (let y = 0; y < Math.min(height, reach); y++) for (let x = 0; x < width; x++) window[x]! += signal[y * width + x]!;
  for (let y = 0; y < height; y++) {
    const enter = y + reach, leave = y - reach - 1;
    if (enter < height) for (let x = 0; x < width; x++) window[x]! += signal[enter * width + x]!;
    if (leave >= 0) for (let x = 0; x < width; x++) window[x]! -= signal[leave * width + x]!;
    const n = Math.min(height, y + reach + 1) - Math.max(0, y - reach);
    for (let x = 0, p = y * width; x < width; x++, p++) vertical[p] = window[x]! / n >= limit && signal[p]! >= half && (!shaded || thin(p, reach)) ? 1 : 0;
  }
  return { horizontal, vertical };
}

/** Skew angle in degrees (positive: the page is turned clockwise) from the spread of the form's horizontal lines. */
export function estimateSkew(mask: Uint8Array, width: number, height: number, maxDegrees = 6): number {
  const points: number[] = [];
  for (let y = 0; y < height; y += 2) for (let x = 0; x < width; x += 2) if (mask[y * width + x]) points.push(x, y);
  if (points.length < 200) return 0;
  const score = (deg: number): number => {
    const t = (deg * Math.PI) / 180;
    const sin = Math.sin(t), cos = Math.cos(t);
    // Bins as tall as the sampling step: finer bins favour 0 degrees, where sampled rows fall on every other bin.
    const bins = new Float64Array(height + 10);
    for (let k = 0; k < points.length; k += 2) {
      const y = Math.round((points[k + 1]! * cos - points[k]! * sin + height * 0.5) / 2);
      if (y >= 0 && y < bins.length) bins[y]! += 1;
    }
    let s = 0;
    for (const v of bins) s += v * v;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -maxDegrees; d <= maxDegrees + 1e-9; d += 0.25) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  const coarse = best;
  for (let d = coarse - 0.25; d <= coarse + 0.25 + 1e-9; d += 0.05) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return best;
}

/** Rotates a raster by `degrees` (counter-clockwise positive, as sharp does it), filling with white. */
export async function rotate(image: Raster, degrees: number): Promise<Raster> {
  if (Math.abs(degrees) < 0.05) return image;
  const { data, info } = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .rotate(degrees, { background: { r: 255, g: 255, b: 255, alpha: 1 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels as 1 | 3, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export interface RuledLine {
  /** Position across the line (y for horizontal lines, x for vertical ones), in pixels. */
  at: number;
  from: number;
  to: number;
  /**
   * How the line drifts: across-position changes by `slope` per pixel along it, `at` holding at `mid` (a photo's
   * lines are not quite level or plumb). Absent on lines made by hand.
   */
  slope?: number;
  mid?: number;
}

/** Where a ruled line is across its direction at a point along it. */
export const lineAt = (l: RuledLine, along: number): number => l.at + (l.slope ?? 0) * (along - (l.mid ?? along));

/**
 * Straight ruled lines of the mask: runs of at least `minRun` pixels (gaps of a few pixels bridged), merged over
 * neighbouring rows (or columns).
 */
export function ruledLines(mask: Uint8Array, width: number, height: number, direction: 'horizontal' | 'vertical', minRun: number): RuledLine[] {
  const along = direction === 'horizontal' ? width : height;
  const across = direction === 'horizontal' ? height : width;
  const at = (a: number, b: number): number => (direction === 'horizontal' ? mask[a * width + b]! : mask[b * width + a]!);
  const raw: RuledLine[] = [];
  for (let a = 0; a < across; a++) {
    let start = -1;
    let gap = 0;
    for (let b = 0; b <= along; b++) {
      const on = b < along && at(a, b) === 1;
      if (on) {
        if (start < 0) start = b;
        gap = 0;
      } else if (start >= 0) {
        gap++;
        if (gap > 4 || b === along) {
          const end = b - gap;
          if (end - start >= minRun) raw.push({ at: a, from: start, to: end });
          start = -1;
          gap = 0;
        }
      }
    }
  }
  // Merge runs on neighbouring rows that overlap or continue each other: a printed line is 2-6 pixels thick, and a
  // slightly slanted one (a photo) breaks into a staircase of runs.
  raw.sort((p, q) => p.at - q.at || p.from - q.from);
  type Merged = RuledLine & { last: number; first: number; w: number; c: number; a: number; cc: number; ca: number };
  const merged: Merged[] = [];
  const open: Merged[] = [];
  const add = (m: Merged, r: RuledLine): void => {
    const w = r.to - r.from;
    const c = (r.from + r.to) / 2;
    m.w += w;
    m.c += w * c;
    m.a += w * r.at;
    m.cc += w * c * c;
    m.ca += w * c * r.at;
  };
  for (const r of raw) {
    for (let i = open.length - 1; i >= 0; i--) if (r.at - open[i]!.last > 2) open.splice(i, 1);
    // A line may drift across by a few degrees, no more: print beside it (labels) does not join it.
    const m = open.find((x) => r.from <= x.to + 8 && r.to >= x.from - 8 && r.at - x.first <= 6 + 0.04 * (Math.max(x.to, r.to) - Math.min(x.from, r.from)));
    if (m) {
      m.from = Math.min(m.from, r.from);
      m.to = Math.max(m.to, r.to);
      m.last = r.at;
      add(m, r);
    } else {
      const line: Merged = { ...r, last: r.at, first: r.at, w: 0, c: 0, a: 0, cc: 0, ca: 0 };
      add(line, r);
      merged.push(line);
      open.push(line);
    }
  }
  return merged
    .filter((m) => m.to - m.from >= minRun * 2)
    .map((m) => {
      const mid = m.c / m.w;
      const at = m.a / m.w;
      const spread = m.cc / m.w - mid * mid;
      // Short lines say little about their slope: only lines a few hundred pixels long get one.
      const slope = spread > 60 * 60 ? (m.ca / m.w - mid * at) / spread : 0;
      return { at, from: m.from, to: m.to, slope: Math.abs(slope) < 0.08 ? slope : 0, mid };
    });
}

/** Crops a rectangle (pixels, clamped to the raster). */
export function crop(image: Raster, left: number, top: number, width: number, height: number): Raster {
  const l = Math.max(0, Math.floor(left));
  const t = Math.max(0, Math.floor(top));
  const w = Math.max(1, Math.min(image.width - l, Math.ceil(width)));
  const h = Math.max(1, Math.min(image.height - t, Math.ceil(height)));
  const c = image.channels;
  const out = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) out.set(image.data.subarray(((t + y) * image.width + l) * c, ((t + y) * image.width + l + w) * c), y * w * c);
  return { width: w, height: h, channels: c, data: out };
}

/** The raster resized to `width` pixels wide, keeping its aspect ratio (sharp's default kernel unless told). */
export async function resizeRaster(image: Raster, width: number, kernel?: 'cubic'): Promise<Raster> {
  const { data, info } = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .resize({ width: Math.round(width), ...(kernel ? { kernel } : {}) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels as Raster['channels'], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
