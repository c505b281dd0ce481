// The OCR engine Parley reads scans with on one machine: tesseract.js for pages and regions, PP-OCR's recogniser for
// the lines of form cells. Nothing downloads: both engines' models come from npm packages.
import type { OcrEngine } from './engine.ts';
import { createPaddleRecogniser, type LineRecogniser } from './paddle.ts';
import { createTesseractOcr } from './tesseract.ts';

export function createLocalOcr(options: { workers?: number } = {}): OcrEngine {
  const tesseract = createTesseractOcr(options);
  let lines: Promise<LineRecogniser> | null = null;
  return {
    recognizePage: (image, page) => tesseract.recognizePage(image, page),
    recognizeRegion: (image, page, region) => tesseract.recognizeRegion(image, page, region),
    async readLines(images, alphabets) {
      lines ??= createPaddleRecogniser();
      return (await lines).readLines(images, alphabets);
    },
    async close() {
      await tesseract.close();
      await (await lines?.catch(() => null))?.close();
    },
  };
}
