// How the Extract function reads PDFs and images on AWS: born-digital PDF pages by their text layer, images and
// scanned PDF pages from the words of the Textract job the state machine ran for them (never tesseract on Lambda).
import type { TextractClient } from '@aws-sdk/client-textract';
import { readTextractJob } from '#shared/aws/textract-job.ts';
import { textractWords } from '#shared/aws/textract-ocr.ts';
import { readDocument, readWordPages, type PageWords, type Word } from '#shared/extract/documents/index.ts';
import { PagesNeedOcr, UnreadableDocument } from '#shared/extract/extraction-result.ts';
import type { ImageOrPdfKind, PipelineServices } from '#shared/pipeline/services.ts';

export class TextractJobNotFinished extends Error {
  override readonly name = 'TextractJobNotFinished';
  constructor(readonly jobId: string) {
    super(`Textract job ${jobId} is still in progress although its completion was reported`);
  }
}

/**
 * No tesseract on Lambda (`ocr: null`): a PDF page without a text layer is read from the document's Textract job
 * when the state machine has run one, and otherwise reported (PagesNeedOcr), so that the Extract step asks for one.
 * Born-digital PDFs never call Textract; image documents are read from their job's words alone.
 */
export function awsDocumentReader(textract: TextractClient): PipelineServices['readDocument'] {
  return async (bytes, kind, hints) => {
    const jobId = hints?.textractJobId ?? null;
    const ocrWords = jobId === null ? undefined : await wordsOfJob(textract, jobId, kind);
    if (kind === 'pdf') return readDocument(bytes, { kind, ocr: null, ocrWords });
    if (!ocrWords) throw new PagesNeedOcr([]);
    return readWordPages(textractPages(ocrWords));
  };
}

async function wordsOfJob(textract: TextractClient, jobId: string, kind: ImageOrPdfKind): Promise<Map<number, Word[]>> {
  const job = await readTextractJob(textract, jobId);
  if (job.status === 'IN_PROGRESS') throw new TextractJobNotFinished(jobId);
  if (job.status === 'FAILED') {
    const what = kind === 'pdf' ? 'the scanned pages' : 'the image';
    throw new UnreadableDocument(`Textract could not read ${what}: ${job.statusMessage ?? 'no reason given'}`, 'whole file', 'NEEDS_REVIEW');
  }
  return textractWords(job.blocks);
}

/**
 * Textract's words already carry page-relative boxes, so the form and statement readers take them as they are: the
 * image is never decoded on Lambda (no native image library there). Pages are given US Letter size in points, the
 * size the readers' templates use; only the words' relative positions matter to them.
 */
function textractPages(words: ReadonlyMap<number, Word[]>): PageWords[] {
  return [...words]
    .sort(([a], [b]) => a - b)
    .map(([page, words]) => ({ page, width: 612, height: 792, words }));
}
