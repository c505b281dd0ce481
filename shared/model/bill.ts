// The one shape every source (X12 837, PDF text layer, OCR, Textract) is extracted into.
import * as z from 'zod';
import { Provenance } from './provenance.ts';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');
export const Cents = z.number().int();

export const Address = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  /** Five-digit ZIP (the +4 part is kept separately when present). */
  zip: z.string().nullable(),
  zipPlus4: z.string().nullable(),
});
export type Address = z.infer<typeof Address>;

export const ProviderRole = z.enum(['billing', 'rendering', 'attending', 'operating', 'referring', 'service-facility', 'pay-to']);
export const Provider = z.object({
  role: ProviderRole,
  name: z.string().nullable(),
  npi: z.string().nullable(),
  tin: z.string().nullable(),
  address: Address.nullable(),
  taxonomy: z.string().nullable().default(null),
});
export type Provider = z.infer<typeof Provider>;

/** Minimum necessary about the patient: enough to identify the claim, never address or date of birth. */
export const PatientReference = z.object({
  memberId: z.string().nullable(),
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  /** The provider's patient account / patient control number (CLM01, box 26, FL3a). */
  accountNumber: z.string().nullable(),
});
export type PatientReference = z.infer<typeof PatientReference>;

export const ClaimType = z.enum(['professional', 'institutional']);
export type ClaimType = z.infer<typeof ClaimType>;

export const SourceFormat = z.enum(['x12-837p', 'x12-837i', 'cms1500', 'ub04', 'itemized-statement', 'textract-expense']);
export type SourceFormat = z.infer<typeof SourceFormat>;

/** Repricing already present on the claim or line (X12 HCP segment). */
export const ExistingRepricing = z.object({
  methodology: z.string().nullable(),
  allowedCents: Cents.nullable(),
  savingsCents: Cents.nullable(),
  organizationId: z.string().nullable(),
});

export const ServiceLine = z.object({
  lineNumber: z.number().int().positive(),
  serviceDate: IsoDate.nullable(),
  serviceDateTo: IsoDate.nullable(),
  /** UB-04 / SV2 revenue code, four digits ("0305"). */
  revenueCode: z.string().nullable(),
  /** CPT/HCPCS code; null for revenue-code-only institutional lines. */
  code: z.string().nullable(),
  modifiers: z.array(z.string()).max(4),
  chargeCents: Cents,
  nonCoveredCents: Cents.nullable().default(null),
  /** UN units, MJ anesthesia minutes, DA days, F2 international units... */
  unitBasis: z.string().nullable(),
  units: z.number().nonnegative(),
  placeOfService: z.string().nullable(),
  diagnosisPointers: z.array(z.number().int().positive()).default([]),
  ndc: z.string().nullable().default(null),
  renderingNpi: z.string().nullable().default(null),
  existingRepricing: ExistingRepricing.nullable().default(null),
});
export type ServiceLine = z.infer<typeof ServiceLine>;

export const Bill = z.object({
  sourceFormat: SourceFormat,
  claimType: ClaimType,
  /** 0-based position of the claim within its document (an 837 may hold many). */
  claimIndex: z.number().int().nonnegative(),
  /** Patient control number / claim number as billed. */
  claimNumber: z.string().nullable(),
  providers: z.array(Provider),
  payer: z.object({ name: z.string().nullable(), id: z.string().nullable() }).nullable(),
  patient: PatientReference,
  statementFrom: IsoDate.nullable(),
  statementTo: IsoDate.nullable(),
  admissionDate: IsoDate.nullable().default(null),
  /** Claim-level place of service (professional, CLM05-1) */
  placeOfService: z.string().nullable(),
  /** Type of bill (institutional), e.g. "0131" or "131". */
  typeOfBill: z.string().nullable(),
  frequencyCode: z.string().nullable(),
  diagnoses: z.array(z.string()),
  drg: z.string().nullable(),
  totalChargeCents: Cents.nullable(),
  amountPaidCents: Cents.nullable().default(null),
  existingRepricing: ExistingRepricing.nullable().default(null),
  lines: z.array(ServiceLine),
  /** Field path ("totalChargeCents", "lines.2.code") -> where it was read. */
  provenance: z.record(z.string(), Provenance).default({}),
  /** Problems found while reading; a non-empty list sends the case to review. */
  reviewReasons: z.array(z.string()).default([]),
});
export type Bill = z.infer<typeof Bill>;

export function providerByRole(bill: Bill, role: Provider['role']): Provider | undefined {
  return bill.providers.find((p) => p.role === role);
}
