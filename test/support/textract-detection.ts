// Test support: GetDocumentTextDetection results shaped like the ones Textract records (PAGE blocks with CHILD
// relationships to LINE blocks, LINE to WORD, ids, polygons, TextType, Page on every block, results paged by
// NextToken), built from words; and PDFs whose pages are scans (an image and no text layer), made with pdf-lib.
import { randomUUID } from 'node:crypto';
import type { Block, GetDocumentTextDetectionCommandOutput } from '@aws-sdk/client-textract';
import { PDFDocument } from 'pdf-lib';
import { openPdf, pageWords } from '#shared/extract/documents/pdf.ts';
import { groupLines, unionBox, type Box, type Word } from '#shared/extract/documents/words.ts';

const geometry = (b: Box) => ({
  BoundingBox: { Width: b.width, Height: b.height, Left: b.left, Top: b.top },
  Polygon: [
    { X: b.left, Y: b.top },
    { X: b.left + b.width, Y: b.top },
    { X: b.left + b.width, Y: b.top + b.height },
    { X: b.left, Y: b.top + b.height },
  ],
});

/**
 * The results of a finished text-detection job over `pages` (page number -> the words Textract would read there; a
 * page with no words is a blank page), split into responses of at most `blocksPerResponse` blocks as Textract pages
 * them (it returns up to 1,000 blocks a call).
 */
export function detectionResults(
  pages: ReadonlyMap<number, readonly Word[]>,
  { blocksPerResponse = 1000, confidence = 99.2 }: { blocksPerResponse?: number; confidence?: number } = {},
): Partial<GetDocumentTextDetectionCommandOutput>[] {
  const blocks: Block[] = [];
  for (const [page, words] of [...pages].sort(([a], [b]) => a - b)) {
    const pageBlock: Block = { BlockType: 'PAGE', Geometry: geometry({ left: 0, top: 0, width: 1, height: 1 }), Id: randomUUID(), Relationships: [], Page: page };
    const lineBlocks: Block[] = [];
    const wordBlocks: Block[] = [];
    for (const line of groupLines(words)) {
      const ids = line.map(() => randomUUID());
      line.forEach((w, i) =>
        wordBlocks.push({ BlockType: 'WORD', Confidence: confidence, Text: w.text, TextType: 'PRINTED', Geometry: geometry(w.bbox), Id: ids[i], Page: page }),
      );
      lineBlocks.push({
        BlockType: 'LINE',
        Confidence: confidence,
        Text: line.map((w) => w.text).join(' '),
        Geometry: geometry(unionBox(line.map((w) => w.bbox))),
        Id: randomUUID(),
        Relationships: [{ Type: 'CHILD', Ids: ids }],
        Page: page,
      });
    }
    if (lineBlocks.length > 0) pageBlock.Relationships = [{ Type: 'CHILD', Ids: lineBlocks.map((l) => l.Id!) }];
    blocks.push(pageBlock, ...lineBlocks, ...wordBlocks);
  }
  const responses: Partial<GetDocumentTextDetectionCommandOutput>[] = [];
  for (let i = 0; i < Math.max(1, blocks.length); i += blocksPerResponse) {
    responses.push({
      DocumentMetadata: { Pages: pages.size },
      JobStatus: 'SUCCEEDED',
      Blocks: blocks.slice(i, i + blocksPerResponse),
      DetectDocumentTextModelVersion: '1.0',
    });
  }
  responses.forEach((r, i) => {
    if (i + 1 < responses.length) r.NextToken = `next-${i + 1}`;
  });
  return responses;
}

/** The words of page 1 of a born-digital PDF: what Textract reads from a clean scan of the same form. */
export async function wordsOfBornDigitalPage(pdf: Uint8Array, page = 1): Promise<Word[]> {
  const opened = await openPdf(pdf);
  try {
    return (await pageWords(opened.doc, page)).words;
  } finally {
    await opened.close();
  }
}

export type PdfPageSource = { scan: Uint8Array } | { pdfPage: Uint8Array } | { blank: true };

/**
 * A PDF of US Letter pages: a `scan` page is the PNG drawn over the whole page and nothing else (no text layer, as a
 * scanner or fax server writes it); a `pdfPage` is page 1 of that PDF copied with its text layer; a `blank` page has
 * nothing on it.
 */
export async function pdfOfPages(sources: readonly PdfPageSource[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const source of sources) {
    if ('blank' in source) doc.addPage([612, 792]);
    else if ('scan' in source) {
      const image = await doc.embedPng(source.scan);
      doc.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
    } else {
      const [copied] = await doc.copyPages(await PDFDocument.load(source.pdfPage), [0]);
      doc.addPage(copied);
    }
  }
  return doc.save();
}
