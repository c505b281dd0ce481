// Where an extracted value came from: kept for every field so a negotiator (and an auditor) can trace it.
import * as z from 'zod';

export const ExtractionEngine = z.enum(['x12', 'pdf-text', 'ocr', 'textract', 'manual']);
export type ExtractionEngine = z.infer<typeof ExtractionEngine>;

export const Provenance = z.object({
  engine: ExtractionEngine,
  /** 1-based page for documents; absent for X12. */
  page: z.number().int().positive().optional(),
  /** Form box or locator ("24F", "FL47") for forms. */
  box: z.string().optional(),
  /** 1-based segment position within the transaction set, and its id and loop, for X12. */
  segment: z.number().int().positive().optional(),
  segmentId: z.string().optional(),
  loop: z.string().optional(),
  /** Bounding box in page fractions (0..1), for highlighting where a value was read. */
  bbox: z.object({ left: z.number(), top: z.number(), width: z.number(), height: z.number() }).optional(),
  /** 0..1; X12 and text-layer values are 1. */
  confidence: z.number().min(0).max(1),
});
export type Provenance = z.infer<typeof Provenance>;
