// A negotiation case: one per claim, carrying the bill, its pricing, its letter and its whole history.
import { z } from 'zod';
import { Bill } from './bill.ts';
import { PricedBill } from './pricing.ts';
import { ObjectRef } from './document.ts';

export const CaseStatus = z.enum([
  'RECEIVED',
  'EXTRACTED',
  'PRICED',
  'OFFER_DRAFTED',
  'APPROVED',
  'SENT',
  'COUNTERED',
  'REVISED',
  'ACCEPTED',
  'SETTLED',
  'NEEDS_REVIEW',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
  'IDR_ELIGIBLE',
  'CLOSED',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const LetterRef = z.object({
  bucket: z.string(),
  key: z.string(),
  /** Letter version: 1 for the first offer, +1 for each revision. */
  version: z.number().int().positive(),
  createdAt: z.string(),
});
export type LetterRef = z.infer<typeof LetterRef>;

export const CaseRecord = z.object({
  id: z.string(),
  documentId: z.string(),
  claimIndex: z.number().int().nonnegative(),
  source: ObjectRef,
  fileName: z.string(),
  status: CaseStatus,
  reasons: z.array(z.string()),
  /** Optimistic-concurrency guard: every update must name the version it read. */
  version: z.number().int().positive(),
  bill: Bill,
  pricing: PricedBill.nullable(),
  letter: LetterRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

export const CaseEvent = z.object({
  caseId: z.string(),
  at: z.string(),
  actor: z.string(),
  type: z.string(),
  fromStatus: CaseStatus.nullable(),
  toStatus: CaseStatus.nullable(),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type CaseEvent = z.infer<typeof CaseEvent>;
