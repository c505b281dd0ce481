// A scanned itemized statement's table read again column by column: the whole-page read loses lone short values (a
// quantity of 7 right-aligned in white space) and reads S5000 as 55000; a crop of one column read with that column's
// alphabet does not. What the column read gives is merged into the page's words row by row.
import type { OcrAlphabet, OcrEngine, Raster } from '../ocr/engine.ts';
import { crop, resizeRaster } from '../ocr/raster.ts';
import { centerX, centerY, groupLines, lineBand, type PageWords, type Word } from '../words.ts';
import { isKnownCode } from '../code-set.ts';
import { parseDateText, parseMoney } from '../field-checks.ts';
import { roleOf, statementColumns, type Role } from './read.ts';

interface ColumnCheck {
  alphabet: OcrAlphabet;
  /** Whether a word is a possible value of the column. */
  valid: (text: string) => boolean;
  /** What two reads must agree on. */
  value: (text: string) => string;
}

const codeOf = (t: string): string => t.toUpperCase().split(/[-:]/)[0]!;
const CHECKS: Partial<Record<Role, ColumnCheck>> = {
  date: { alphabet: 'date', valid: (t) => parseDateText(t) !== null, value: (t) => parseDateText(t) ?? t },
  code: { alphabet: 'alnum', valid: (t) => isKnownCode(codeOf(t)), value: (t) => t.toUpperCase() },
  revenue: { alphabet: 'digits', valid: (t) => /^\d{3,4}$/.test(t), value: (t) => t.padStart(4, '0') },
  quantity: { alphabet: 'digits', valid: (t) => /^\d{1,4}$/.test(t), value: (t) => String(Number(t)) },
  amount: { alphabet: 'money', valid: (t) => /^\$?[\d,]*\d\.\d{2}$/.test(t) && parseMoney(t) !== null, value: (t) => String(parseMoney(t)) },
};

/** A column read that disagrees with the page read, or two column reads that disagree, leave the value in doubt. */
const IN_DOUBT = 0.5;

/** The page's words with the table's checked columns read again from the pixels and merged in. */
export async function rereadStatementColumns(whole: PageWords, image: Raster, engine: OcrEngine): Promise<PageWords> {
  const page = await rereadHeadings(whole, image, engine);
  const columns = statementColumns(page).filter((c) => CHECKS[c.role] !== undefined);
  if (columns.length === 0) return page;
  const pad = 0.004;
  const areas = columns.map((c) => ({ left: c.from, top: c.top - pad, right: c.to, bottom: c.bottom + pad }));
  // Each column is read at its size and at twice it: a lone narrow value ("7") is dropped by one read or misread
  // by it (as 74) more often than by both. The reads vote; where two disagree, a third read at three times decides.
  const reads = await Promise.all(
    columns.map(async (c, i) => {
      const read = (scale: number): Promise<Word[]> => readArea(page, image, engine, areas[i]!, CHECKS[c.role]!.alphabet, scale);
      // A quantity is mostly one or two digits alone in white space, which a block read drops: row by row instead.
      const first = c.role === 'quantity' ? readRows(page, image, engine, areas[i]!, CHECKS[c.role]!.alphabet) : read(1);
      const two = await Promise.all([first, read(2)]);
      const voted = voteReads(two);
      return voted.disputed ? voteReads([...two, await read(3)]).words : voted.words;
    }),
  );
  // A speck read with a digits-only alphabet comes back as a digit: words far shorter than the table's text are none.
  const heights = page.words.filter((w) => centerY(w.bbox) >= columns[0]!.top && centerY(w.bbox) <= columns[0]!.bottom).map((w) => w.bbox.height).sort((a, b) => a - b);
  const textHeight = heights[Math.floor(heights.length / 2)] ?? 0;
  let words = [...page.words];
  columns.forEach((column, i) => {
    const inColumn = (w: Word): boolean => centerX(w.bbox) >= column.from && centerX(w.bbox) < column.to && centerY(w.bbox) >= column.top - pad && centerY(w.bbox) <= column.bottom + pad;
    words = mergeColumn(words, inColumn, reads[i]!.filter((w) => inColumn(w) && w.bbox.height >= textHeight * 0.6), CHECKS[column.role]!);
  });
  return { ...page, words };
}

/**
 * Each table heading read again on its own at twice the size: a heading the page read lost (Code, Mod) would leave
 * its column out of the table, unread. Headings of roles the line lacked are added where no heading word is; the
 * line's other words stay as the page read them (their boxes place the rows).
 */
async function rereadHeadings(page: PageWords, image: Raster, engine: OcrEngine): Promise<PageWords> {
  const headings = [...new Map(statementColumns(page).map((c) => [c.heading.top, c.heading])).values()];
  const words = [...page.words];
  for (const heading of headings) {
    const pad = heading.height * 0.6;
    const area = { left: 0, top: heading.top - pad, right: 1, bottom: heading.top + heading.height + pad };
    const onLine = (w: Word): boolean => centerY(w.bbox) >= heading.top && centerY(w.bbox) <= heading.top + heading.height;
    const line = words.filter(onLine);
    const named = new Set(line.map((w) => roleOf(w.text)));
    const overlaps = (w: Word): boolean => line.some((o) => o.bbox.left < w.bbox.left + w.bbox.width && w.bbox.left < o.bbox.left + o.bbox.width);
    const reread = (await readArea(page, image, engine, area, 'any', 2)).filter(onLine);
    words.push(...reread.filter((w) => roleOf(w.text) !== null && !named.has(roleOf(w.text)) && !overlaps(w)));
  }
  return { ...page, words };
}

/**
 * One column's crop, read with its alphabet. The page read's words of other columns are painted out first: numbers
 * right-aligned under a neighbour's heading reach into the crop, and their cut-off glyphs would read as digits.
 */
async function readArea(
  page: PageWords,
  image: Raster,
  engine: OcrEngine,
  area: { left: number; top: number; right: number; bottom: number },
  alphabet: OcrAlphabet,
  scale: number,
  singleLine = false,
): Promise<Word[]> {
  const left = Math.max(0, Math.floor(area.left * image.width));
  const top = Math.max(0, Math.floor(area.top * image.height));
  const region = crop(image, left, top, area.right * image.width - left, area.bottom * image.height - top);
  const paper = 255;
  for (const w of page.words) {
    if (centerX(w.bbox) >= area.left && centerX(w.bbox) < area.right) continue;
    const x0 = Math.max(0, Math.floor(w.bbox.left * image.width) - left - 1);
    const x1 = Math.min(region.width, Math.ceil((w.bbox.left + w.bbox.width) * image.width) - left + 1);
    const y0 = Math.max(0, Math.floor(w.bbox.top * image.height) - top - 1);
    const y1 = Math.min(region.height, Math.ceil((w.bbox.top + w.bbox.height) * image.height) - top + 1);
    for (let y = y0; y < y1; y++) region.data.fill(paper, (y * region.width + x0) * region.channels, (y * region.width + Math.max(x0, x1)) * region.channels);
  }
  const scaled = scale === 1 ? region : await resizeRaster(region, region.width * scale, 'cubic');
  const words = await engine.recognizeRegion(scaled, page.page, { left: 0, top: 0, width: scaled.width, height: scaled.height, alphabet, singleLine });
  // Boxes come back in fractions of the crop: back to fractions of the page.
  return words.map((w) => ({
    ...w,
    bbox: {
      left: (left + w.bbox.left * region.width) / image.width,
      top: (top + w.bbox.top * region.height) / image.height,
      width: (w.bbox.width * region.width) / image.width,
      height: (w.bbox.height * region.height) / image.height,
    },
  }));
}

/** An area read one text line at a time (the page read's lines), each at twice its size. */
async function readRows(
  page: PageWords,
  image: Raster,
  engine: OcrEngine,
  area: { left: number; top: number; right: number; bottom: number },
  alphabet: OcrAlphabet,
): Promise<Word[]> {
  const rows = groupLines(page.words.filter((w) => centerY(w.bbox) >= area.top && centerY(w.bbox) <= area.bottom)).map(lineBand);
  const reads = await Promise.all(
    rows.map((row) => {
      const pad = (row.bottom - row.top) * 0.35;
      return readArea(page, image, engine, { ...area, top: row.top - pad, bottom: row.bottom + pad }, alphabet, 2, true);
    }),
  );
  return reads.flat();
}

/**
 * Row by row (rows are the page's text lines): a possible value the column read found where the page read has none,
 * or has no possible value, is taken; where both are possible values and differ, the value is left in doubt.
 */
function mergeColumn(words: Word[], inColumn: (w: Word) => boolean, column: Word[], check: ColumnCheck): Word[] {
  const bands = groupLines(words.filter((w) => !inColumn(w))).map(lineBand);
  const rowOf = (w: Word): number => bands.findIndex((band) => centerY(w.bbox) >= band.top && centerY(w.bbox) <= band.bottom);
  const removed = new Set<Word>();
  const added: Word[] = [];
  for (const [row, reread] of groupBy(column.filter((w) => check.valid(w.text)), rowOf)) {
    if (row < 0) continue;
    const before = words.filter((w) => inColumn(w) && rowOf(w) === row);
    const valid = before.filter((w) => check.valid(w.text));
    if (valid.length === 0) {
      before.forEach((w) => removed.add(w));
      added.push(...reread);
      continue;
    }
    const agree = valid.map((w) => check.value(w.text)).join(' ') === reread.map((w) => check.value(w.text)).join(' ');
    if (agree) continue;
    // The two disagree: in doubt either way. The column's value stands when its own reads agreed on it; when they did
    // not, the page read's (three reads, no two alike but the page's and one column read's).
    const doubt = (w: Word): Word => ({ ...w, confidence: Math.min(w.confidence, ...valid.map((v) => v.confidence), IN_DOUBT) });
    before.forEach((w) => removed.add(w));
    added.push(...(reread.every((w) => w.confidence >= IN_DOUBT) ? reread : valid).map(doubt));
  }
  return [...words.filter((w) => !removed.has(w)), ...added];
}

/**
 * Reads of one column, word by word where they overlap: a text most reads agree on is sure; reads that disagree with
 * no majority leave the word in doubt (IN_DOUBT, the surest read's text); a word only one read found is kept as read.
 */
function voteReads(reads: Word[][]): { words: Word[]; disputed: boolean } {
  const overlaps = (a: Word, b: Word): boolean => centerX(b.bbox) > a.bbox.left && centerX(b.bbox) < a.bbox.left + a.bbox.width && centerY(b.bbox) > a.bbox.top && centerY(b.bbox) < a.bbox.top + a.bbox.height;
  const clusters: Word[][] = [];
  for (const read of reads)
    for (const w of read) {
      const cluster = clusters.find((c) => c.some((o) => overlaps(o, w) || overlaps(w, o)));
      if (cluster) cluster.push(w);
      else clusters.push([w]);
    }
  const surest = (words: Word[]): Word => words.reduce((p, q) => (q.confidence > p.confidence ? q : p));
  let disputed = false;
  const words = clusters.map((cluster) => {
    if (cluster.length === 1) return cluster[0]!;
    const byText = new Map<string, Word[]>();
    for (const w of cluster) byText.set(w.text, [...(byText.get(w.text) ?? []), w]);
    const ranked = [...byText.values()].sort((a, b) => b.length - a.length);
    const [best, next] = ranked;
    if (best!.length >= 2 && (!next || next.length < best!.length)) return surest(best!);
    disputed = true;
    return { ...surest(cluster), confidence: Math.min(surest(cluster).confidence, IN_DOUBT) };
  });
  return { words, disputed };
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
