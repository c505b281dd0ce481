// Reads a bill document (PDF, PNG, JPEG, TIFF) into Bills: text layer where the page has one, OCR where it does not.
import type { Bill } from '../../model/bill.ts';
import { PagesNeedOcr, UnreadableDocument, type ExtractionProblem, type ExtractionResult } from '../extraction-result.ts';
import { SNIFF_BYTES, sniffDocument } from '../../intake/sniff.ts';
import { wordCellSource, type PrintedForm } from './cells.ts';
import ub04Labels from './ub04/printed-labels.json' with { type: 'json' };
import { billWords, classifyPage, type PageClass } from './classify.ts';
import { cms1500DataGridFits, cms1500Frame } from './cms1500/layout.ts';
import { readCms1500 } from './cms1500/read.ts';
import type { OcrEngine, Raster } from './ocr/engine.ts';
import { decodeImage, hasInk, imagePageCount, resizeRaster } from './ocr/raster.ts';
import { prepareScan, withoutShading, type FormRegistration, type PreparedScan } from './ocr/scan.ts';
import { readCms1500Scan, recogniseCms1500 } from './cms1500/scan.ts';
import { renderPage } from './pdf-raster.ts';
import { createLocalOcr } from './ocr/local.ts';
import { relineWords } from './ocr/reline.ts';
import { isKnownCode } from './code-set.ts';
import { createTesseractOcr } from './ocr/tesseract.ts';
import { frameFromAnchors } from './anchors.ts';
import { identityFrame } from './form-frame.ts';
import { groupUb04Pages, readUb04Claim, readUb04Page, type Ub04Page } from './ub04/read.ts';
import { UB04_ANCHORS, UB04_PAGE } from './ub04/template.ts';
import { readUb04Scan, recogniseUb04 } from './ub04/scan.ts';
import { looksLikeStatement, readItemizedStatement, withHeadingFrom } from './statement/read.ts';
import { rereadStatementColumns } from './statement/scan.ts';
import { hasTextLayer, openPdf, pageWords } from './pdf.ts';
import type { PageWords, Word } from './words.ts';

export type { OcrEngine } from './ocr/engine.ts';
export type { Word, PageWords, Box } from './words.ts';

export interface ReadDocumentOptions {
  kind: 'pdf' | 'png' | 'jpeg' | 'tiff';
  /**
   * OCR engine for pages without text; the local engine (tesseract.js and PP-OCR) when omitted. `null`: there is none here (the
   * Extract function on AWS), so pages without text take `ocrWords` or are reported by a PagesNeedOcr error.
   */
  ocr?: OcrEngine | null;
  /**
   * Words another engine already read from the document (a Textract job), by 1-based page number. A PDF page without
   * a text layer takes its words from here instead of OCR; pages with a text layer keep their own. A page listed
   * with no words was read and found blank.
   */
  ocrWords?: ReadonlyMap<number, readonly Word[]>;
  /** Pages read at most (default 50); the rest are reported, not read. */
  maxPages?: number;
  /** Time budget for the whole document (default 120 s). */
  timeoutMs?: number;
}

export const DEFAULT_MAX_PAGES = 50;
const DEFAULT_TIMEOUT_MS = 120_000;
/** The UB-04 prints its labels at 4-6 pt and data goes at 7-12 pt; a "SAMPLE" watermark is far larger. */
const UB04_PRINTED: PrintedForm = { minTextHeight: 6.5, maxTextHeight: 16, labels: ub04Labels.labels as [string, number, number][] };

interface ReadPage {
  words: PageWords;
  kind: PageClass;
  /** For a scanned CMS-1500 or UB-04: the prepared scan and its registration on the form's grid. */
  scan?: { prepared: PreparedScan; registration: FormRegistration };
  /** The page's words were read from its pixels (a scan, a photo), not from a text layer. */
  ocr?: boolean;
}

export async function readDocument(bytes: Uint8Array, options: ReadDocumentOptions): Promise<ExtractionResult> {
  const sniffed = sniffDocument(bytes.subarray(0, SNIFF_BYTES));
  if (sniffed.kind !== options.kind)
    throw new UnreadableDocument(
      sniffed.kind === 'unknown'
        ? `the file is not a ${options.kind.toUpperCase()}: ${sniffed.detail ?? 'unrecognized bytes'}`
        : `the file's bytes are a ${sniffed.kind}, not a ${options.kind}`,
      'document (leading bytes)',
    );
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxPages = Math.max(1, options.maxPages ?? DEFAULT_MAX_PAGES);
  const problems: ExtractionProblem[] = [];
  let ownEngine: OcrEngine | null = null;
  const engine = (): OcrEngine => {
    if (options.ocr === null) throw new Error('no OCR engine here: pages without text are reported, not read');
    return options.ocr ?? (ownEngine ??= createLocalOcr());
  };
  let pages: ReadPage[];
  let bills: Bill[];
  try {
    pages = await withDeadline(readPages(bytes, options, maxPages, deadline, problems, engine), deadline);
    bills = await withDeadline(readBills(pages, problems, engine), deadline);
  } finally {
    // An engine made for this one document goes with it; a caller's engine is the caller's to close.
    if (ownEngine) await (ownEngine as OcrEngine).close();
  }
  if (bills.length === 0) throw noBill(pages);
  return { bills, problems };
}

async function readPages(
  bytes: Uint8Array,
  options: ReadDocumentOptions,
  maxPages: number,
  deadline: number,
  problems: ExtractionProblem[],
  engine: () => OcrEngine,
): Promise<ReadPage[]> {
  if (options.kind === 'pdf') return readPdfPages(bytes, options, maxPages, deadline, problems, engine);
  // Every page of an image needs OCR; without an engine, the pages are not even decoded (no image library on Lambda).
  if (options.ocr === null) throw new PagesNeedOcr([]);
  return readImagePages(bytes, maxPages, deadline, problems, engine);
}

async function readPdfPages(
  bytes: Uint8Array,
  options: ReadDocumentOptions,
  maxPages: number,
  deadline: number,
  problems: ExtractionProblem[],
  engine: () => OcrEngine,
): Promise<ReadPage[]> {
  const pdf = await openPdf(bytes);
  try {
    if (!(pdf.numPages >= 1)) throw new UnreadableDocument('the PDF has no pages (its page tree is empty or damaged)', 'document (page tree)');
    const count = Math.min(pdf.numPages, maxPages);
    if (pdf.numPages > maxPages) problems.push(pagesLeftOut(maxPages, pdf.numPages));
    const pages: ReadPage[] = [];
    const withoutOcr: number[] = [];
    for (let p = 1; p <= count; p++) {
      if (Date.now() > deadline) throw timeout(`page ${p}`);
      let words: PageWords;
      try {
        words = await pageWords(pdf.doc, p);
      } catch {
        problems.push({ claimIndex: null, where: `page ${p}`, message: 'the page could not be read (damaged content)', fatal: false });
        continue;
      }
      if (hasTextLayer(words)) {
        pages.push({ words, kind: classifyWithLayout(words) });
        continue;
      }
      // No text layer: a scan inside a PDF. Born-digital pages never get here, so they never cost OCR.
      const read = options.ocrWords?.get(p);
      if (read) {
        // The other engine's boxes are page fractions too; the page keeps its own size in points.
        const scanned: PageWords = { ...words, words: [...read] };
        pages.push({ words: scanned, kind: classifyWithLayout(scanned), ocr: true });
        continue;
      }
      if (options.ocr === null) {
        withoutOcr.push(p);
        continue;
      }
      let raster: Raster;
      try {
        raster = await renderPage(pdf.doc, p);
      } catch {
        problems.push({ claimIndex: null, where: `page ${p}`, message: 'the page could not be rendered for OCR', fatal: false });
        continue;
      }
      pages.push(await scannedPage(raster, p, engine()));
    }
    if (withoutOcr.length > 0) {
      // A Textract job reads, and bills, every page of the file, also those past what Parley reads.
      if (pdf.numPages > maxPages) {
        throw new UnreadableDocument(
          `the PDF has ${pdf.numPages} pages, scanned ones among them: more than the ${maxPages} pages Parley reads, so it is not sent to Textract (split it into bills)`,
          `the whole file (${pdf.numPages} pages)`,
          'NEEDS_REVIEW',
        );
      }
      throw new PagesNeedOcr(withoutOcr);
    }
    return pages;
  } finally {
    await pdf.close();
  }
}

async function readImagePages(
  bytes: Uint8Array,
  maxPages: number,
  deadline: number,
  problems: ExtractionProblem[],
  engine: () => OcrEngine,
): Promise<ReadPage[]> {
  let total: number;
  try {
    total = await imagePageCount(bytes);
  } catch (error) {
    throw new UnreadableDocument(`the image could not be decoded (${(error as Error).message.split('\n')[0]})`, 'page 1');
  }
  if (total > maxPages) problems.push(pagesLeftOut(maxPages, total));
  const pages: ReadPage[] = [];
  for (let p = 1; p <= Math.min(total, maxPages); p++) {
    if (Date.now() > deadline) throw timeout(`page ${p}`);
    let raster: Raster;
    try {
      raster = await decodeImage(bytes, p - 1);
    } catch (error) {
      if (total === 1) throw new UnreadableDocument(`the image could not be decoded (${(error as Error).message.split('\n')[0]})`, `page ${p}`);
      problems.push({ claimIndex: null, where: `page ${p}`, message: 'the page image could not be decoded', fatal: false });
      continue;
    }
    pages.push(await scannedPage(raster, p, engine()));
  }
  return pages;
}

/** A page of pixels: a CMS-1500 when its grid and title say so, else whatever its OCR'd words say. */
async function scannedPage(raster: Raster, page: number, engine: OcrEngine): Promise<ReadPage> {
  // A page without a single dark pixel has nothing to read: no deskew, no OCR (blank backs, page-count bombs).
  if (!hasInk(raster)) return { words: { page, width: raster.width, height: raster.height, words: [] }, kind: 'other', ocr: true };
  const prepared = await prepareScan(raster, page);
  const form = (kind: PageClass, registration: FormRegistration, scan: PreparedScan): ReadPage => ({
    words: { page, width: scan.image.width, height: scan.image.height, words: [] },
    kind,
    scan: { prepared: scan, registration },
  });
  const recognised = await recogniseForm(prepared, engine);
  if (recognised) return form(recognised.kind, recognised.registration, recognised.scan);
  // Not a registrable form: one whole-page pass, at reduced size (word boxes are page fractions either way).
  const ofWords = (words: PageWords['words']): PageWords => ({ page, width: prepared.image.width, height: prepared.image.height, words });
  let read = ofWords(await engine.recognizePage(await shrink(prepared.image, WHOLE_PAGE_OCR_WIDTH), page));
  let kind = classifyWithLayout(read);
  // A page that reads as nothing of a bill at reduced size (a fax or a crinkled copy of a form with small print) is
  // read again at full size before it is refused: a bill refused is lost.
  if (kind === 'other' && billWords(read).length < 2 && prepared.image.width > WHOLE_PAGE_OCR_WIDTH) {
    read = ofWords(await engine.recognizePage(prepared.image, page));
    kind = classifyWithLayout(read);
  }
  const pageRead = read;
  // A statement's table is read again column by column while the pixels are at hand (they are not kept).
  if (kind === 'itemized-statement') read = await rereadStatementColumns(read, prepared.image, engine);
  // On a fax that reads as a statement or as no bill, the page's text lines are read again by the line recogniser,
  // which reads through the streaks that split tesseract's words. It reads proportional print with fewer spaces, so
  // that read is kept only when its statement table comes out with more complete lines.
  if ((kind === 'other' || kind === 'itemized-statement') && prepared.streaks > 0) {
    const relined = ofWords(withHeadingFrom(await relineWords(pageRead.words, prepared.image, engine), pageRead.words));
    const current = kind === 'itemized-statement' ? completeStatementLines(read) : 0;
    // A page tesseract's words already show to be a statement need only a line table in the re-read.
    const statement = kind === 'itemized-statement' ? looksLikeStatement([relined]) : classifyWithLayout(relined) === 'itemized-statement';
    if (statement && completeStatementLines(relined) > current) {
      const reread = await rereadStatementColumns(relined, prepared.image, engine);
      if (completeStatementLines(reread) > current) [read, kind] = [reread, 'itemized-statement'];
    }
  }
  return { words: read, kind, ocr: true };
}

/**
 * Bills from pages of words another engine produced (Textract's AnalyzeDocument words): classified and read by the
 * same form and statement readers. Throws UnreadableDocument when no page is a bill.
 */
export async function readWordPages(pageList: PageWords[]): Promise<ExtractionResult> {
  const problems: ExtractionProblem[] = [];
  const pages: ReadPage[] = pageList.map((words) => ({ words, kind: classifyWithLayout(words), ocr: true }));
  const bills = await readBills(pages, problems, () => {
    throw new Error('word pages need no OCR');
  });
  if (bills.length === 0) throw noBill(pages);
  return { bills, problems };
}

/**
 * The form the page is, with its registration. A CMS-1500 whose grid fits exactly is one; one recognised less surely
 * (by its title and a partial fit) may be a UB-04 after all, whose many full-width rules a CMS-1500 fit can half
 * follow: the form that fits better wins. A colour page that fits neither well is tried once more with its rules
 * found past a red form's row shading.
 */
async function recogniseForm(prepared: PreparedScan, engine: OcrEngine, shadingTried = false): Promise<{ kind: PageClass; registration: FormRegistration; scan: PreparedScan } | null> {
  // A colour page's fit must be better to settle it: a red UB-04's rules, their shading left in, can half fit a
  // CMS-1500 (measured: 0.58, against the UB-04's 0.80 once its shading is taken out).
  const settles = prepared.colour && !shadingTried ? COLOUR_FIT : FIT;
  const cms1500 = await recogniseCms1500(prepared, engine);
  if (cms1500 && fit(cms1500) >= settles) return { kind: 'cms1500', registration: cms1500, scan: prepared };
  const ub04 = await recogniseUb04(prepared, engine);
  const best =
    ub04 && (!cms1500 || fit(ub04) > fit(cms1500))
      ? { kind: 'ub04' as const, registration: ub04, scan: prepared }
      : cms1500
        ? { kind: 'cms1500' as const, registration: cms1500, scan: prepared }
        : null;
  if (shadingTried || !prepared.colour || (best && fit(best.registration) >= settles)) return best;
  const again = await recogniseForm(withoutShading(prepared), engine, true);
  return again && (!best || fit(again.registration) > fit(best.registration)) ? again : best;
}

/** A form fit this good settles what a page is; on a colour page (a red form, a photo), COLOUR_FIT. */
const FIT = 0.55;
const COLOUR_FIT = 0.75;

/** How much of the form's grid the page shows where the fit puts it: of the exact fit when there is one. */
const fit = (registration: FormRegistration): number => registration.rectified?.coverage ?? registration.coverage * 0.7;

/** Lines of a statement page read with a date, a known code and a charge (how well its words read, for comparing reads). */
function completeStatementLines(words: PageWords): number {
  const { bill } = readItemizedStatement([words], 0);
  return bill.lines.filter((l) => l.serviceDate && l.code && isKnownCode(l.code) && l.chargeCents > 0).length;
}

/** Whole-page OCR width: 0.6 of the scan working width reads statement print well at well under half the time. */
const WHOLE_PAGE_OCR_WIDTH = 1020;

const shrink = async (image: Raster, width: number): Promise<Raster> => (image.width <= width ? image : resizeRaster(image, width));

const pagesLeftOut = (maxPages: number, total: number): ExtractionProblem => ({
  claimIndex: null,
  where: `pages ${maxPages + 1}-${total}`,
  message: `only the first ${maxPages} pages were read`,
  fatal: false,
});

/** Why pages gave no bill: nothing read, a damaged form a person must read, or not a bill at all. */
function noBill(pages: ReadPage[]): UnreadableDocument {
  if (pages.every((p) => p.words.words.length === 0)) return new UnreadableDocument('no text could be read from any page', `pages 1-${pages.length}`);
  const damaged = damagedForm(pages);
  if (damaged) return new UnreadableDocument(damaged.message, damaged.where, 'NEEDS_REVIEW');
  const kinds = [...new Set(pages.map((p) => p.kind))].join(', ');
  return new UnreadableDocument(`not a bill: no page is a CMS-1500, UB-04 or itemized statement (pages read as: ${kinds})`, `pages 1-${pages.length}`);
}

/**
 * A page of pixels (a scan, a photo) that no reader could read but whose words are a medical bill's (a crinkled,
 * stained or torn copy rather than something else): a person reads it instead of it being refused. Two such words
 * are enough (the form's title, "HEALTH INSURANCE CLAIM", reads when its small labels do not): what reaches bill intake
 * is a bill far more often than not, and a bill refused is lost while a page sent to a person costs a look.
 */
function damagedForm(pages: ReadPage[]): { message: string; where: string } | null {
  for (const page of pages.filter((p) => p.ocr)) {
    const words = billWords(page.words);
    if (words.length >= 2)
      return {
        message: `page ${page.words.page} carries a medical bill's printed words (${words.slice(0, 6).join(', ')}${words.length > 6 ? ', ...' : ''}) but no reader could read it (a crinkled, stained or torn copy?): a person must key it`,
        where: `page ${page.words.page}`,
      };
  }
  return null;
}

function classifyWithLayout(words: PageWords): PageClass {
  const { kind } = classifyPage(words);
  if (kind === 'itemized-statement' && !looksLikeStatement([words])) return 'other';
  if (kind !== 'other' || words.words.length === 0) return kind;
  // Data printed for a pre-printed red form carries no labels: recognise the form by where its values sit.
  return cms1500DataGridFits(words, cms1500Frame(words)) ? 'cms1500' : 'other';
}

/** Bills in page order: each CMS-1500 page is a claim; consecutive UB-04 pages of one claim are one bill. */
async function readBills(pages: ReadPage[], problems: ExtractionProblem[], engine: () => OcrEngine): Promise<Bill[]> {
  const bills: Bill[] = [];
  const add = (result: { bill: Bill; problems: ExtractionProblem[] }): void => {
    bills.push(result.bill);
    problems.push(...result.problems);
  };
  let ub04Run: Ub04Page[] = [];
  let statementRun: PageWords[] = [];
  const flushStatement = (): void => {
    if (statementRun.length > 0) add(readItemizedStatement(statementRun, bills.length));
    statementRun = [];
  };
  const flushUb04 = (): void => {
    for (const group of groupUb04Pages(ub04Run)) add(readUb04Claim(group, bills.length));
    ub04Run = [];
  };
  for (const page of pages) {
    if (page.kind !== 'ub04') flushUb04();
    // A statement's table runs on across pages that may not repeat its title: keep 'other' pages with it.
    if (page.kind === 'itemized-statement' || (page.kind === 'other' && statementRun.length > 0)) {
      statementRun.push(page.words);
      continue;
    }
    flushStatement();
    if (page.kind === 'cms1500') {
      const result = page.scan
        ? await readCms1500Scan(page.scan.prepared, page.scan.registration, engine(), bills.length)
        : await readCms1500(wordCellSource(page.words, cms1500Frame(page.words)), bills.length);
      if (result.bill.lines.length === 0 && result.bill.totalChargeCents === null) {
        problems.push({ claimIndex: null, where: `page ${page.words.page}`, message: 'a CMS-1500 page with no service lines and no total (blank form?)', fatal: false });
        continue;
      }
      add(result);
    } else if (page.kind === 'ub04') {
      if (page.scan) ub04Run.push(await readUb04Scan(page.scan.prepared, page.scan.registration, engine()));
      else {
        const frame = frameFromAnchors(page.words.words, UB04_ANCHORS) ?? identityFrame(UB04_PAGE.width, UB04_PAGE.height);
        ub04Run.push(await readUb04Page(wordCellSource(page.words, frame, UB04_PRINTED)));
      }
    }
  }
  flushUb04();
  flushStatement();
  return bills;
}

const timeout = (where: string): UnreadableDocument =>
  new UnreadableDocument('reading the document took longer than its time budget', where, 'NEEDS_REVIEW');

async function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout('document')), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export { createLocalOcr, createTesseractOcr };
