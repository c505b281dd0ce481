// The priced service: one code at one place and date, with the benchmark and everything that explains it.
import type { Locality, PricingFlag, PricingMethod } from '../model/pricing.ts';

export type FormulaValue = string | number | boolean | null;

export interface ServicePrice {
  code: string;
  modifiers: string[];
  units: number;
  method: PricingMethod;
  /** Year of the tables used; `requestedYear` is the date's year (they differ when a flag says so). */
  year: number | null;
  requestedYear: number | null;
  release: string | null;
  locality: Locality | null;
  localityAssumed: boolean;
  facility: boolean | null;
  placeOfService: string | null;
  benchmarkCents: number | null;
  formula: Record<string, FormulaValue>;
  flags: PricingFlag[];
  explanation: string;
  /** HCPCS Level II short description (public domain; never CPT text), when the code is Level II and on file. */
  description?: string | null;
}

/** What bill-level rules (multiple procedures, injection bundling) need to know about an MPFS line. */
export interface MpfsLineFacts {
  row: number;
  status: string;
  /** Multiple procedure indicator (0-9). */
  mult: string;
  endoBase: string | null;
  imgFamily: string;
  /** Fee schedule amount per unit after the modifier factor, before multiple-procedure reductions. */
  unitCents: number;
  /** Practice expense share of unitCents (for the therapy PE reduction). */
  unitPeCents: number;
  /** Professional / technical split of unitCents, where the code has one (imaging reductions). */
  unitPcCents: number | null;
  unitTcCents: number | null;
  /** Endoscopic base code's own fee per unit (indicator 3 families). */
  endoBaseUnitCents: number | null;
  modifierFactor: number;
}

export interface PricedServiceInternal extends ServicePrice {
  mpfsFacts: MpfsLineFacts | null;
}
