// Reads a PDF back for the letter tests: text per page (lines rebuilt from item positions) and a page rendered to PNG.
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));
// In Node, pdfjs reads these with fs.readFile: plain folder paths with a trailing slash, not file:// URLs.
const standardFontDataUrl = path.join(pdfjsRoot, 'standard_fonts') + path.sep;
const cMapUrl = path.join(pdfjsRoot, 'cmaps') + path.sep;

export interface PdfPageText {
  /** Text lines top to bottom, items on a line joined by single spaces. */
  lines: string[];
  text: string;
}

export interface PdfText {
  pages: PdfPageText[];
  text: string;
  info: Record<string, unknown>;
}

async function open(bytes: Uint8Array) {
  // getDocument detaches its input: hand it a copy.
  return getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, cMapUrl, useSystemFonts: false, verbosity: 0 }).promise;
}

export async function readPdfText(bytes: Uint8Array): Promise<PdfText> {
  const doc = await open(bytes);
  const pages: PdfPageText[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    const rows = new Map<number, { x: number; str: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5] as number);
      const key = [...rows.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
      rows.set(key, [...(rows.get(key) ?? []), { x: item.transform[4] as number, str: item.str }]);
    }
    const lines = [...rows.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, items]) => items.sort((a, b) => a.x - b.x).map((i) => i.str.trim()).join(' '));
    pages.push({ lines, text: lines.join('\n') });
  }
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, text: pages.map((p) => p.text).join('\n'), info: (meta.info ?? {}) as Record<string, unknown> };
}

/** Renders one page (1-based) to PNG bytes at `scale` (1 = 72 dpi). */
export async function renderPagePng(bytes: Uint8Array, pageNumber: number, scale = 2): Promise<Buffer> {
  const doc = await open(bytes);
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  // The DOM types pdfjs declares are not in this project's lib; @napi-rs/canvas implements what render uses.
  const params = { canvas, canvasContext: context, viewport } as unknown as Parameters<typeof page.render>[0];
  await page.render(params).promise;
  const png = await canvas.encode('png');
  await doc.destroy();
  return png;
}

/** How many images each page paints (from its operator list). */
export async function imagesPerPage(bytes: Uint8Array): Promise<number[]> {
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await open(bytes);
  const counts: number[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const ops = await (await doc.getPage(p)).getOperatorList();
    counts.push(ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length);
  }
  await doc.destroy();
  return counts;
}
