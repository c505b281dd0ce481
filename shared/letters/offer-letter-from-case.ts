// Builds an offer letter's input from what a case holds (the extracted Bill and its PricedBill) plus the sender's settings.
import { providerByRole, type Bill, type Provider } from '../model/bill.ts';
import type { LinePricing, PricedBill } from '../model/pricing.ts';
import { addCalendarDays } from './letter-dates.ts';
import type { LetterheadInput, OfferLetterInput } from './offer-letter-input.ts';

export interface OfferLetterSettings {
  letterhead: LetterheadInput;
  negotiator: { name: string; title?: string | null; email?: string | null; phone?: string | null };
  /** The plan or TPA the offer is made for; defaults to the payer named on the bill. */
  payerName?: string | null;
  /** Calendar days from acceptance to payment (default 30). */
  paymentDays?: number;
  /** Calendar days from the letter date to the offer's expiry, when no expiry date is given (default 30). */
  offerExpiryDays?: number;
}

export interface OfferLetterRequest {
  caseId: string;
  bill: Bill;
  pricing: PricedBill;
  letterDate: string;
  settings: OfferLetterSettings;
  version?: number;
  /** An explicit expiry (from the case's deadlines); otherwise letterDate + offerExpiryDays. */
  expiresOn?: string;
  revision?: OfferLetterInput['revision'];
  nsa?: OfferLetterInput['nsa'];
}

const METHOD_LABEL: Record<LinePricing['method'], string> = {
  MPFS: 'MPFS',
  ANESTHESIA: 'Anesthesia',
  OPPS: 'OPPS',
  IPPS: 'IPPS',
  CLFS: 'CLFS',
  DMEPOS: 'DMEPOS',
  FALLBACK: 'Fallback',
  NONE: '',
};

/** "MPFS 2025 01182-18 NF"; an assumed locality is marked "*". */
export function lineBasis(p: LinePricing): string | null {
  if (p.method === 'NONE' || p.benchmarkCents === null) return null;
  const parts = [METHOD_LABEL[p.method]];
  if (p.year !== null) parts.push(String(p.year));
  if (p.locality) parts.push(`${p.locality.carrier}-${p.locality.locality}${p.localityAssumed ? '*' : ''}`);
  if (p.facility !== null) parts.push(p.facility ? 'F' : 'NF');
  return parts.join(' ');
}

/** Why a line has no benchmark: the most serious flag's message, else the line's explanation. */
export function noBenchmarkReason(p: LinePricing | undefined): string | null {
  if (!p) return 'The line was not priced.';
  if (p.benchmarkCents !== null) return null;
  const rank = { review: 0, warning: 1, info: 2 } as const;
  const flag = [...p.flags].sort((a, b) => rank[a.severity] - rank[b.severity])[0];
  return flag?.message ?? (p.explanation || null);
}

function addressLines(provider: Provider | undefined): string[] {
  const a = provider?.address;
  if (!a) return [];
  const cityLine = [a.city, [a.state, a.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [a.line1, a.line2, cityLine].filter((v): v is string => !!v);
}

export function offerLetterInputFor(req: OfferLetterRequest): OfferLetterInput {
  const { bill, pricing, settings } = req;
  const provider = providerByRole(bill, 'billing') ?? bill.providers[0];
  const byLine = new Map(pricing.lines.map((p) => [p.lineNumber, p]));
  const dates = bill.lines.flatMap((l) => [l.serviceDate, l.serviceDateTo]).filter((d): d is string => !!d).sort();
  const assumed = pricing.lines.some((p) => p.localityAssumed && p.benchmarkCents !== null);
  return {
    letterhead: settings.letterhead,
    letterDate: req.letterDate,
    referenceNumber: req.caseId,
    version: req.version ?? 1,
    parties: {
      payerName: settings.payerName ?? bill.payer?.name ?? 'the health plan',
      negotiator: {
        name: settings.negotiator.name,
        title: settings.negotiator.title ?? null,
        email: settings.negotiator.email ?? null,
        phone: settings.negotiator.phone ?? null,
      },
      providerName: provider?.name ?? 'Billing provider',
      providerTin: provider?.tin ?? null,
      providerNpi: provider?.npi ?? null,
      providerAddressLines: addressLines(provider),
    },
    claim: {
      claimNumber: bill.claimNumber,
      patientAccountNumber: bill.patient.accountNumber,
      memberId: bill.patient.memberId,
      serviceFrom: dates[0] ?? bill.statementFrom,
      serviceTo: dates.at(-1) ?? bill.statementTo,
      claimType: bill.claimType,
    },
    lines: bill.lines.map((line) => {
      const p = byLine.get(line.lineNumber);
      return {
        lineNumber: line.lineNumber,
        serviceDate: line.serviceDate,
        code: line.code,
        revenueCode: line.revenueCode,
        modifiers: line.modifiers,
        units: line.units,
        unitBasis: line.unitBasis,
        chargeCents: line.chargeCents,
        benchmarkCents: p?.benchmarkCents ?? null,
        offerCents: p?.benchmarkCents == null ? null : (p.offerCents ?? null),
        basis: p ? lineBasis(p) : null,
        noBenchmarkReason: noBenchmarkReason(p),
      };
    }),
    methodSummary:
      pricing.methodSummary +
      (assumed ? ' * The Medicare locality marked with an asterisk was assumed because the billing address did not identify it.' : ''),
    terms: {
      paymentDays: settings.paymentDays ?? 30,
      expiresOn: req.expiresOn ?? addCalendarDays(req.letterDate, settings.offerExpiryDays ?? 30),
    },
    revision: req.revision ?? null,
    nsa: req.nsa ?? null,
  };
}
