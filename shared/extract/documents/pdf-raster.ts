// Renders a PDF page to pixels (pdfjs + @napi-rs/canvas) for pages that carry no text layer.
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Raster } from './ocr/engine.ts';
import { WORK_WIDTH } from './ocr/raster.ts';

/** Renders at the scan working width (about 200 dpi for a letter page), whatever the page's size. */
export async function renderPage(doc: PDFDocumentProxy, pageNumber: number): Promise<Raster> {
  const page = await doc.getPage(pageNumber);
  const base = page.getViewport({ scale: 1 });
  const landscape = base.width > base.height;
  const scale = (landscape ? WORK_WIDTH * 1.294 : WORK_WIDTH) / base.width;
  const viewport = page.getViewport({ scale });
  const width = Math.round(viewport.width);
  const height = Math.min(Math.round(viewport.height), 8000);
  const canvasFactory = doc.canvasFactory as { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2DLike } };
  const { canvas, context } = canvasFactory.create(width, height);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  await page.render({ canvasContext: context as never, viewport, canvas: canvas as never }).promise;
  const rgba = context.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0, i = 0; p < width * height; p++, i += 4) {
    rgb[p * 3] = rgba[i]!;
    rgb[p * 3 + 1] = rgba[i + 1]!;
    rgb[p * 3 + 2] = rgba[i + 2]!;
  }
  page.cleanup();
  return { width, height, channels: 3, data: rgb };
}

interface CanvasRenderingContext2DLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
