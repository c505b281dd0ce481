// The result of pricing a bill: per line the benchmark, the offer and everything needed to explain both.
import * as z from 'zod';
import { Cents } from './bill.ts';

export const PricingMethod = z.enum([
  'MPFS', // Medicare Physician Fee Schedule
  'ANESTHESIA', // MPFS anesthesia: (base + time units) x anesthesia CF
  'OPPS', // Hospital outpatient, Addendum B
  'IPPS', // Inpatient, by DRG
  'CLFS', // Clinical laboratory fee schedule
  'DMEPOS',
  'FALLBACK', // a configured non-Medicare method (e.g. percent of billed)
  'NONE', // no benchmark: the line says why in its flags
]);
export type PricingMethod = z.infer<typeof PricingMethod>;

export const Locality = z.object({
  carrier: z.string(),
  locality: z.string(),
  name: z.string().nullable(),
});
export type Locality = z.infer<typeof Locality>;

export const FlagSeverity = z.enum(['info', 'warning', 'review']);
export const PricingFlag = z.object({
  code: z.string(),
  severity: FlagSeverity,
  message: z.string(),
});
export type PricingFlag = z.infer<typeof PricingFlag>;

export const OfferRuleRef = z.object({
  id: z.string(),
  description: z.string(),
});

export const LinePricing = z.object({
  lineNumber: z.number().int().positive(),
  method: PricingMethod,
  /** Year of the tables used (may differ from the date of service; then a flag says so). */
  year: z.number().int().nullable(),
  release: z.string().nullable(),
  locality: Locality.nullable(),
  localityAssumed: z.boolean(),
  facility: z.boolean().nullable(),
  benchmarkCents: Cents.nullable(),
  offerCents: Cents.nullable(),
  rule: OfferRuleRef.nullable(),
  /** The formula's inputs and intermediate values, e.g. RVUs, GPCIs, CF, indicator values. */
  formula: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  flags: z.array(PricingFlag),
  /** One sentence a provider can read. */
  explanation: z.string(),
});
export type LinePricing = z.infer<typeof LinePricing>;

export const PricingTotals = z.object({
  chargeCents: Cents,
  benchmarkCents: Cents,
  offerCents: Cents,
  /** Lines that have no benchmark and therefore no offer. */
  unpricedLines: z.number().int().nonnegative(),
});

export const PricedBill = z.object({
  lines: z.array(LinePricing),
  totals: PricingTotals,
  flags: z.array(PricingFlag),
  /** The method in words, for the letter ("140% of the 2025 Medicare Physician Fee Schedule for locality 01"). */
  methodSummary: z.string(),
  pricedAt: z.string(),
});
export type PricedBill = z.infer<typeof PricedBill>;
