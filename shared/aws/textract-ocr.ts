// The words of a finished Textract job, as the document readers take them.
import type { Block } from '@aws-sdk/client-textract';
import type { Word } from '../extract/documents/words.ts';

/**
 * WORD blocks by page, boxes already in page fractions (Textract's BoundingBox is relative, origin top-left). A page
 * Textract reports (a PAGE block) without words is there with none: it was read and found blank, not left out.
 */
export function textractWords(blocks: readonly Block[]): Map<number, Word[]> {
  const pages = new Map<number, Word[]>();
  for (const block of blocks) {
    if (block.BlockType === 'PAGE' && !pages.has(block.Page ?? 1)) pages.set(block.Page ?? 1, []);
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
