// Reads form cells from a registered scan: cells on one printed row are cut out together as a strip, each cell's
// print found and cleaned, packed side by side and read in one OCR call. A cell whose read is not a possible value
// is read again from differently prepared pixels, and the reads vote.
import { IN_DOUBT, type CellRead, type CellRequest, type CellSource } from '../cells.ts';
import { toPage, type FormFrame, type Rect } from '../form-frame.ts';
import { unionBox, type Box } from '../words.ts';
import { oneMore } from '../field-checks.ts';
import { findCellPrint, packCellPrint, type CellSpan, type StripPrint } from './cell-print.ts';
import { CELL_ALPHABET } from './cell-alphabet.ts';
import { LINE_LOOKS, readLooks, type LineLook } from './cell-looks.ts';
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
  bands: BandFrame[];
  engine: OcrEngine;
  /** Extra template points searched above each cell (print that rides high in its box). */
  reachUp?: (request: CellRequest) => number;
  /** Height of the form's capital letters and digits, in template points (default 7). */
  textHeight?: number;
  /** The page is rectified (cells exactly where the template puts them): their borders can be cleared by position. */
  exact?: boolean;
  /**
   * A grey page (a fax, a photocopy): its print may be set tight by thresholding, so the outline-smoothed read also
   * moves characters apart.
   */
  grey?: boolean;
  /** The form's horizontal rules, [y, x0, x1] in template points: cleared by position on a rectified page. */
  rules?: readonly (readonly [number, number, number])[];
}

/** How a strip's print is prepared for the engine: each is a different look at the same pixels. */
interface Variant {
  binary: boolean;
  scale: number;
  /** Outlines rounded off (print thresholded at fax resolution reads better so). */
  smooth?: boolean;
  /** Characters moved a little apart (a doubled digit whose glyphs nearly touch is read as one). */
  spread?: boolean;
}
const VARIANTS: readonly Variant[] = [
  { binary: false, scale: 1 },
  { binary: true, scale: 1.5 },
  { binary: false, smooth: true, scale: 2, spread: true },
  { binary: false, scale: 2 },
];
/**
 * On grey pages, a last read of the values a bill is priced by (CellRequest.priced) still in doubt: grey at 2x with
 * characters moved apart. Only those cells, as every read costs time and a fax page is near its 2 s budget.
 */
const PRICED_GREY: Variant = { binary: false, scale: 2, spread: true };
/** One reading pass: a look of the line recogniser, or a way of preparing the print for the engine. */
type Pass = { look: LineLook } | { variant: Variant };

/** Widest run of packed cells read in one OCR call, in scan pixels (longer lines of unrelated values read worse). */
const LINE_LENGTH = 2400;
/** Reads, all of no possible value and none surer than ILLEGIBLE_CONFIDENCE, after which a cell is read no more. */
const ILLEGIBLE_AFTER = 4;
const ILLEGIBLE_CONFIDENCE = 0.4;
/** Below this a read is checked against another read even when it looks like a possible value. */
const SURE = 0.9;

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
        const key = `${r.rect.y.toFixed(1)}:${r.rect.h.toFixed(1)}:${CELL_ALPHABET[r.kind] === 'any' ? 'any' : 'data'}`;
        strips.set(key, [...(strips.get(key) ?? []), r]);
      }
      // Each strip's print is found once; then each pass reads it: the line recogniser's looks first (when the
      // engine has one), then every way of preparing it for the engine, in one OCR call per alphabet for the whole
      // page (strips side by side). Each pass after the first reads only the cells still in doubt.
      const located = [...strips.values()].map((cells) => locateStrip(page, cells));
      const reads = located.map((): Map<string, CellRead>[] => []);
      let pending: (Set<string> | null)[] = located.map(() => null);
      // Characters are moved apart only on grey pages (see OcrFormPage.grey).
      const variants = page.grey ? [...VARIANTS, PRICED_GREY] : VARIANTS.map((v) => (v.spread ? { ...v, spread: false } : v));
      const passes: Pass[] = [...(page.engine.readLines ? LINE_LOOKS.map((look) => ({ look })) : []), ...variants.map((variant) => ({ variant }))];
      let engineRead = false;
      // A printed cell is read again while its reads do not settle it, unless they show it holds no value at all.
      // Before the engine's first pass, cells the line recogniser did not read (text cells, which it is not asked to)
      // wait for that pass too.
      const inDoubt = (c: CellRequest, cellReads: Map<string, CellRead>[]): boolean =>
        !engineRead ? !cellReads.some((m) => m.has(c.key)) || !settled(c, cellReads) : !settled(c, cellReads) && !illegible(c, cellReads);
      for (const pass of passes) {
        if ('look' in pass) {
          const got = await readLooks(page, located, pass.look, pending);
          if (got === null) continue;
          got.forEach((m, i) => reads[i]!.push(m));
        } else {
          const { variant } = pass;
          if (variant === PRICED_GREY)
            pending = pending.map((keys, i) => keys && new Set(located[i]!.cells.filter((c) => c.priced && keys.has(c.key)).map((c) => c.key)));
          const jobs = located
            .map((strip, i) => ({ i, strip, packed: pending[i]?.size === 0 ? null : packStrip(strip, variant, pending[i]!) }))
            .filter((j): j is { i: number; strip: LocatedStrip; packed: Packed } => j.packed !== null);
          if (jobs.length === 0) break;
          const byAlphabet = new Map<OcrAlphabet, typeof jobs>();
          for (const j of jobs) byAlphabet.set(j.strip.alphabet, [...(byAlphabet.get(j.strip.alphabet) ?? []), j]);
          // Lines of a bounded length: a very long line of unrelated values reads worse (repeated digits merge).
          const limit = LINE_LENGTH * variant.scale;
          const batches: { alphabet: OcrAlphabet; batch: typeof jobs }[] = [];
          for (const [alphabet, group] of byAlphabet)
            for (let from = 0; from < group.length; ) {
              let to = from + 1;
              let width = group[from]!.packed.image.width;
              while (to < group.length && width + group[to]!.packed.image.width <= limit) width += group[to++]!.packed.image.width;
              batches.push({ alphabet, batch: group.slice(from, to) });
              from = to;
            }
          // Asked for together, so an engine with several workers reads them at once.
          const results = await Promise.all(batches.map(({ alphabet, batch }) => readPacked(page, alphabet, batch.map((j) => ({ strip: j.strip, packed: j.packed })), variant)));
          batches.forEach(({ batch }, b) => {
            const got = results[b]!;
            // The last read only confirms: what it reads that is no possible value is not a vote (it would make a
            // misread agreed upon, kept as printed).
            if (variant === PRICED_GREY)
              batch.forEach((j, k) => j.strip.cells.forEach((c) => c.accept && got[k]!.has(c.key) && !c.accept(norm(got[k]!.get(c.key)!.text)) && got[k]!.delete(c.key)));
            batch.forEach((j, k) => reads[j.i]!.push(got[k]!));
          });
          engineRead = true;
        }
        pending = located.map((strip, i) => new Set(strip.cells.filter((c) => strip.printed.has(c.key) && inDoubt(c, reads[i]!)).map((c) => c.key)));
      }
      located.forEach((strip, i) => {
        for (const c of strip.cells) {
          const voted = vote(c, reads[i]!);
          if (voted) out.set(c.key, voted);
        }
      });
      return out;
    },
  };
}

const norm = (text: string): string => text.replace(/\s+/g, ' ').trim();
const keyOf = (cell: CellRequest): ((text: string) => string) => (text) => (cell.agreeOn ? cell.agreeOn(norm(text)) : norm(text));

/** Whether a printed cell's reads so far are enough: a possible value read surely, or read the same twice. */
function settled(cell: CellRequest, reads: Map<string, CellRead>[]): boolean {
  if (!cell.accept) return true;
  const key = keyOf(cell);
  const valid = reads.map((r) => r.get(cell.key)).filter((r): r is CellRead => r !== undefined && cell.accept!(norm(r.text)));
  if (valid.length === 0) return false;
  if (!cell.twice && valid.some((r) => r.confidence >= SURE) && new Set(valid.map((r) => key(r.text))).size === 1) return true;
  const counts = new Map<string, number>();
  for (const r of valid) counts.set(key(r.text), (counts.get(key(r.text)) ?? 0) + 1);
  return [...counts.values()].some((n) => n >= 2);
}

/**
 * Whether a cell's print is no value at all, going by the reads so far: every read something no check accepts, and
 * none of them sure of even that (a stamp or the sample form's watermark across the cell, a scribble). More ways of
 * preparing its pixels would cost time and still read nothing a person need not check.
 */
export function illegible(cell: CellRequest, reads: Map<string, CellRead>[]): boolean {
  if (!cell.accept) return false;
  const seen = reads.map((r) => r.get(cell.key)).filter((r): r is CellRead => r !== undefined);
  return seen.length >= ILLEGIBLE_AFTER && seen.every((r) => !cell.accept!(norm(r.text)) && r.confidence < ILLEGIBLE_CONFIDENCE);
}

/**
 * The cell's value from its reads: possible values first, the one read most often, then the surer. Agreement makes
 * a read sure; two different possible values make it unsure (so it is checked by a person, not guessed).
 */
export function vote(cell: CellRequest, reads: Map<string, CellRead>[]): CellRead | undefined {
  const seen = reads.map((r) => r.get(cell.key)).filter((r): r is CellRead => r !== undefined);
  if (seen.length === 0) return undefined;
  const chosen = chooseRead(cell, seen);
  const rivals = [...new Set(seen.map((r) => norm(r.text)))].filter((t) => t !== norm(chosen.text));
  return rivals.length ? { ...chosen, rivals } : chosen;
}

function chooseRead(cell: CellRequest, seen: CellRead[]): CellRead {
  if (!cell.accept) return seen[0]!;
  const key = keyOf(cell);
  const valid = seen.filter((r) => cell.accept!(norm(r.text)));
  if (valid.length === 0) {
    // No read is a possible value. Reads that agree are what is printed (a code missing from the code sets): the most
    // that agree, on something of a value's shape before anything else (OX three times over X twice for a modifier);
    // else the first read, never as a sure one.
    const shaped = (r: CellRead): boolean => cell.shaped?.(norm(r.text)) ?? true;
    const groups = new Map<string, CellRead[]>();
    for (const r of seen) groups.set(key(r.text), [...(groups.get(key(r.text)) ?? []), r]);
    const same = [...groups.values()].filter((g) => g.length >= 2).sort((a, b) => Number(shaped(b[0]!)) - Number(shaped(a[0]!)) || b.length - a.length)[0];
    if (same) return { ...same[0]!, confidence: Math.min(...same.map((r) => r.confidence)), agreed: same.length };
    // A read the reader can repair is worth more than one it cannot (a streak turned a 0 into a D, another read lost
    // the character); taken unsure, so the repaired value goes to review.
    const repairable = cell.repairable ? seen.filter((r) => cell.repairable!(norm(r.text))) : [];
    const chosen = repairable.length ? repairable.reduce((p, q) => (q.confidence > p.confidence ? q : p)) : seen[0]!;
    return { ...chosen, confidence: Math.min(IN_DOUBT, ...seen.map((r) => r.confidence)) };
  }
  const groups = new Map<string, CellRead[]>();
  for (const r of valid) groups.set(key(r.text), [...(groups.get(key(r.text)) ?? []), r]);
  const ranked = [...groups.values()].sort(
    (a, b) => b.length - a.length || Math.max(...b.map((r) => r.confidence)) - Math.max(...a.map((r) => r.confidence)),
  );
  const best = ranked[0]!;
  // More reads agreeing on something that is no possible value than on any possible value: that is what is printed
  // (a code the code sets lack); the reader names it for review.
  const misses = new Map<string, CellRead[]>();
  const others = new Map<string, number>();
  for (const r of seen) {
    if (cell.accept(norm(r.text))) continue;
    others.set(key(r.text), (others.get(key(r.text)) ?? 0) + 1);
    if (cell.shaped?.(norm(r.text)) ?? true) misses.set(key(r.text), [...(misses.get(key(r.text)) ?? []), r]);
  }
  const printed = [...misses.values()].sort((a, b) => b.length - a.length)[0];
  if (printed && printed.length >= 2 && printed.length > best.length)
    return { ...printed[0]!, confidence: Math.min(...printed.map((r) => r.confidence)), agreed: printed.length };
  // A sure read holding what unsure agreeing reads hold and one character more: they lost it (a streak beside the 1 of
  // 18), which reads drop far more often than they add one. Taken, in doubt.
  const fuller = best.every((r) => r.confidence < IN_DOUBT)
    ? ranked.slice(1).find((g) => g.some((r) => r.confidence >= SURE && !r.weighed) && oneMore(key(best[0]!.text), key(g[0]!.text)))
    : undefined;
  if (fuller) return { ...fuller.reduce((p, q) => (q.confidence > p.confidence ? q : p)), confidence: IN_DOUBT, agreed: fuller.length };
  const surest = best.reduce((p, q) => (q.confidence > p.confidence ? q : p));
  // Reads that only weighed the cell's candidates are no agreement on what the pixels show.
  const readAlike = best.filter((r) => !r.weighed).length;
  let confidence = readAlike >= 2 ? Math.max(surest.confidence, 0.9) : cell.twice && seen.length > 1 ? Math.min(surest.confidence, 0.7) : surest.confidence;
  if (readAlike === 0) confidence = Math.min(confidence, IN_DOUBT);
  // A rival possible value read as often leaves the cell in doubt; so does anything else read more often (the
  // others agree on what no check accepts: one of them may be right and the value missing from the checks).
  if (ranked.length > 1 && ranked[1]!.length >= best.length) confidence = Math.min(confidence, IN_DOUBT);
  const readOften = Math.max(0, ...others.values());
  if (readOften > best.length) confidence = Math.min(confidence, IN_DOUBT);
  return { ...surest, confidence, agreed: best.length };
}

/**
 * A read of characters moved apart has spaces the print does not: taken out of values that are one word (an amount, a
 * date part, a code alone; not a code with its modifiers, nor text).
 */
export function closeUp(cell: CellRequest, text: string): string {
  const closed = text.replace(/\s+/g, '');
  if (cell.kind === 'text' || cell.kind === 'alnum') return text;
  if (cell.kind === 'code' && closed.length > 5) return text;
  return closed;
}

/** A strip cut from the page with each cell's print found: what every way of reading it starts from. */
export interface LocatedStrip {
  cells: CellRequest[];
  strip: Raster;
  /** Each cell's column range and expected line, in strip pixels. */
  spans: CellSpan[];
  print: StripPrint;
  /** Cells with print. */
  printed: Set<string>;
  left: number;
  top: number;
  gap: number;
  alphabet: OcrAlphabet;
  /** Height of a capital or digit, in strip pixels. */
  textPx: number;
}

interface Packed {
  image: Raster;
  pieces: { cell: number; at: number; width: number; from: number }[];
}

function locateStrip(page: OcrFormPage, cells: CellRequest[]): LocatedStrip {
  const reach = Math.max(...cells.map((c) => page.reachUp?.(c) ?? 0));
  const below = 6;
  const rect: Rect = {
    x: Math.min(...cells.map((c) => c.rect.x)),
    y: cells[0]!.rect.y - reach,
    w: Math.max(...cells.map((c) => c.rect.x + c.rect.w)) - Math.min(...cells.map((c) => c.rect.x)),
    h: cells[0]!.rect.h + reach + below,
  };
  const frame = frameFor(page.bands, cells[0]!.rect.y);
  const { width: pw, height: ph } = page.data;
  const tl = toPage(frame, rect.x, rect.y);
  const br = toPage(frame, rect.x + rect.w, rect.y + rect.h);
  const left = Math.max(0, Math.floor(tl.u * pw));
  const top = Math.max(0, Math.floor(tl.v * ph));
  const strip = crop(page.data, left, top, br.u * pw - left, br.v * ph - top);
  const pxPerPt = Math.hypot(frame.b, frame.e) * ph;
  const textPx = (page.textHeight ?? 7) * pxPerPt;
  const inset = 1.2; // points inside the printed borders
  const spans: CellSpan[] = cells.map((c) => {
    const mid = c.rect.y + c.rect.h / 2;
    return {
      from: toPage(frame, c.rect.x + inset, mid).u * pw - left,
      to: toPage(frame, c.rect.x + c.rect.w - inset, mid).u * pw - left,
      centre: toPage(frame, c.rect.x, mid).v * ph - top,
      lowest: toPage(frame, c.rect.x, c.rect.y + c.rect.h).v * ph - top + textPx * 0.3,
    };
  });
  const borders = [...new Set(cells.flatMap((c) => [c.rect.x, c.rect.x + c.rect.w]))].map((x) => toPage(frame, x, rect.y + rect.h / 2).u * pw - left);
  const rows = (page.rules ?? [])
    .filter(([y, x0, x1]) => y > rect.y && y < rect.y + rect.h && x0 < rect.x + rect.w && x1 > rect.x)
    .map(([y]) => toPage(frame, rect.x + rect.w / 2, y).v * ph - top);
  const raw = findCellPrint(strip, spans, textPx, borders, page.exact, rows);
  // A lone thin stroke in a cell that cannot hold a 1 is a piece of a border or a streak, not a value.
  const print: StripPrint = {
    ...raw,
    cells: raw.cells.map((c, i) => {
      const accept = cells[i]!.accept;
      const bare = c !== null && c.right - c.left + 1 <= textPx * 0.22 && c.bottom - c.top + 1 >= textPx * 0.5;
      return bare && accept && !accept('1') ? null : c;
    }),
  };
  const alphabet = CELL_ALPHABET[cells[0]!.kind];
  const uniform = cells.every((c) => CELL_ALPHABET[c.kind] === alphabet);
  return {
    cells,
    strip,
    spans,
    print,
    printed: new Set(cells.filter((_, i) => print.cells[i] !== null).map((c) => c.key)),
    left,
    top,
    gap: Math.max(20, Math.round(textPx * 1.4)),
    textPx,
    alphabet: uniform ? alphabet : alphabet === 'any' ? 'any' : 'alnum',
  };
}

/** The strip's print packed for one way of reading (only the cells in `only`, when given); null when none has print. */
function packStrip(located: LocatedStrip, variant: Variant, only: Set<string> | null): Packed | null {
  const print = only ? { ...located.print, cells: located.print.cells.map((c, i) => (only.has(located.cells[i]!.key) ? c : null)) } : located.print;
  return packCellPrint(located.strip, print, { gap: located.gap, pad: 8, binary: variant.binary, scale: variant.scale, smooth: variant.smooth ?? false, ...(variant.spread ? { spread: Math.max(2, Math.round(located.textPx * 0.15)) } : {}) });
}

/**
 * Reads packed strips of one alphabet in one OCR call, laid side by side, and gives each strip its cells' reads:
 * characters go back to their cells through the packing, words split where a cell ends.
 */
async function readPacked(page: OcrFormPage, alphabet: OcrAlphabet, jobs: { strip: LocatedStrip; packed: Packed }[], variant: Variant): Promise<Map<string, CellRead>[]> {
  const spacing = Math.round(Math.max(...jobs.map((j) => j.strip.gap)) * variant.scale);
  const height = Math.max(...jobs.map((j) => j.packed.image.height));
  const offsets: number[] = [];
  let width = 0;
  for (const j of jobs) {
    offsets.push(width);
    width += j.packed.image.width + spacing;
  }
  width -= spacing;
  const line = new Uint8Array(width * height).fill(255);
  jobs.forEach((j, k) => {
    const img = j.packed.image;
    const dy = Math.floor((height - img.height) / 2);
    for (let y = 0; y < img.height; y++) line.set(img.data.subarray(y * img.width, (y + 1) * img.width), (y + dy) * width + offsets[k]!);
  });
  const words = await page.engine.recognizeRegion({ width, height, channels: 1, data: line }, page.page, {
    left: 0,
    top: 0,
    width,
    height,
    alphabet,
    singleLine: true,
    symbols: true,
  });
  const { width: pw, height: ph } = page.data;
  const parts = jobs.map(() => new Map<number, { text: string; confidence: number; boxes: Box[] }[]>());
  for (const w of words) {
    const symbols = w.symbols?.length ? w.symbols : [{ text: w.text, bbox: w.bbox, confidence: w.confidence }];
    let current: { job: number; cell: number; text: string; confidence: number; boxes: Box[] } | null = null;
    const flush = (): void => {
      if (current) parts[current.job]!.set(current.cell, [...(parts[current.job]!.get(current.cell) ?? []), { text: current.text, confidence: current.confidence, boxes: current.boxes }]);
      current = null;
    };
    for (const s of symbols) {
      const centre = (s.bbox.left + s.bbox.width / 2) * width;
      const k = offsets.findLastIndex((o) => centre >= o - spacing / 2);
      if (k < 0) continue;
      const { strip, packed } = jobs[k]!;
      const local = centre - offsets[k]!;
      const reach = strip.gap * variant.scale * 0.5;
      const piece = packed.pieces.find((p) => local >= p.at - reach && local < p.at + p.width + reach);
      if (!piece) continue;
      const x0 = piece.from + (s.bbox.left * width - offsets[k]! - piece.at) / variant.scale;
      const x1 = x0 + (s.bbox.width * width) / variant.scale;
      const c = strip.print.cells[piece.cell]!;
      const box: Box = { left: (strip.left + x0) / pw, top: (strip.top + c.top) / ph, width: (x1 - x0) / pw, height: (c.bottom - c.top + 1) / ph };
      if (current && (current.job !== k || current.cell !== piece.cell)) flush();
      current ??= { job: k, cell: piece.cell, text: '', confidence: w.confidence, boxes: [] };
      current.text += s.text;
      current.boxes.push(box);
      current.confidence = Math.min(current.confidence, w.confidence);
    }
    flush();
  }
  return jobs.map(({ strip }, k) => {
    const out = new Map<string, CellRead>();
    for (const [i, list] of parts[k]!)
      out.set(strip.cells[i]!.key, {
        text: variant.spread ? closeUp(strip.cells[i]!, list.map((p) => p.text).join(' ')) : list.map((p) => p.text).join(' '),
        confidence: Math.min(...list.map((p) => p.confidence)),
        bbox: unionBox(list.flatMap((p) => p.boxes)),
        engine: 'ocr',
        page: page.page,
      });
    return out;
  });
}
