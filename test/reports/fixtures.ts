// Cases in every stage of negotiation, for the export and report tests (fictional parties).
import { CaseRecord, Offer, type StoredCase } from '#shared/model/case.ts';
import { caseFixture, professionalBill } from '../support/bill-fixture.ts';
import { pricingFor } from '../cases/support/case-desk.ts';

interface Shape {
  id: string;
  payer: string | null;
  tin: string;
  provider: string;
  billed: number;
  offer: number;
  sentVersions?: number;
  counter?: number;
  agreed?: { cents: number; on: 'offer' | 'counter'; version: number; settledAt?: string };
  status: StoredCase['status'];
  createdAt: string;
}

export function caseOf(shape: Shape): StoredCase {
  const base = professionalBill();
  const bill = {
    ...base,
    payer: shape.payer === null ? null : { name: shape.payer, id: null },
    providers: [{ ...base.providers[0]!, tin: shape.tin, name: shape.provider }],
    lines: [{ ...base.lines[0]!, chargeCents: shape.billed }],
    totalChargeCents: shape.billed,
  };
  const sent = shape.sentVersions ?? 0;
  const offers = Array.from({ length: Math.max(sent, 1) }, (_, i) =>
    Offer.parse({
      version: i + 1,
      totalOfferCents: i === Math.max(sent, 1) - 1 ? shape.offer : shape.offer - 1000,
      lines: [{ lineNumber: 1, offerCents: shape.offer }],
      letter: null,
      draftedAt: shape.createdAt,
      draftedBy: 'system:draft',
      sentOn: i < sent ? shape.createdAt.slice(0, 10) : null,
    }),
  );
  if (shape.agreed?.on === 'counter') {
    offers.push(Offer.parse({ version: offers.length + 1, totalOfferCents: shape.agreed.cents, lines: [], source: 'counter', letter: null, draftedAt: shape.createdAt, draftedBy: 'user:nina' }));
  }
  return CaseRecord.parse(
    caseFixture(shape.id, {
      status: shape.status,
      bill,
      pricing: pricingFor(bill, [Math.round(shape.offer / 1.4)], [shape.offer]),
      createdAt: shape.createdAt,
      updatedAt: shape.createdAt,
      negotiation: {
        offers,
        counters: shape.counter
          ? [{ amountCents: shape.counter, receivedOn: shape.createdAt.slice(0, 10), note: null, attachmentKey: null, signatory: null, answersVersion: 1, recordedBy: 'provider:x', recordedAt: shape.createdAt }]
          : [],
        agreedCents: shape.agreed?.cents ?? null,
        acceptance: shape.agreed
          ? {
              name: 'Pat Quinn', title: null, signedOn: shape.createdAt.slice(0, 10), party: shape.agreed.on === 'offer' ? 'provider' : 'plan',
              accepted: shape.agreed.on, offerVersion: shape.agreed.version, recordedBy: 'user:nina', recordedAt: shape.createdAt,
            }
          : null,
        settlementLetter: null,
        settledAt: shape.agreed?.settledAt ?? null,
        settledBy: shape.agreed?.settledAt ? 'user:nina' : null,
      },
    }),
  );
}

/**
 * Two TPAs, three providers, four months.
 * ACME: C1 settled on its first offer (billed 1000.00, agreed 400.00, settled in March), C2 settled on a counter
 * (billed 2000.00, agreed 900.00, settled in April), C3 sent and rejected (billed 500.00).
 * BETA: C4 accepted on its second offer (billed 3000.00, agreed 1200.00), C5 drafted, never sent (billed 700.00).
 */
export const SAMPLE_CASES: StoredCase[] = [
  caseOf({ id: 'C1', payer: 'ACME TPA', tin: '111111111', provider: 'NORTH CLINIC', billed: 100_000, offer: 40_000, sentVersions: 1, agreed: { cents: 40_000, on: 'offer', version: 1, settledAt: '2025-03-20T10:00:00.000Z' }, status: 'SETTLED', createdAt: '2025-02-03T10:00:00.000Z' }),
  caseOf({ id: 'C2', payer: 'ACME TPA', tin: '222222222', provider: 'SOUTH SURGERY, LLC', billed: 200_000, offer: 80_000, sentVersions: 1, counter: 90_000, agreed: { cents: 90_000, on: 'counter', version: 2, settledAt: '2025-04-02T10:00:00.000Z' }, status: 'SETTLED', createdAt: '2025-02-10T10:00:00.000Z' }),
  caseOf({ id: 'C3', payer: 'ACME TPA', tin: '111111111', provider: 'NORTH CLINIC', billed: 50_000, offer: 20_000, sentVersions: 1, status: 'REJECTED', createdAt: '2025-03-01T10:00:00.000Z' }),
  caseOf({ id: 'C4', payer: 'BETA BENEFITS', tin: '333333333', provider: '=EVIL()', billed: 300_000, offer: 120_000, sentVersions: 2, agreed: { cents: 120_000, on: 'offer', version: 2 }, status: 'ACCEPTED', createdAt: '2025-04-15T10:00:00.000Z' }),
  caseOf({ id: 'C5', payer: 'BETA BENEFITS', tin: '333333333', provider: '=EVIL()', billed: 70_000, offer: 30_000, status: 'OFFER_DRAFTED', createdAt: '2025-05-05T10:00:00.000Z' }),
];
