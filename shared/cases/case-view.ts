// The public JSON shape of a case (CLI --json and the review API): a contract that scripts rely on; add, never rename.
import { providerByRole } from '../model/bill.ts';
import type { CaseRecord } from '../model/case.ts';
import type { LinePricing } from '../model/pricing.ts';

export function localityCode(pricing: Pick<LinePricing, 'locality'> | undefined): string | null {
  return pricing?.locality ? `${pricing.locality.carrier}-${pricing.locality.locality}` : null;
}

export function caseView(record: CaseRecord, options: { letterPath?: string | null } = {}) {
  const { bill, pricing } = record;
  const billing = providerByRole(bill, 'billing');
  const serviceFacility = providerByRole(bill, 'service-facility');
  const pricingByLine = new Map((pricing?.lines ?? []).map((line) => [line.lineNumber, line]));
  const chargeCents = bill.lines.reduce((sum, line) => sum + line.chargeCents, 0);
  return {
    id: record.id,
    status: record.status,
    reasons: record.reasons,
    source: record.fileName,
    documentId: record.documentId,
    claimIndex: record.claimIndex,
    claimType: bill.claimType,
    sourceFormat: bill.sourceFormat,
    provider: {
      name: billing?.name ?? null,
      npi: billing?.npi ?? null,
      tin: billing?.tin ?? null,
      zip: billing?.address?.zip ?? null,
    },
    serviceFacility: serviceFacility
      ? { name: serviceFacility.name, npi: serviceFacility.npi, zip: serviceFacility.address?.zip ?? null }
      : null,
    header: {
      claimNumber: bill.claimNumber,
      patientAccountNumber: bill.patient.accountNumber,
      memberId: bill.patient.memberId,
      payer: bill.payer,
      statementFrom: bill.statementFrom,
      statementTo: bill.statementTo,
      placeOfService: bill.placeOfService,
      typeOfBill: bill.typeOfBill,
      frequencyCode: bill.frequencyCode,
      diagnoses: bill.diagnoses,
      drg: bill.drg,
      totalChargeCents: bill.totalChargeCents,
    },
    totals: {
      chargeCents: pricing?.totals.chargeCents ?? chargeCents,
      benchmarkCents: pricing?.totals.benchmarkCents ?? null,
      offerCents: pricing?.totals.offerCents ?? null,
      savingsCents: pricing ? pricing.totals.chargeCents - pricing.totals.offerCents : null,
      unpricedLines: pricing?.totals.unpricedLines ?? null,
    },
    methodSummary: pricing?.methodSummary ?? null,
    flags: pricing?.flags ?? [],
    letterPath: options.letterPath ?? null,
    letter: record.letter,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    lines: bill.lines.map((line) => {
      const priced = pricingByLine.get(line.lineNumber);
      return {
        lineNumber: line.lineNumber,
        serviceDate: line.serviceDate,
        serviceDateTo: line.serviceDateTo,
        code: line.code,
        revenueCode: line.revenueCode,
        modifiers: line.modifiers,
        units: line.units,
        unitBasis: line.unitBasis,
        chargeCents: line.chargeCents,
        benchmarkCents: priced?.benchmarkCents ?? null,
        offerCents: priced?.offerCents ?? null,
        placeOfService: line.placeOfService ?? bill.placeOfService,
        facility: priced?.facility ?? null,
        method: priced?.method ?? null,
        year: priced?.year ?? null,
        release: priced?.release ?? null,
        locality: localityCode(priced),
        localityName: priced?.locality?.name ?? null,
        localityAssumed: priced?.localityAssumed ?? null,
        rule: priced?.rule ?? null,
        formula: priced?.formula ?? null,
        explanation: priced?.explanation ?? null,
        flags: priced?.flags ?? [],
      };
    }),
  };
}

export type CaseView = ReturnType<typeof caseView>;
