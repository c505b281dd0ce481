// Turns a priced case into what an offer letter prints: the minimum necessary, nothing more.
import type { CaseRecord } from '../model/case.ts';
import { providerByRole, type Address, type Bill } from '../model/bill.ts';
import type { LinePricing } from '../model/pricing.ts';
import type { OfferLetterInput, OfferLine } from '../letters/offer-letter-input.ts';
import type { LetterSettings } from '../pipeline/letter-settings.ts';

export function offerLetterForCase(
  record: CaseRecord,
  settings: LetterSettings,
  options: { letterDate: string; version: number },
): OfferLetterInput {
  if (!record.pricing) throw new Error(`case ${record.id} has no pricing yet, so no letter can be written`);
  const { bill, pricing } = record;
  const billing = providerByRole(bill, 'billing');
  const pricingByLine = new Map(pricing.lines.map((line) => [line.lineNumber, line]));
  const serviceDates = bill.lines.map((l) => l.serviceDate).filter((d): d is string => d !== null).sort();
  return {
    letterhead: settings.letterhead,
    letterDate: options.letterDate,
    referenceNumber: record.id,
    version: options.version,
    parties: {
      payerName: bill.payer?.name ?? settings.payerName,
      negotiator: settings.negotiator,
      providerName: billing?.name ?? 'the billing provider',
      providerTin: billing?.tin ?? null,
      providerNpi: billing?.npi ?? null,
      providerAddressLines: billing?.address ? addressLines(billing.address) : [],
    },
    claim: {
      claimNumber: bill.claimNumber,
      patientAccountNumber: bill.patient.accountNumber,
      memberId: bill.patient.memberId,
      serviceFrom: bill.statementFrom ?? serviceDates[0] ?? null,
      serviceTo: bill.statementTo ?? serviceDates.at(-1) ?? null,
      claimType: bill.claimType,
    },
    lines: bill.lines.map((line) => offerLine(line, pricingByLine.get(line.lineNumber))),
    methodSummary: pricing.methodSummary,
    terms: { paymentDays: settings.paymentDays, expiresOn: addCalendarDays(options.letterDate, settings.offerExpiryDays) },
  };
}

function offerLine(line: Bill['lines'][number], pricing: LinePricing | undefined): OfferLine {
  return {
    lineNumber: line.lineNumber,
    serviceDate: line.serviceDate,
    code: line.code,
    revenueCode: line.revenueCode,
    modifiers: line.modifiers,
    units: line.units,
    unitBasis: line.unitBasis,
    chargeCents: line.chargeCents,
    benchmarkCents: pricing?.benchmarkCents ?? null,
    offerCents: pricing?.offerCents ?? null,
    basis: pricing ? basisOf(pricing) : null,
    noBenchmarkReason:
      pricing && pricing.benchmarkCents === null ? (pricing.flags[0]?.message ?? pricing.explanation) : pricing ? null : 'not priced',
  };
}

function basisOf(pricing: LinePricing): string | null {
  if (pricing.method === 'NONE') return null;
  const locality = pricing.locality ? ` ${pricing.locality.carrier}-${pricing.locality.locality}` : '';
  const setting = pricing.facility === null ? '' : pricing.facility ? ' F' : ' NF';
  return `${pricing.method} ${pricing.year ?? ''}${locality}${setting}`.replace(/\s+/g, ' ').trim();
}

function addressLines(address: Address): string[] {
  const cityLine = [address.city, [address.state, address.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [address.line1, address.line2, cityLine].filter((l): l is string => Boolean(l));
}

function addCalendarDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
