// Everything a step may use, handed in by whichever runner calls it (local runner or Lambda): steps never build clients.
import type { CaseRepository } from '../cases/case-repository.ts';
import type { ExtractionResult } from '../extract/extraction-result.ts';
import type { Logger } from '../observability/logger.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { PricingTables } from '../pricing/tables.ts';
import type { OfferRules } from '../pricing/offer-rules.ts';
import type { EdiSettings } from './edi-settings.ts';
import type { LetterSettings } from './letter-settings.ts';

export type ImageOrPdfKind = 'pdf' | 'png' | 'jpeg' | 'tiff';

export interface PipelineServices {
  objects: ObjectStore;
  cases: CaseRepository;
  buckets: { documents: string; letters: string };
  /**
   * Reads PDFs and images: the local text layer + OCR, or Textract on AWS (where the state machine has already run
   * an asynchronous Textract job for image documents and passes its id).
   */
  readDocument(bytes: Uint8Array, kind: ImageOrPdfKind, hints?: { textractJobId?: string | null }): Promise<ExtractionResult>;
  pricing: { tables: PricingTables; rules: OfferRules };
  letters: LetterSettings;
  edi: EdiSettings;
  logger: Logger;
  now(): Date;
  /** How many claims of one document are worked on at once. */
  claimConcurrency: number;
}
