// What an offer letter and a settlement agreement print: validated at the letter's edge, everything else is layout.
import * as z from 'zod';
import { Cents, IsoDate } from '../model/bill.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const PngBytes = z
  .instanceof(Uint8Array)
  .refine((b) => PNG_SIGNATURE.every((byte, i) => b[i] === byte), 'the logo must be a PNG image');

export const Letterhead = z.object({
  organizationName: z.string().min(1),
  addressLines: z.array(z.string()).max(4).default([]),
  phone: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
  website: z.string().nullable().default(null),
  logoPng: PngBytes.nullable().default(null),
});
export type Letterhead = z.infer<typeof Letterhead>;
export type LetterheadInput = z.input<typeof Letterhead>;

export const Negotiator = z.object({
  name: z.string().min(1),
  title: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
  phone: z.string().nullable().default(null),
});

export const LetterParties = z.object({
  /** The plan or the TPA the offer is made for. */
  payerName: z.string().min(1),
  negotiator: Negotiator,
  providerName: z.string().min(1),
  providerTin: z.string().nullable(),
  providerNpi: z.string().nullable(),
  /** The provider's business address (not the patient's): the letter's recipient block. */
  providerAddressLines: z.array(z.string()).max(4).default([]),
});

/** Minimum necessary to find the claim: no patient name, address or date of birth. */
export const ClaimIdentifiers = z.object({
  claimNumber: z.string().nullable(),
  patientAccountNumber: z.string().nullable(),
  memberId: z.string().nullable(),
  serviceFrom: IsoDate.nullable(),
  serviceTo: IsoDate.nullable(),
  claimType: z.enum(['professional', 'institutional']).nullable().default(null),
});

export const OfferLine = z.object({
  lineNumber: z.number().int().positive(),
  serviceDate: IsoDate.nullable(),
  code: z.string().nullable(),
  revenueCode: z.string().nullable().default(null),
  modifiers: z.array(z.string()).default([]),
  units: z.number().nonnegative(),
  unitBasis: z.string().nullable().default(null),
  chargeCents: Cents,
  benchmarkCents: Cents.nullable(),
  offerCents: Cents.nullable(),
  /** Compact basis for the line: "MPFS 2025 01182-18 NF". */
  basis: z.string().nullable().default(null),
  /** Why the line has no benchmark (printed as a footnote); required in spirit whenever benchmarkCents is null. */
  noBenchmarkReason: z.string().nullable().default(null),
});
export type OfferLine = z.infer<typeof OfferLine>;

export const OfferTerms = z.object({
  /** Payment is made within this many calendar days of the signed acceptance. */
  paymentDays: z.number().int().positive().default(30),
  expiresOn: IsoDate,
  /** Where to return the signed acceptance; defaults to the negotiator's / letterhead's email. */
  returnTo: z.string().nullable().default(null),
});

export const Revision = z.object({
  previousLetterDate: IsoDate.nullable().default(null),
  previousOfferCents: Cents.nullable().default(null),
  counterOfferCents: Cents.nullable().default(null),
  counterReceivedOn: IsoDate.nullable().default(null),
});

/** No Surprises Act context, printed when the claim is subject to it. */
export const NsaNotice = z.object({
  openNegotiationStart: IsoDate,
  openNegotiationEnds: IsoDate,
  idrInitiationDeadline: IsoDate,
});

export const OfferLetterInput = z.object({
  letterhead: Letterhead,
  letterDate: IsoDate,
  /** The case id: the provider quotes it back. */
  referenceNumber: z.string().min(1),
  /** 1 = the original offer; N > 1 = "Revised offer, version N". */
  version: z.number().int().positive().default(1),
  parties: LetterParties,
  claim: ClaimIdentifiers,
  lines: z.array(OfferLine).min(1),
  /** The pricing method in plain words ("140% of the 2025 Medicare Physician Fee Schedule for locality 01"). */
  methodSummary: z.string().min(1),
  terms: OfferTerms,
  revision: Revision.nullable().default(null),
  nsa: NsaNotice.nullable().default(null),
});
export type OfferLetterInput = z.input<typeof OfferLetterInput>;
export type OfferLetter = z.infer<typeof OfferLetterInput>;

export const Signature = z.object({
  /** The typed name that stands for the signature. */
  name: z.string().min(1),
  title: z.string().nullable().default(null),
  signedOn: IsoDate,
});

export const SettlementInput = z.object({
  letterhead: Letterhead,
  agreementDate: IsoDate,
  referenceNumber: z.string().min(1),
  parties: LetterParties,
  claim: ClaimIdentifiers,
  billedCents: Cents,
  agreedCents: Cents,
  /** The offer version that was accepted. */
  acceptedVersion: z.number().int().positive(),
  acceptedOfferDate: IsoDate.nullable().default(null),
  paymentDays: z.number().int().positive().default(30),
  providerSignature: Signature,
  payerSignature: Signature,
  nsa: z.boolean().default(false),
});
export type SettlementInput = z.input<typeof SettlementInput>;
export type Settlement = z.infer<typeof SettlementInput>;

/** The input failed validation; the issues name the fields (never their values, which may be PHI). */
export class InvalidLetterInput extends Error {
  override readonly name = 'InvalidLetterInput';
  constructor(
    readonly document: 'offer letter' | 'settlement agreement',
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${document} input is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

export function parseLetterInput<S extends z.ZodType>(
  schema: S,
  document: InvalidLetterInput['document'],
  input: unknown,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidLetterInput(
    document,
    result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}
