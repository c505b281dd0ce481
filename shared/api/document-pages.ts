// Page images of a case's source document for the console: PDF pages rendered (pdfjs + @napi-rs/canvas), PNG/JPEG
// served as they came, TIFF pages converted; rendered pages are cached under work/pages/<documentId>/ in the documents
// bucket, so each page is drawn once.
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { openPdf } from '../extract/documents/pdf.ts';
import type { DocumentKind } from '../model/document.ts';
import type { ObjectLocation, ObjectStore } from '../storage/object-store.ts';

export interface SourceDocument {
  documentId: string;
  source: ObjectLocation;
  kind: DocumentKind | null;
}

export interface PageImage {
  bytes: Uint8Array;
  contentType: 'image/png' | 'image/jpeg';
}

export interface DocumentPages {
  /** Pages that have an image (0 for X12 and unreadable documents). */
  pageCount(document: SourceDocument): Promise<number>;
  /** Page `page` (1-based) as an image, or null when there is no such page. */
  page(document: SourceDocument, page: number): Promise<PageImage | null>;
}

export interface DocumentPagesDeps {
  objects: ObjectStore;
  /** Where rendered pages are cached (the documents bucket). */
  cacheBucket: string;
  /** Width of rendered PDF pages in pixels (1275 = 150 dpi across a letter page). */
  widthPx?: number;
}

/** Refuse to decode images above this many pixels (a decompression bomb, not a bill). */
const MAX_PIXELS = 60_000_000;

export function pageCacheKey(documentId: string, page: number): string {
  return `work/pages/${documentId}/${page}.png`;
}

const countKey = (documentId: string) => `work/pages/${documentId}/pages.json`;

export function createDocumentPages(deps: DocumentPagesDeps): DocumentPages {
  const width = deps.widthPx ?? 1275;
  const counts = new Map<string, number>();

  async function cached(key: string): Promise<Uint8Array | null> {
    try {
      return await deps.objects.get({ bucket: deps.cacheBucket, key });
    } catch {
      return null;
    }
  }

  async function remember(documentId: string, count: number): Promise<number> {
    counts.set(documentId, count);
    if (counts.size > 5000) counts.delete(counts.keys().next().value!);
    await deps.objects.put({ bucket: deps.cacheBucket, key: countKey(documentId), body: new TextEncoder().encode(JSON.stringify({ pages: count })), contentType: 'application/json' });
    return count;
  }

  return {
    async pageCount(document) {
      const known = counts.get(document.documentId);
      if (known !== undefined) return known;
      const stored = await cached(countKey(document.documentId));
      if (stored) {
        const pages = Number((JSON.parse(new TextDecoder().decode(stored)) as { pages?: unknown }).pages);
        if (Number.isInteger(pages) && pages >= 0) {
          counts.set(document.documentId, pages);
          return pages;
        }
      }
      switch (document.kind) {
        case 'png':
        case 'jpeg':
          return remember(document.documentId, 1);
        case 'tiff': {
          const bytes = await deps.objects.get(document.source);
          const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata().catch(() => null);
          return remember(document.documentId, meta ? (meta.pages ?? 1) : 0);
        }
        case 'pdf': {
          const bytes = await deps.objects.get(document.source);
          const pdf = await openPdf(bytes).catch(() => null);
          if (!pdf) return remember(document.documentId, 0);
          try {
            return await remember(document.documentId, pdf.numPages);
          } finally {
            await pdf.close();
          }
        }
        default:
          return 0;
      }
    },

    async page(document, page) {
      if (!Number.isInteger(page) || page < 1) return null;
      if (document.kind === 'png' || document.kind === 'jpeg') {
        if (page !== 1) return null;
        return { bytes: await deps.objects.get(document.source), contentType: document.kind === 'png' ? 'image/png' : 'image/jpeg' };
      }
      if (document.kind !== 'pdf' && document.kind !== 'tiff') return null;
      const key = pageCacheKey(document.documentId, page);
      const hit = await cached(key);
      if (hit) return { bytes: hit, contentType: 'image/png' };
      const bytes = await deps.objects.get(document.source);
      const png = document.kind === 'pdf' ? await renderPdfPage(bytes, page, width) : await tiffPage(bytes, page);
      if (!png) return null;
      await deps.objects.put({ bucket: deps.cacheBucket, key, body: png, contentType: 'image/png', metadata: { 'document-id': document.documentId, page: String(page) } });
      return { bytes: png, contentType: 'image/png' };
    },
  };
}

export async function renderPdfPage(bytes: Uint8Array, pageNumber: number, widthPx: number): Promise<Uint8Array | null> {
  const pdf = await openPdf(bytes).catch(() => null);
  if (!pdf) return null;
  try {
    if (pageNumber > pdf.numPages) return null;
    const page = await pdf.doc.getPage(pageNumber);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: widthPx / base.width });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    page.cleanup();
    return new Uint8Array(await canvas.encode('png'));
  } finally {
    await pdf.close();
  }
}

async function tiffPage(bytes: Uint8Array, pageNumber: number): Promise<Uint8Array | null> {
  try {
    const png = await sharp(bytes, { page: pageNumber - 1, limitInputPixels: MAX_PIXELS }).rotate().png().toBuffer();
    return new Uint8Array(png);
  } catch {
    return null;
  }
}
