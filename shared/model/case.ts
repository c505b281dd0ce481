// A negotiation case: one per claim, carrying the bill, its pricing, its letter and its whole history.
import * as z from 'zod';
import { Bill, Cents, IsoDate } from './bill.ts';
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

/** The dates a case must be acted on by (computed by shared/cases/deadlines.ts when an offer is sent or NSA is marked). */
export const CaseDeadlines = z.object({
  nsa: z.boolean(),
  openNegotiationStart: IsoDate.nullable(),
  responseNoticeDue: IsoDate.nullable(),
  openNegotiationEnds: IsoDate.nullable(),
  idrInitiationOpens: IsoDate.nullable(),
  idrInitiationDeadline: IsoDate.nullable(),
  offerExpiresOn: IsoDate.nullable(),
});
export type CaseDeadlines = z.infer<typeof CaseDeadlines>;

export const DeadlineKind = z.enum(['response-notice', 'open-negotiation-ends', 'idr-initiation', 'offer-expiry']);

/** The deadline that orders the queue: the earliest one ahead when the case was last written, else the last one passed. */
export const NextDeadline = z.object({ date: IsoDate, kind: DeadlineKind });
export type NextDeadline = z.infer<typeof NextDeadline>;

/** No Surprises Act claim; the open-negotiation start is set when known (at the latest when the first offer is sent). */
export const NsaMarking = z.object({ openNegotiationStart: IsoDate.nullable().default(null) });
export type NsaMarking = z.infer<typeof NsaMarking>;

export const OfferLineAmount = z.object({ lineNumber: z.number().int().positive(), offerCents: Cents });
export type OfferLineAmount = z.infer<typeof OfferLineAmount>;

/** One version of our offer: drafted, maybe approved, maybe sent. Versions count up from 1 and are never rewritten once sent. */
export const Offer = z.object({
  version: z.number().int().positive(),
  totalOfferCents: Cents,
  /** Per-line amounts; empty when the amount was agreed in total (a counteroffer we accepted). */
  lines: z.array(OfferLineAmount),
  /** Where the amount came from: the pricing rule, a negotiator's edit, or the provider's counteroffer we accepted. */
  source: z.enum(['pricing', 'edit', 'counter']).default('pricing'),
  letter: LetterRef.nullable(),
  draftedAt: z.string(),
  draftedBy: z.string(),
  approvedBy: z.string().nullable().default(null),
  /** The approver's role: offers above the supervisor limit go out only with a supervisor's approval. */
  approvedByRole: z.string().nullable().default(null),
  approvedAt: z.string().nullable().default(null),
  sentOn: IsoDate.nullable().default(null),
  sentBy: z.string().nullable().default(null),
  /** The address the letter was emailed to, when it was emailed. */
  sentTo: z.string().nullable().default(null),
  expiresOn: IsoDate.nullable().default(null),
});
export type Offer = z.infer<typeof Offer>;

export const Signatory = z.object({ name: z.string().min(1), title: z.string().nullable().default(null) });
export type Signatory = z.infer<typeof Signatory>;

/** The provider's answer to an offer version. */
export const Counteroffer = z.object({
  amountCents: Cents,
  receivedOn: IsoDate,
  note: z.string().nullable().default(null),
  /** Object key of the provider's letter or email, in the documents bucket. */
  attachmentKey: z.string().nullable().default(null),
  /** Who signed the counteroffer for the provider, when known. */
  signatory: Signatory.nullable().default(null),
  answersVersion: z.number().int().positive().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type Counteroffer = z.infer<typeof Counteroffer>;

/** The signature that made the agreement: a typed name, a title and the date. */
export const Acceptance = z.object({
  name: z.string().min(1),
  title: z.string().nullable().default(null),
  signedOn: IsoDate,
  /** The party that signed: the provider accepting our offer, or the plan accepting the provider's counter. */
  party: z.enum(['provider', 'plan']),
  /** What was accepted. */
  accepted: z.enum(['offer', 'counter']),
  offerVersion: z.number().int().positive(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type Acceptance = z.infer<typeof Acceptance>;

export const Negotiation = z.object({
  offers: z.array(Offer).default([]),
  counters: z.array(Counteroffer).default([]),
  agreedCents: Cents.nullable().default(null),
  acceptance: Acceptance.nullable().default(null),
  settlementLetter: LetterRef.nullable().default(null),
  settledAt: z.string().nullable().default(null),
  settledBy: z.string().nullable().default(null),
});
export type Negotiation = z.infer<typeof Negotiation>;

export const emptyNegotiation = (): Negotiation => Negotiation.parse({});

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
  // Negotiation fields (added later): defaults let stored cases from before them parse.
  /** The negotiator working the case. */
  assignee: z.string().nullable().default(null),
  nsa: NsaMarking.nullable().default(null),
  deadlines: CaseDeadlines.nullable().default(null),
  nextDeadline: NextDeadline.nullable().default(null),
  /** The status a case had when it went to review: where `resume` returns it. */
  statusBeforeReview: CaseStatus.nullable().default(null),
  negotiation: Negotiation.default(emptyNegotiation),
});
/** A case as stored and read back: every field present (parsing fills the defaults). */
export type StoredCase = z.infer<typeof CaseRecord>;
type NegotiationFields = 'assignee' | 'nsa' | 'deadlines' | 'nextDeadline' | 'statusBeforeReview' | 'negotiation';
/** A case as the pipeline creates it: the negotiation fields may be left out (they take their defaults). */
export type CaseRecord = Omit<StoredCase, NegotiationFields> & Partial<Pick<StoredCase, NegotiationFields>>;

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
