// A scanned itemized statement's table read again column by column: the whole-page read loses lone short values (a
// quantity of 7 right-aligned in white space) and reads S5000 as 55000; a crop of one column read with that column's
// alphabet does not. What the column read gives is merged into the page's words row by row.
import type { OcrAlphabet, OcrEngine, Raster } from '../ocr/engine.ts';
import sharp from 'sharp';
import { crop } from '../ocr/raster.ts';
import { centerX, centerY, groupLines, type PageWords, type Word } from '../words.ts';
import { isKnownCode } from '../code-set.ts';
import { parseDateText, parseMoney } from '../field-checks.ts';
import { statementColumns, type Role } from './read.ts';

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
/** Below this a column read is read again at twice the size. */
const SURE = 0.9;

/** The page's words with the table's checked columns read again from the pixels and merged in. */
export async function rereadStatementColumns(page: PageWords, image: Raster, engine: OcrEngine): Promise<PageWords> {
  const columns = statementColumns(page).filter((c) => CHECKS[c.role] !== undefined);
  if (columns.length === 0) return page;
  const pad = 0.004;
  const areas = columns.map((c) => ({ left: c.from, top: c.top - pad, right: c.to, bottom: c.bottom + pad }));
  const reads = await Promise.all(columns.map((c, i) => readColumn(page, image, engine, areas[i]!, CHECKS[c.role]!.alphabet, 1)));
  // A lone narrow value read unsurely ("7" as 74) is read again at twice the size; the two reads vote.
  const unsure = columns.map((c, i) => reads[i]!.some((w) => w.confidence < SURE && CHECKS[c.role]!.valid(w.text)));
  const again = await Promise.all(columns.map((c, i) => (unsure[i] ? readColumn(page, image, engine, areas[i]!, CHECKS[c.role]!.alphabet, 2) : null)));
  again.forEach((second, i) => {
    if (second) reads[i] = voteReads(reads[i]!, second);
  });
  let words = [...page.words];
  columns.forEach((column, i) => {
    const inColumn = (w: Word): boolean => centerX(w.bbox) >= column.from && centerX(w.bbox) < column.to && centerY(w.bbox) >= column.top - pad && centerY(w.bbox) <= column.bottom + pad;
    words = mergeColumn(words, inColumn, reads[i]!.filter(inColumn), CHECKS[column.role]!);
  });
  return { ...page, words };
}

/**
 * One column's crop, read with its alphabet. The page read's words of other columns are painted out first: numbers
 * right-aligned under a neighbour's heading reach into the crop, and their cut-off glyphs would read as digits.
 */
async function readColumn(
  page: PageWords,
  image: Raster,
  engine: OcrEngine,
  area: { left: number; top: number; right: number; bottom: number },
  alphabet: OcrAlphabet,
  scale: 1 | 2,
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
  const scaled = scale === 1 ? region : await enlarge(region, scale);
  const words = await engine.recognizeRegion(scaled, page.page, { left: 0, top: 0, width: scaled.width, height: scaled.height, alphabet, singleLine: false });
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

/**
 * Row by row (rows are the page's text lines): a possible value the column read found where the page read has none,
 * or has no possible value, is taken; where both are possible values and differ, the column read's is kept, in doubt.
 */
function mergeColumn(words: Word[], inColumn: (w: Word) => boolean, column: Word[], check: ColumnCheck): Word[] {
  const lines = groupLines(words.filter((w) => !inColumn(w)));
  const rowOf = (w: Word): number =>
    lines.findIndex((line) => {
      const top = Math.min(...line.map((l) => l.bbox.top));
      const bottom = Math.max(...line.map((l) => l.bbox.top + l.bbox.height));
      return centerY(w.bbox) >= top && centerY(w.bbox) <= bottom;
    });
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
    before.forEach((w) => removed.add(w));
    added.push(...reread.map((w) => ({ ...w, confidence: Math.min(w.confidence, ...valid.map((v) => v.confidence), IN_DOUBT) })));
  }
  return [...words.filter((w) => !removed.has(w)), ...added];
}

/** Two reads of one column, word by word where they overlap: agreement makes a word sure, disagreement unsure. */
function voteReads(first: Word[], second: Word[]): Word[] {
  const overlaps = (a: Word, b: Word): boolean => centerX(b.bbox) > a.bbox.left && centerX(b.bbox) < a.bbox.left + a.bbox.width && centerY(b.bbox) > a.bbox.top && centerY(b.bbox) < a.bbox.top + a.bbox.height;
  return first.map((w) => {
    const other = second.find((o) => overlaps(w, o) || overlaps(o, w));
    if (!other) return w;
    if (other.text === w.text) return { ...w, confidence: Math.max(w.confidence, other.confidence) };
    const surer = other.confidence > w.confidence ? { ...w, text: other.text } : w;
    return { ...surer, confidence: Math.min(surer.confidence, IN_DOUBT) };
  });
}

async function enlarge(image: Raster, scale: number): Promise<Raster> {
  const { data, info } = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: image.channels } })
    .resize({ width: image.width * scale, kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels as Raster['channels'], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
