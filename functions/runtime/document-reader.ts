// How the Extract function reads PDFs and images on AWS: born-digital PDFs by their text layer, images from the
// Textract job the state machine ran before Extract, read from Textract's words (never tesseract on Lambda).
import type { TextractClient } from '@aws-sdk/client-textract';
import { readTextractJob } from '#shared/aws/textract-job.ts';
import { textractWords } from '#shared/aws/textract-ocr.ts';
import { readDocument, readWordPages, type OcrEngine, type PageWords } from '#shared/extract/documents/index.ts';
import { UnreadableDocument } from '#shared/extract/extraction-result.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';

export class TextractJobNotFinished extends Error {
  override readonly name = 'TextractJobNotFinished';
  constructor(readonly jobId: string) {
    super(`Textract job ${jobId} is still in progress although its completion was reported`);
  }
}

/** PDFs are read by their text layer on AWS; a page that needs OCR goes to a person instead. */
const noOcrForPdfPages: OcrEngine = {
  recognizePage: async (_image, page) => {
    throw new UnreadableDocument('scanned PDF pages are not read on AWS (Textract reads image files only)', `page ${page}`, 'NEEDS_REVIEW');
  },
  recognizeRegion: async (_image, page) => {
    throw new UnreadableDocument('scanned PDF pages are not read on AWS (Textract reads image files only)', `page ${page}`, 'NEEDS_REVIEW');
  },
  close: async () => {},
};

export function awsDocumentReader(textract: TextractClient): PipelineServices['readDocument'] {
  return async (bytes, kind, hints) => {
    if (kind === 'pdf') return readDocument(bytes, { kind, ocr: noOcrForPdfPages });
    const jobId = hints?.textractJobId;
    if (!jobId) {
      throw new UnreadableDocument('an image document reached Extract without a Textract job', 'whole file', 'NEEDS_REVIEW');
    }
    const job = await readTextractJob(textract, jobId);
    if (job.status === 'IN_PROGRESS') throw new TextractJobNotFinished(jobId);
    if (job.status === 'FAILED') {
      throw new UnreadableDocument(`Textract could not read the image: ${job.statusMessage ?? 'no reason given'}`, 'whole file', 'NEEDS_REVIEW');
    }
    return readWordPages(textractPages(job.blocks));
  };
}

/**
 * Textract's words already carry page-relative boxes, so the form and statement readers take them as they are: the
 * image is never decoded on Lambda (no native image library there). Pages are given US Letter size in points, the
 * size the readers' templates use; only the words' relative positions matter to them.
 */
function textractPages(blocks: Parameters<typeof textractWords>[0]): PageWords[] {
  return [...textractWords(blocks)]
    .sort(([a], [b]) => a - b)
    .map(([page, words]) => ({ page, width: 612, height: 792, words }));
}
