// The line recogniser's looks at form cells: each cell alone as scanned, its print cleaned, and runs of neighbouring
// cells of a row read as one line, their characters given back to the cells by where the model's frames put them. A
// code read as no known code is weighed against the known codes one character away.
import { IN_DOUBT, type CellRead } from '../cells.ts';
import { CELL_ALPHABET } from './cell-alphabet.ts';
import { packCellPrint, type CellPrint } from './cell-print.ts';
import { ALPHABET_CHARACTERS, type LineSymbol, type OcrAlphabet, type Raster } from './engine.ts';
import type { LocatedStrip, OcrFormPage } from './form-cells.ts';
import { crop } from './raster.ts';

/** How the line recogniser is shown a cell. */
export type LineLook = 'scanned' | 'cleaned' | 'row';
/**
 * The looks, in order: the cell's pixels as scanned (a fax streak left in: the recogniser reads through it), its print
 * as found (rules and streaks cleared), and, for cells still in doubt, its row read as one line (a short value such as
 * a modifier reads better among its neighbours than alone).
 */
export const LINE_LOOKS: readonly LineLook[] = ['scanned', 'cleaned', 'row'];

/** One image the recogniser reads: a cell alone, or a run of a row's cells. */
interface Line {
  strip: number;
  image: Raster;
  alphabets: OcrAlphabet[];
  /** Strip x of the image's left edge. */
  x: number;
  /** The cells it holds, with their print. */
  cells: { i: number; print: CellPrint }[];
}

/**
 * One look of the line recogniser at the cells still in doubt (all with print, on the first): per strip, a map of
 * their reads; null when no cell is to be read. Text cells are left to the engine.
 */
export async function readLooks(page: OcrFormPage, located: LocatedStrip[], look: LineLook, pending: (Set<string> | null)[]): Promise<Map<string, CellRead>[] | null> {
  const { width: pw, height: ph } = page.data;
  const lines = located.flatMap((strip, k) => lineImages(strip, k, look, pending[k] ?? null));
  if (lines.length === 0) return null;
  const out = located.map(() => new Map<string, CellRead>());
  const groups = new Map<string, Line[]>();
  for (const line of lines) groups.set(line.alphabets.join('|'), [...(groups.get(line.alphabets.join('|')) ?? []), line]);
  for (const group of groups.values()) {
    const reads = await page.engine.readLines!(group.map((l) => l.image), group[0]!.alphabets);
    group.forEach((line, n) => {
      const strip = located[line.strip]!;
      // A row's characters go to the cell whose print holds them (a separator's mark between cells to none).
      const byCell = new Map<number, LineSymbol[]>();
      for (const symbol of reads[n]!.symbols) {
        if (symbol.text === ' ' && line.cells.length > 1) continue;
        const centre = line.x + ((symbol.x0 + symbol.x1) / 2) * line.image.width;
        const slack = strip.textPx * 0.3;
        const owner = line.cells.length === 1 ? line.cells[0] : line.cells.find((c) => centre >= c.print.left - slack && centre <= c.print.right + slack);
        if (owner) byCell.set(owner.i, [...(byCell.get(owner.i) ?? []), symbol]);
      }
      for (const [i, symbols] of byCell) {
        const cell = strip.cells[i]!;
        const text = symbols.map((x) => x.text).join('').trim();
        if (text === '' || ![...text].every((ch) => ALPHABET_CHARACTERS[CELL_ALPHABET[cell.kind]].includes(ch))) continue;
        const print = strip.print.cells[i]!;
        const read: CellRead = {
          text,
          confidence: Math.min(...symbols.map((x) => x.confidence)),
          bbox: { left: (strip.left + print.left) / pw, top: (strip.top + print.top) / ph, width: (print.right - print.left + 1) / pw, height: (print.bottom - print.top + 1) / ph },
          engine: 'ocr',
          page: page.page,
        };
        // A cell read alone as no possible value: the likeliest of its candidates, if the pixels clearly prefer one.
        const likelihood = reads[n]!.likelihood;
        const weighed = line.cells.length === 1 && likelihood && cell.candidates && !cell.accept?.(text) ? likeliest(cell.candidates(text), likelihood) : null;
        out[line.strip]!.set(cell.key, weighed ? { ...read, text: weighed, confidence: Math.min(read.confidence, IN_DOUBT), weighed: true } : read);
      }
    });
  }
  return out;
}

/** The images one look reads of a strip's cells in doubt (`wanted`; null: all): none when no such cell has print. */
function lineImages(strip: LocatedStrip, k: number, look: LineLook, wanted: Set<string> | null): Line[] {
  const data = strip.cells.map((cell, i) => ({ i, cell })).filter(({ cell }) => CELL_ALPHABET[cell.kind] !== 'any');
  const inDoubt = data.filter(({ i, cell }) => strip.print.cells[i] !== null && (wanted === null || wanted.has(cell.key))).map(({ i }) => i);
  if (inDoubt.length === 0) return [];
  const margin = Math.round(strip.textPx * 0.6);
  const cut = (x0: number, x1: number, y0: number, y1: number): Raster =>
    withPaperBeside(crop(strip.strip, x0, y0, x1 - x0, y1 - y0), margin, strip.print.paper);
  if (look === 'row') {
    // A row is read as runs of neighbouring cells asked for: a column between them that is not asked for (a
    // UB-04's description, a CMS-1500's EPSDT box) is left out rather than read.
    const rise = Math.round(strip.textPx * 0.45);
    const rect = (i: number) => strip.cells[i]!.rect;
    const runs: Line['cells'][] = [];
    let previous: number | null = null;
    for (const { i } of [...data].sort((a, b) => rect(a.i).x - rect(b.i).x)) {
      if (previous === null || rect(i).x > rect(previous).x + rect(previous).w + 1) runs.push([]);
      previous = i;
      const print = strip.print.cells[i];
      if (print) runs[runs.length - 1]!.push({ i, print });
    }
    return runs
      .filter((run) => run.some((c) => inDoubt.includes(c.i)))
      .map((run) => {
        const x0 = Math.max(0, Math.min(...run.map((c) => c.print.left)) - 2);
        const x1 = Math.min(strip.strip.width, Math.max(...run.map((c) => c.print.right)) + 3);
        const y0 = Math.max(0, Math.min(...run.map((c) => c.print.top)) - rise);
        const y1 = Math.min(strip.strip.height, Math.max(...run.map((c) => c.print.bottom)) + 1 + rise);
        return { strip: k, image: cut(x0, x1, y0, y1), alphabets: [...new Set(run.map((c) => CELL_ALPHABET[strip.cells[c.i]!.kind]))], x: x0 - margin, cells: run };
      });
  }
  return inDoubt.map((i) => {
    const print = strip.print.cells[i]!;
    let image: Raster;
    if (look === 'cleaned') {
      const only = { ...strip.print, cells: strip.print.cells.map((p, j) => (j === i ? p : null)) };
      image = packCellPrint(strip.strip, only, { gap: 0, pad: Math.round(strip.textPx * 0.5), binary: false, scale: 1 })!.image;
    } else {
      // The print with a little of the scan around it, within the cell's borders, then paper beside it.
      const span = strip.spans[i]!;
      const reach = Math.round(strip.textPx * 0.4);
      const rise = Math.round(strip.textPx * 0.35);
      image = cut(
        Math.max(0, Math.round(Math.max(span.from, print.left - reach))),
        Math.min(strip.strip.width, Math.round(Math.min(span.to, print.right + 1 + reach))),
        Math.max(0, print.top - rise),
        Math.min(strip.strip.height, print.bottom + 1 + rise),
      );
    }
    return { strip: k, image, alphabets: [CELL_ALPHABET[strip.cells[i]!.kind]], x: 0, cells: [{ i, print }] };
  });
}

/** Of the candidates, the one the pixels make far likelier than any other (ten times); null when none stands out. */
function likeliest(candidates: string[], likelihood: (text: string) => number): string | null {
  if (candidates.length === 0) return null;
  const ranked = candidates.map((text) => ({ text, ll: likelihood(text) })).sort((a, b) => b.ll - a.ll);
  const [best, second] = ranked;
  if (!best || !Number.isFinite(best.ll)) return null;
  if (second && best.ll - second.ll < Math.log(10)) return null;
  return best.text;
}

/** The image with paper added left and right (a recogniser reads print that touches the image's edge worse). */
function withPaperBeside(image: Raster, margin: number, paper: number): Raster {
  const width = image.width + 2 * margin;
  const data = new Uint8Array(width * image.height).fill(paper);
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * image.width, (y + 1) * image.width), y * width + margin);
  return { width, height: image.height, channels: 1, data };
}
