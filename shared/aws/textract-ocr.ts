// An OcrEngine answered from a finished Textract job: the document readers ask for words, Textract already read them.
import type { Block } from '@aws-sdk/client-textract';
import type { OcrEngine, OcrRegionRequest, Raster } from '../extract/documents/ocr/engine.ts';
import type { Word } from '../extract/documents/words.ts';

/** WORD blocks by page, boxes already in page fractions (Textract's BoundingBox is relative, origin top-left). */
export function textractWords(blocks: readonly Block[]): Map<number, Word[]> {
  const pages = new Map<number, Word[]>();
  for (const block of blocks) {
    if (block.BlockType !== 'WORD' || !block.Text) continue;
    const box = block.Geometry?.BoundingBox;
    if (!box) continue;
    const page = block.Page ?? 1;
    const word: Word = {
      text: block.Text,
      page,
      bbox: { left: box.Left ?? 0, top: box.Top ?? 0, width: box.Width ?? 0, height: box.Height ?? 0 },
      confidence: (block.Confidence ?? 0) / 100,
      engine: 'textract',
    };
    pages.set(page, [...(pages.get(page) ?? []), word]);
  }
  return pages;
}

export class TextractOcrEngine implements OcrEngine {
  private readonly pages: Map<number, Word[]>;

  constructor(blocks: readonly Block[]) {
    this.pages = textractWords(blocks);
  }

  async recognizePage(_image: Raster, page: number): Promise<Word[]> {
    return this.pages.get(page) ?? [];
  }

  /** The words whose centre lies inside the region (given in the raster's pixels). */
  async recognizeRegion(image: Raster, page: number, region: OcrRegionRequest): Promise<Word[]> {
    const left = region.left / image.width;
    const top = region.top / image.height;
    const right = (region.left + region.width) / image.width;
    const bottom = (region.top + region.height) / image.height;
    return (this.pages.get(page) ?? []).filter((w) => {
      const x = w.bbox.left + w.bbox.width / 2;
      const y = w.bbox.top + w.bbox.height / 2;
      return x >= left && x <= right && y >= top && y <= bottom;
    });
  }

  async close(): Promise<void> {}
}
