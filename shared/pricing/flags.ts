// Pricing and audit flags: stable codes a negotiator (and a test) can rely on, each with a sentence saying why.
import type { PricingFlag } from '../model/pricing.ts';

export type FlagSeverity = PricingFlag['severity'];

export function flag(code: string, severity: FlagSeverity, message: string): PricingFlag {
  return { code, severity, message };
}

/** The flag codes Parley emits (pricing and audit). */
export const FLAG = {
  localityAssumed: 'LOCALITY_ASSUMED',
  zipNotFound: 'ZIP_NOT_FOUND',
  localityNotInYear: 'LOCALITY_NOT_IN_YEAR_TABLES',
  zipPlus4Split: 'ZIP_SPLIT_BY_PLUS4',
  yearSubstituted: 'YEAR_SUBSTITUTED',
  noServiceDate: 'NO_SERVICE_DATE',
  codeNotFound: 'CODE_NOT_ON_SCHEDULE',
  notPayable: 'NOT_PAYABLE_STATUS',
  bundled: 'BUNDLED',
  packaged: 'PACKAGED',
  contractorPriced: 'CONTRACTOR_PRICED',
  modifierInvalid: 'MODIFIER_INVALID_FOR_CODE',
  modifierReview: 'MODIFIER_NEEDS_REVIEW',
  facilityNa: 'SETTING_RARELY_USED',
  oppsCapApplied: 'OPPS_CAP_APPLIED',
  multipleProcedure: 'MULTIPLE_PROCEDURE_REDUCTION',
  posAssumed: 'PLACE_OF_SERVICE_ASSUMED',
  fallbackPriced: 'FALLBACK_PRICED',
  manualPricing: 'MANUAL_PRICING_NEEDED',
  noCode: 'NO_PROCEDURE_CODE',
  inpatientNoDrg: 'INPATIENT_NO_DRG_WEIGHTS',
  nationalUnadjusted: 'NATIONAL_UNADJUSTED_RATE',
  derivedRate: 'DERIVED_LOCALITY_RATE',
  unitsAboveMue: 'UNITS_ABOVE_MUE',
  duplicateLine: 'DUPLICATE_LINE',
  totalsMismatch: 'TOTALS_DO_NOT_ADD',
  chargeAboveBenchmark: 'CHARGE_FAR_ABOVE_BENCHMARK',
  dateOutsideStatement: 'DATE_OUTSIDE_STATEMENT_PERIOD',
  invalidInput: 'INVALID_INPUT',
} as const;
