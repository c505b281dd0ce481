// Reads form cells from a registered scan: cells on one printed row are cut out together as a strip, cleaned (the
// red form dropped, ruled lines erased) and read in one OCR call; words go back to their cells by position.
import type { CellKind, CellRead, CellRequest, CellSource } from '../cells.ts';
import { toPage, toTemplate, type FormFrame, type Rect } from '../form-frame.ts';
import { unionBox, type Word } from '../words.ts';
import type { OcrAlphabet, OcrEngine, Raster } from './engine.ts';
import { crop } from './raster.ts';

/** A frame that holds for one band of the form (template y range). */
export interface BandFrame {
  yFrom: number;
  yTo: number;
  frame: FormFrame;
}

export interface OcrFormPage {
  page: number;
  /** The deskewed page's data layer: dark print on white, the red form already dropped where it was red. */
  data: Raster;
  /** Whether ruled lines are still in `data` (grey scans) and must be erased before OCR. */
  linesInData: boolean;
  bands: BandFrame[];
  engine: OcrEngine;
  /** Extra template points read above each cell (print that rides high in its box). */
  reachUp?: (request: CellRequest) => number;
}

const ALPHABET: Record<CellKind, OcrAlphabet> = {
  digits: 'alnum', money: 'money', code: 'alnum', modifier: 'alnum', pointer: 'alnum', date: 'date', text: 'any', alnum: 'alnum',
};

export function frameFor(bands: BandFrame[], y: number): FormFrame {
  return (bands.find((b) => y >= b.yFrom && y < b.yTo) ?? bands[bands.length - 1]!).frame;
}

export function ocrCellSource(page: OcrFormPage): CellSource {
  const global = page.bands[page.bands.length - 1]!.frame;
  return {
    page: page.page,
    frame: global,
    async read(requests) {
      const out = new Map<string, CellRead>();
      // Cells with the same vertical extent form one strip.
      const strips = new Map<string, CellRequest[]>();
      for (const r of requests) {
        const key = `${r.rect.y.toFixed(1)}:${r.rect.h.toFixed(1)}:${ALPHABET[r.kind] === 'any' ? 'any' : 'data'}`;
        strips.set(key, [...(strips.get(key) ?? []), r]);
      }
      for (const cells of strips.values()) {
        const words = await readStrip(page, cells);
        // Amounts matter most and their printed divider confuses a strip read: read money cells on their own.
        if (cells.length > 1)
          for (const money of cells.filter((c) => c.kind === 'money')) {
            const own = await readStrip(page, [money]);
            const frame = frameFor(page.bands, money.rect.y);
            const inCell = (w: Word): boolean => {
              const p = toTemplate(frame, w.bbox.left + w.bbox.width / 2, w.bbox.top + w.bbox.height / 2);
              return p.x >= money.rect.x && p.x < money.rect.x + money.rect.w;
            };
            if (own.length > 0) {
              for (let i = words.length - 1; i >= 0; i--) if (inCell(words[i]!)) words.splice(i, 1);
              words.push(...own.filter(inCell));
            }
          }
        for (const w of words) {
          const frame = frameFor(page.bands, cells[0]!.rect.y);
          const p = toTemplate(frame, w.bbox.left + w.bbox.width / 2, w.bbox.top + w.bbox.height / 2);
          const cell = cells.find((c) => p.x >= c.rect.x && p.x < c.rect.x + c.rect.w);
          if (!cell) continue;
          const prev = out.get(cell.key);
          out.set(cell.key, {
            text: prev ? `${prev.text} ${w.text}` : w.text,
            confidence: prev ? Math.min(prev.confidence, w.confidence) : w.confidence,
            bbox: prev ? unionBox([prev.bbox, w.bbox]) : w.bbox,
            engine: 'ocr',
            page: page.page,
          });
        }
      }
      return out;
    },
  };
}

async function readStrip(page: OcrFormPage, cells: CellRequest[]): Promise<Word[]> {
  const reach = Math.max(...cells.map((c) => page.reachUp?.(c) ?? 0));
  const rect: Rect = {
    x: Math.min(...cells.map((c) => c.rect.x)),
    y: cells[0]!.rect.y - reach,
    w: Math.max(...cells.map((c) => c.rect.x + c.rect.w)) - Math.min(...cells.map((c) => c.rect.x)),
    h: cells[0]!.rect.h + reach,
  };
  const frame = frameFor(page.bands, cells[0]!.rect.y);
  const tl = toPage(frame, rect.x, rect.y);
  const br = toPage(frame, rect.x + rect.w, rect.y + rect.h);
  const left = tl.u * page.data.width;
  const top = tl.v * page.data.height;
  const strip = crop(page.data, left, top, (br.u - tl.u) * page.data.width, (br.v - tl.v) * page.data.height);
  if (page.linesInData) eraseRules(strip);
  // The cells' own borders (solid or dotted) read as I, l or | when left in: whiten thin uprights next to them.
  const boundaries = [...new Set(cells.flatMap((c) => [c.rect.x, c.rect.x + c.rect.w]))].map(
    (x) => toPage(frame, x, rect.y + rect.h / 2).u * page.data.width - Math.max(0, Math.floor(left)),
  );
  eraseUprightsNear(strip, boundaries, Math.max(6, strip.height * 0.15));
  if (!hasInk(strip)) return [];
  const alphabet = ALPHABET[cells[0]!.kind];
  const uniform = cells.every((c) => ALPHABET[c.kind] === alphabet);
  const l0 = Math.max(0, Math.floor(left));
  const t0 = Math.max(0, Math.floor(top));
  // Several cells: pack their print side by side with even gaps (no borders, no wide blanks) for one OCR call.
  const packed = cells.length > 1 && process.env.PARLEY_OCR_PACK !== '0' ? pack(strip, cells, frame, l0, page.data.width) : null;
  const source = packed?.image ?? strip;
  const ready = await forOcr(source);
  const words = await page.engine.recognizeRegion(ready, page.page, {
    left: 0,
    top: 0,
    width: ready.width,
    height: ready.height,
    alphabet: uniform ? alphabet : alphabet === 'any' ? 'any' : 'alnum',
    singleLine: true,
  });
  // Back to page fractions (through the packing, when there was one).
  const out: Word[] = [];
  for (const w of words) {
    let x = w.bbox.left * source.width;
    const width = w.bbox.width * source.width;
    if (packed) {
      const centre = x + width / 2;
      const piece = packed.pieces.find((p) => centre >= p.at && centre < p.at + p.width);
      if (!piece) continue;
      x = piece.from + (x - piece.at);
    }
    out.push({
      ...w,
      bbox: {
        left: (l0 + x) / page.data.width,
        top: (t0 + w.bbox.top * strip.height) / page.data.height,
        width: width / page.data.width,
        height: (w.bbox.height * strip.height) / page.data.height,
      },
    });
  }
  return out;
}

/**
 * The print of each cell, trimmed to its ink and laid side by side 28 pixels apart. A strip read whole gives
 * tesseract wide blank gaps and leftover border marks to misread; packed, it reads like a line of text.
 */
function pack(strip: Raster, cells: CellRequest[], frame: FormFrame, stripLeft: number, pageWidth: number): { image: Raster; pieces: { at: number; from: number; width: number }[] } | null {
  const { width, height, data } = strip;
  const paper = paperLevel(strip);
  const inkColumn = (x: number): boolean => {
    let dark = 0;
    for (let y = 0; y < height; y++) if (data[y * width + x]! < paper - 70) dark++;
    return dark >= 2;
  };
  const spans: { from: number; to: number }[] = [];
  for (const c of [...cells].sort((a, b) => a.rect.x - b.rect.x)) {
    const inset = 1.2; // points inside the printed borders
    const from = Math.max(0, Math.round(toPage(frame, c.rect.x + inset, c.rect.y + c.rect.h / 2).u * pageWidth - stripLeft));
    const to = Math.min(width - 1, Math.round(toPage(frame, c.rect.x + c.rect.w - inset, c.rect.y + c.rect.h / 2).u * pageWidth - stripLeft));
    let l = from;
    while (l <= to && !inkColumn(l)) l++;
    let r = to;
    while (r >= l && !inkColumn(r)) r--;
    if (r - l >= 2) spans.push({ from: Math.max(from, l - 3), to: Math.min(to, r + 3) });
  }
  if (spans.length === 0) return null;
  const gap = 28;
  const total = spans.reduce((s, p) => s + (p.to - p.from + 1), 0) + gap * (spans.length + 1);
  const out = new Uint8Array(total * height).fill(255);
  const pieces: { at: number; from: number; width: number }[] = [];
  let at = gap;
  for (const p of spans) {
    const w = p.to - p.from + 1;
    for (let y = 0; y < height; y++) out.set(data.subarray(y * width + p.from, y * width + p.from + w), y * total + at);
    pieces.push({ at, from: p.from, width: w });
    at += w + gap;
  }
  return { image: { width: total, height, channels: 1, data: out }, pieces };
}

/**
 * What tesseract gets: the contrast-stretched grey strip at scan resolution. (Doubling the size or Otsu-thresholding
 * first both measured worse on the eval set.)
 */
async function forOcr(strip: Raster): Promise<Raster> {
  return normalise(strip);
}

/** The strip's paper brightness: the level 40% of its pixels are at least as light as. */
function paperLevel(strip: Raster): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of strip.data) hist[v]!++;
  let paper = 255;
  for (let acc = 0; paper > 0 && acc + hist[paper]! < strip.data.length * 0.4; paper--) acc += hist[paper]!;
  return paper;
}

/** Whether a strip holds any print at all (an empty row costs no OCR). */
function hasInk(strip: Raster): boolean {
  const hist = new Array<number>(256).fill(0);
  for (const v of strip.data) hist[v]!++;
  const paper = paperLevel(strip);
  // Ink is clearly darker than this strip's paper (faded scans print grey, not black).
  const limit = Math.min(paper - 80, 170);
  let dark = 0;
  for (let v = 0; v < limit; v++) dark += hist[v]!;
  return dark > strip.width * strip.height * 0.0025 && dark > 25;
}

/** Stretches contrast so the darkest print is black and the paper white (photos are grey and uneven). */
function normalise(strip: Raster): Raster {
  const hist = new Array<number>(256).fill(0);
  for (const v of strip.data) hist[v]!++;
  const n = strip.data.length;
  let lo = 0;
  for (let acc = 0; lo < 255 && acc + hist[lo]! < n * 0.005; lo++) acc += hist[lo]!;
  let hi = 255;
  for (let acc = 0; hi > 0 && acc + hist[hi]! < n * 0.4; hi--) acc += hist[hi]!;
  // Only real print is stretched to black: a strip whose darkest marks are faint form remnants stays faint.
  lo = Math.min(lo, 130);
  if (hi - lo < 40) return strip;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(0, Math.min(255, Math.round(((strip.data[i]! - lo) * 255) / (hi - lo))));
  return { ...strip, data: out };
}

/**
 * Removes ruled lines (long straight dark runs) from a grey strip, in place. Vertical ones (cell borders, a fax's
 * streaks) often cross print, so their pixels are repainted from the columns beside them: where a stroke crosses,
 * both sides are dark and the stroke stays whole.
 */
function eraseRules(strip: Raster): void {
  const { width, height, data } = strip;
  const dark = (v: number): boolean => v < 200;
  const ruled = new Array<boolean>(width).fill(false);
  for (let x = 0; x < width; x++) {
    let run = 0;
    let longest = 0;
    for (let y = 0; y < height; y++) {
      run = dark(data[y * width + x]!) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    ruled[x] = longest >= height * 0.7;
  }
  for (let x = 0; x < width; x++) {
    if (!ruled[x]) continue;
    let end = x;
    while (end + 1 < width && ruled[end + 1]) end++;
    if (end - x <= 6) {
      // Repaint one pixel wider than the rule (its grey, anti-aliased edges) from two pixels further out.
      const from = Math.max(0, x - 1);
      const to = Math.min(width - 1, end + 1);
      const l = from - 2;
      const r = to + 2;
      for (let y = 0; y < height; y++) {
        const left = l >= 0 ? data[y * width + l]! : 255;
        const right = r < width ? data[y * width + r]! : 255;
        const fill = Math.max(left, right);
        for (let k = from; k <= to; k++) data[y * width + k] = fill;
      }
    }
    x = end;
  }
  // Horizontal rules: runs longer than a few characters.
  const minRun = Math.max(60, width * 0.12);
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && dark(data[y * width + x]!)) run++;
      else {
        if (run >= minRun) for (let k = x - run; k < x; k++) data[y * width + k] = 255;
        run = 0;
      }
    }
  }
}

/** Whitens thin vertical marks (a few pixels wide, a quarter of the strip tall or more) within `reach` of the xs. */
function eraseUprightsNear(strip: Raster, xs: number[], reach: number): void {
  const { width, height, data } = strip;
  const darkCount = new Array<number>(width).fill(0);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (data[y * width + x]! < 170) darkCount[x]!++;
  for (const centre of xs) {
    const from = Math.max(0, Math.floor(centre - reach));
    const to = Math.min(width - 1, Math.ceil(centre + reach));
    for (let x = from; x <= to; x++) {
      if (darkCount[x]! < height * 0.22) continue;
      // Thin: the mark's columns end within 5 pixels on both sides.
      let l = x;
      while (l > from && darkCount[l - 1]! >= height * 0.22) l--;
      let r = x;
      while (r < to && darkCount[r + 1]! >= height * 0.22) r++;
      if (r - l > 5) {
        x = r;
        continue;
      }
      for (let k = Math.max(0, l - 1); k <= Math.min(width - 1, r + 1); k++) for (let y = 0; y < height; y++) data[y * width + k] = 255;
      x = r;
    }
  }
}
