// The public JSON shape of a case (CLI --json and the review API): a contract that scripts rely on; add, never rename.
import { providerByRole } from '../model/bill.ts';
import { emptyNegotiation, type CaseRecord } from '../model/case.ts';
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
    assignee: record.assignee ?? null,
    nsa: record.nsa ?? null,
    deadlines: record.deadlines ?? null,
    nextDeadline: record.nextDeadline ?? null,
    statusBeforeReview: record.statusBeforeReview ?? null,
    negotiation: negotiationView(record),
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

/** Offers (per version, with per-line amounts), counteroffers, the agreed amount, the signature and the agreement. */
function negotiationView(record: CaseRecord) {
  const n = record.negotiation ?? emptyNegotiation();
  const latest = n.offers.at(-1) ?? null;
  return {
    currentOfferCents: latest?.totalOfferCents ?? record.pricing?.totals.offerCents ?? null,
    currentOfferVersion: latest?.version ?? record.letter?.version ?? null,
    offers: n.offers,
    counters: n.counters,
    agreedCents: n.agreedCents,
    acceptance: n.acceptance,
    settlementLetter: n.settlementLetter,
    settledAt: n.settledAt,
    settledBy: n.settledBy,
  };
}

/**
 * One row of a work queue: enough to choose the next case (status, provider, amounts, deadline), without the lines
 * and without patient identifiers beyond the claim number.
 */
export function caseSummary(record: CaseRecord) {
  const billing = providerByRole(record.bill, 'billing');
  const n = record.negotiation ?? emptyNegotiation();
  const billed = record.bill.lines.reduce((sum, line) => sum + line.chargeCents, 0);
  return {
    id: record.id,
    status: record.status,
    version: record.version,
    claimType: record.bill.claimType,
    claimNumber: record.bill.claimNumber,
    payer: record.bill.payer?.name ?? null,
    provider: { name: billing?.name ?? null, tin: billing?.tin ?? null, npi: billing?.npi ?? null },
    billedCents: billed,
    offerCents: n.offers.at(-1)?.totalOfferCents ?? record.pricing?.totals.offerCents ?? null,
    offerVersion: n.offers.at(-1)?.version ?? record.letter?.version ?? null,
    counterCents: n.counters.at(-1)?.amountCents ?? null,
    agreedCents: n.agreedCents,
    nextDeadline: record.nextDeadline ?? null,
    nsa: record.nsa !== null && record.nsa !== undefined,
    assignee: record.assignee ?? null,
    /** Flag codes of the bill and its lines, each once. */
    flags: [...new Set([...(record.pricing?.flags ?? []), ...(record.pricing?.lines ?? []).flatMap((l) => l.flags)].map((f) => f.code))],
    updatedAt: record.updatedAt,
  };
}

export type CaseSummary = ReturnType<typeof caseSummary>;

