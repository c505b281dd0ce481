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
  const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  return meta.pages ?? 1;
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

/** Skew angle in degrees (positive: the page is turned clockwise) from the spread of the form's horizontal lines. */
export function estimateSkew(mask: Uint8Array, width: number, height: number, maxDegrees = 6): number {
  const points: number[] = [];
  for (let y = 0; y < height; y += 2) for (let x = 0; x < width; x += 2) if (mask[y * width + x]) points.push(x, y);
  if (points.length < 200) return 0;
  const score = (deg: number): number => {
    const t = (deg * Math.PI) / 180;
    const sin = Math.sin(t), cos = Math.cos(t);
    const bins = new Float64Array(height * 2 + 10);
    for (let k = 0; k < points.length; k += 2) {
      const y = Math.round(points[k + 1]! * cos - points[k]! * sin + height * 0.5);
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
}

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
  const merged: (RuledLine & { n: number; sum: number; last: number })[] = [];
  const open: (RuledLine & { n: number; sum: number; last: number })[] = [];
  for (const r of raw) {
    for (let i = open.length - 1; i >= 0; i--) if (r.at - open[i]!.last > 2) open.splice(i, 1);
    const m = open.find((x) => r.from <= x.to + 8 && r.to >= x.from - 8);
    if (m) {
      m.from = Math.min(m.from, r.from);
      m.to = Math.max(m.to, r.to);
      m.sum += r.at * (r.to - r.from);
      m.n += r.to - r.from;
      m.last = r.at;
    } else {
      const line = { ...r, n: r.to - r.from, sum: r.at * (r.to - r.from), last: r.at };
      merged.push(line);
      open.push(line);
    }
  }
  return merged.filter((m) => m.to - m.from >= minRun * 2).map((m) => ({ at: m.sum / m.n, from: m.from, to: m.to }));
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
