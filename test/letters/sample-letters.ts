// Realistic letter inputs for the letter tests (fictional parties; no real patient).
import type { OfferLetterInput, SettlementInput } from '../../shared/letters/offer-letter-input.ts';

export const letterhead = {
  organizationName: 'Parley Claims Review',
  addressLines: ['100 Example Plaza, Suite 400', 'Columbus, OH 43215'],
  phone: '(614) 555-0142',
  email: 'negotiations@parley.example',
  website: 'parley.example',
};

const CODES = ['99213', '99214', '93000', '71046', '99284', '12002', '20610', '99283', '72100', '97110'];

/** `count` professional lines; every fifth is a lab draw (36415) with no fee-schedule benchmark. */
export function sampleLines(count: number): NonNullable<OfferLetterInput['lines']> {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const unpriced = n % 5 === 0;
    const charge = 15_000 + n * 1_137;
    const benchmark = unpriced ? null : 6_000 + n * 311;
    return {
      lineNumber: n,
      serviceDate: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
      code: unpriced ? '36415' : CODES[i % CODES.length]!,
      modifiers: n % 7 === 0 ? ['25', '59'] : [],
      units: n % 9 === 0 ? 2 : 1,
      chargeCents: charge,
      benchmarkCents: benchmark,
      offerCents: benchmark === null ? null : Math.round(benchmark * 1.4),
      basis: unpriced ? null : 'MPFS 2025 01182-18 NF',
      noBenchmarkReason: unpriced ? 'Paid on the Clinical Laboratory Fee Schedule, not the Physician Fee Schedule; not part of this offer.' : null,
    };
  });
}

export function sampleOffer(overrides: Partial<OfferLetterInput> = {}): OfferLetterInput {
  return {
    letterhead,
    letterDate: '2026-03-05',
    referenceNumber: 'CASE-7Q2M9X',
    version: 1,
    parties: {
      payerName: 'Acme Manufacturing Employee Health Plan (administered by Summit TPA)',
      negotiator: { name: 'Dana Whitfield', title: 'Senior Claims Negotiator', email: 'dana.whitfield@parley.example', phone: '(614) 555-0143' },
      providerName: 'Riverside Emergency Physicians LLC',
      providerTin: '84-1234567',
      providerNpi: '1467583921',
      providerAddressLines: ['2200 River Road', 'Los Angeles, CA 90210'],
    },
    claim: {
      claimNumber: 'RX-2025-004417',
      patientAccountNumber: 'PA-88213',
      memberId: 'MBR-55501234',
      serviceFrom: '2025-03-01',
      serviceTo: '2025-03-04',
      claimType: 'professional',
    },
    lines: [
      { lineNumber: 1, serviceDate: '2025-03-01', code: '99284', modifiers: ['25'], units: 1, chargeCents: 145_000, benchmarkCents: 14_621, offerCents: 20_469, basis: 'MPFS 2025 01182-18 F' },
      { lineNumber: 2, serviceDate: '2025-03-01', code: '71046', modifiers: ['26'], units: 1, chargeCents: 42_500, benchmarkCents: 1_382, offerCents: 1_935, basis: 'MPFS 2025 01182-18 F' },
      { lineNumber: 3, serviceDate: '2025-03-02', code: '36415', modifiers: [], units: 1, chargeCents: 3_500, benchmarkCents: null, offerCents: null, noBenchmarkReason: 'Paid on the Clinical Laboratory Fee Schedule, not the MPFS; not part of this offer.' },
      { lineNumber: 4, serviceDate: '2025-03-04', code: '12002', modifiers: [], units: 2, chargeCents: 88_000, benchmarkCents: 23_316, offerCents: 32_642, basis: 'MPFS 2025 01182-18 F' },
    ],
    methodSummary: 'Each line is offered at 140% of the 2025 Medicare Physician Fee Schedule amount for Medicare locality 01182-18 (Los Angeles, CA), facility rates, never above the billed charge.',
    terms: { paymentDays: 30, expiresOn: '2026-04-04' },
    ...overrides,
  };
}

export function sampleSettlement(overrides: Partial<SettlementInput> = {}): SettlementInput {
  const offer = sampleOffer();
  return {
    letterhead,
    agreementDate: '2026-03-20',
    referenceNumber: offer.referenceNumber,
    parties: offer.parties,
    claim: offer.claim,
    billedCents: 279_000,
    agreedCents: 61_250,
    acceptedVersion: 2,
    acceptedOfferDate: '2026-03-16',
    paymentDays: 30,
    providerSignature: { name: 'Maria Okafor', title: 'Revenue Cycle Director', signedOn: '2026-03-19' },
    payerSignature: { name: 'Dana Whitfield', title: 'Senior Claims Negotiator', signedOn: '2026-03-20' },
    ...overrides,
  };
}
