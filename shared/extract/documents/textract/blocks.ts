// Maps Textract AnalyzeDocument / DetectDocumentText blocks (plain data; no SDK here) onto the words layer, so the
// same form and statement readers read Textract's words as they read the text layer and tesseract's.
import type { PageWords, Word } from '../words.ts';

export interface BlockLike {
  BlockType?: string;
  Text?: string;
  Confidence?: number;
  Page?: number;
  Geometry?: { BoundingBox?: { Left?: number; Top?: number; Width?: number; Height?: number } };
}

/** One PageWords per page that has WORD blocks (Textract's boxes are page fractions already). */
export function pagesFromBlocks(blocks: readonly BlockLike[]): PageWords[] {
  const pages = new Map<number, Word[]>();
  for (const b of blocks) {
    if (b.BlockType !== 'WORD' || !b.Text) continue;
    const box = b.Geometry?.BoundingBox;
    if (!box || box.Left === undefined || box.Top === undefined) continue;
    const page = b.Page ?? 1;
    const words = pages.get(page) ?? [];
    words.push({
      text: b.Text,
      page,
      bbox: { left: box.Left, top: box.Top, width: box.Width ?? 0, height: box.Height ?? 0 },
      confidence: Math.max(0, Math.min(1, (b.Confidence ?? 0) / 100)),
      engine: 'textract',
    });
    pages.set(page, words);
  }
  // Letter-size proportions: Textract does not say the page size, and the readers only need the aspect.
  return [...pages.entries()].sort((a, b) => a[0] - b[0]).map(([page, words]) => ({ page, width: 612, height: 792, words }));
}
