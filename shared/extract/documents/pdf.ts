// Opens PDFs with pdfjs and turns each page into words: the text layer plus filled AcroForm field values.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, Util, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { UnreadableDocument } from '../extraction-result.ts';
import { refuseDecompressionBombs } from './pdf-stream-bounds.ts';
import type { PageWords, Word } from './words.ts';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// In Node, pdfjs reads these with fs.readFile: they must be plain paths (a file:// URL silently fails to load,
// and text widths then come out wrong for the standard 14 fonts).
const assetUrl = (folder: string): string => join(pdfjsRoot, folder) + '/';

export interface OpenedPdf {
  doc: PDFDocumentProxy;
  numPages: number;
  close(): Promise<void>;
}

/** Opens a PDF; refuses encrypted, corrupt and decompression-bomb files with an UnreadableDocument naming the reason. */
export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  // pdfjs inflates each stream whole in memory: a stream that inflates to gigabytes must be refused before it opens.
  await refuseDecompressionBombs(bytes);
  const task = getDocument({
    // pdfjs detaches the buffer it is given: pass a copy so the caller's bytes survive.
    data: new Uint8Array(bytes),
    standardFontDataUrl: assetUrl('standard_fonts'),
    cMapUrl: assetUrl('cmaps'),
    cMapPacked: true,
    wasmUrl: assetUrl('wasm'),
    iccUrl: assetUrl('iccs'),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  task.onPassword = () => {
    void task.destroy();
  };
  try {
    const doc = await task.promise;
    return { doc, numPages: doc.numPages, close: () => task.destroy() };
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as { name?: string }).name ?? '';
    if (name === 'PasswordException' || /password/i.test(String((error as Error).message)))
      throw new UnreadableDocument('the PDF is encrypted with a password and cannot be read', 'document (encryption)', 'NEEDS_REVIEW');
    if (name === 'InvalidPDFException') throw new UnreadableDocument('the file is not a readable PDF (corrupt or truncated structure)', 'document (PDF structure)');
    throw new UnreadableDocument(`the PDF could not be opened (${name || 'unknown error'})`, 'document (PDF structure)');
  }
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

interface Fragment {
  text: string;
  x: number;
  right: number;
  top: number;
  height: number;
}

/** Reads a page's text layer and filled form fields as words (boxes in page fractions, origin top-left). */
export async function pageWords(doc: PDFDocumentProxy, pageNumber: number): Promise<PageWords> {
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale: 1 });
  const { width, height } = viewport;
  const fragments: Fragment[] = [];
  const content = await page.getTextContent();
  for (const raw of content.items) {
    const item = raw as TextItemLike;
    // Whitespace-only items span the gap to the next word: they only separate words.
    if (typeof item.str !== 'string' || item.str.trim().length === 0) continue;
    const tx = Util.transform(viewport.transform, item.transform);
    const fontHeight = Math.hypot(tx[2]!, tx[3]!);
    if (fontHeight <= 0) continue;
    const itemWidth = item.width * viewport.scale;
    fragments.push({ text: item.str, x: tx[4]!, right: tx[4]! + itemWidth, top: tx[5]! - fontHeight, height: fontHeight });
  }
  const words = fragmentsToWords(mergeFragments(fragments), pageNumber, width, height, 'pdf-text', 1);
  const { fields, fieldWords } = await formFieldWords(page, pageNumber, viewport, words);
  return { page: pageNumber, width, height, words: [...words, ...fieldWords], fields };
}

/** Joins glyph runs that a PDF producer split mid-word ("F" "R" "OM" -> "FROM"). */
function mergeFragments(fragments: Fragment[]): Fragment[] {
  const sorted = [...fragments].sort((a, b) => a.top + a.height - (b.top + b.height) || a.x - b.x);
  const out: Fragment[] = [];
  for (const f of sorted) {
    const prev = out[out.length - 1];
    const sameLine = prev && Math.abs(prev.top + prev.height - (f.top + f.height)) < Math.min(prev.height, f.height) * 0.3;
    const gap = prev ? f.x - prev.right : Infinity;
    if (prev && sameLine && gap > -prev.height * 0.3 && gap < Math.min(prev.height, f.height) * 0.12) {
      prev.text += f.text;
      prev.right = Math.max(prev.right, f.right);
      prev.top = Math.min(prev.top, f.top);
      prev.height = Math.max(prev.height, f.height);
    } else out.push({ ...f });
  }
  return out;
}

/** Splits fragments at spaces; word positions are interpolated by character count. */
function fragmentsToWords(
  fragments: Fragment[],
  page: number,
  pageWidth: number,
  pageHeight: number,
  engine: Word['engine'],
  confidence: number,
): Word[] {
  const words: Word[] = [];
  for (const f of fragments) {
    const chars = f.text.length;
    const charWidth = (f.right - f.x) / Math.max(chars, 1);
    const re = /\S+/g;
    for (let m = re.exec(f.text); m; m = re.exec(f.text)) {
      const left = f.x + m.index * charWidth;
      words.push({
        text: m[0],
        page,
        bbox: {
          left: left / pageWidth,
          top: f.top / pageHeight,
          width: (m[0].length * charWidth) / pageWidth,
          height: f.height / pageHeight,
        },
        confidence,
        engine,
      });
    }
  }
  return words;
}

interface WidgetLike {
  subtype?: string;
  fieldType?: string;
  fieldName?: string;
  fieldValue?: unknown;
  exportValue?: string;
  checkBox?: boolean;
  radioButton?: boolean;
  buttonValue?: string;
  rect?: number[];
  hidden?: boolean;
}

/**
 * A filled fillable PDF keeps its values in widget annotations, not in the content stream. Text fields become words
 * at their widget's rectangle, unless the text layer already shows the same value there (a flattened copy).
 */
async function formFieldWords(
  page: PDFPageProxy,
  pageNumber: number,
  viewport: ReturnType<PDFPageProxy['getViewport']>,
  textWords: Word[],
): Promise<{ fields: Record<string, string>; fieldWords: Word[] }> {
  const fields: Record<string, string> = {};
  const fieldWords: Word[] = [];
  const annotations = (await page.getAnnotations()) as WidgetLike[];
  for (const a of annotations) {
    if (a.subtype !== 'Widget' || !a.fieldName || !a.rect) continue;
    if (a.fieldType === 'Btn' && (a.checkBox || a.radioButton)) {
      const value = typeof a.fieldValue === 'string' ? a.fieldValue : '';
      const on = a.checkBox ? value !== '' && value !== 'Off' && (a.exportValue === undefined || value === a.exportValue) : value === a.buttonValue;
      if (on) fields[a.fieldName] = a.checkBox ? value : String(a.buttonValue);
      continue;
    }
    if (a.fieldType !== 'Tx' && a.fieldType !== 'Ch') continue;
    const value = Array.isArray(a.fieldValue) ? a.fieldValue.join(' ') : typeof a.fieldValue === 'string' ? a.fieldValue : '';
    if (value.trim() === '') continue;
    fields[a.fieldName] = value;
    const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(a.rect) as [number, number, number, number];
    const rect = { left: Math.min(x1, x2), top: Math.min(y1, y2), right: Math.max(x1, x2), bottom: Math.max(y1, y2) };
    const left = rect.left / viewport.width;
    const top = rect.top / viewport.height;
    const right = rect.right / viewport.width;
    const bottom = rect.bottom / viewport.height;
    const inside = textWords.filter((w) => {
      const cx = w.bbox.left + w.bbox.width / 2;
      const cy = w.bbox.top + w.bbox.height / 2;
      return cx >= left && cx <= right && cy >= top && cy <= bottom;
    });
    const shown = inside.map((w) => w.text).join(' ');
    if (shown.replace(/\s+/g, '') === value.replace(/\s+/g, '')) continue;
    const lines = value.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
    const lineHeight = (rect.bottom - rect.top) / Math.max(lines.length, 1);
    lines.forEach((line, i) => {
      fieldWords.push(
        ...fragmentsToWords(
          [{ text: line, x: rect.left + 1, right: rect.right - 1, top: rect.top + i * lineHeight, height: lineHeight }],
          pageNumber,
          viewport.width,
          viewport.height,
          'pdf-text',
          1,
        ),
      );
    });
  }
  return { fields, fieldWords };
}

/** Whether a page carries enough text to be read without OCR. */
export function hasTextLayer(words: PageWords): boolean {
  return words.words.filter((w) => /[A-Za-z0-9]/.test(w.text)).length >= 10;
}
