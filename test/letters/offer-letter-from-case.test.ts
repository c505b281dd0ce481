import { describe, expect, it } from 'vitest';
import { Bill } from '../../shared/model/bill.ts';
import type { PricedBill } from '../../shared/model/pricing.ts';
import { renderOfferLetter } from '../../shared/letters/offer-letter.ts';
import { lineBasis, offerLetterInputFor } from '../../shared/letters/offer-letter-from-case.ts';
import { readPdfText } from './read-pdf.ts';
import { letterhead } from './sample-letters.ts';

const bill = Bill.parse({
  sourceFormat: 'x12-837p',
  claimType: 'professional',
  claimIndex: 0,
  claimNumber: '26463774',
  providers: [
    {
      role: 'billing',
      name: 'Ben Kildare Service',
      npi: '9876543210',
      tin: '587654321',
      address: { line1: '234 Seaway St', line2: null, city: 'Miami', state: 'FL', zip: '33111', zipPlus4: null },
    },
  ],
  payer: { name: 'Key Insurance Company', id: '999996666' },
  patient: { memberId: 'JS00111223333', lastName: 'Smith', firstName: 'Jane', accountNumber: '26463774' },
  statementFrom: null,
  statementTo: null,
  placeOfService: '11',
  typeOfBill: null,
  frequencyCode: '1',
  diagnoses: ['J020', 'Z1159'],
  drg: null,
  totalChargeCents: 10_000,
  lines: [
    { lineNumber: 1, serviceDate: '2025-10-03', serviceDateTo: null, revenueCode: null, code: '99213', modifiers: [], chargeCents: 4_000, unitBasis: 'UN', units: 1, placeOfService: '11' },
    { lineNumber: 2, serviceDate: '2025-10-03', serviceDateTo: null, revenueCode: null, code: '87070', modifiers: [], chargeCents: 1_500, unitBasis: 'UN', units: 1, placeOfService: '11' },
    { lineNumber: 3, serviceDate: '2025-10-05', serviceDateTo: null, revenueCode: null, code: '99214', modifiers: ['25'], chargeCents: 4_500, unitBasis: 'UN', units: 1, placeOfService: '11' },
  ],
});

const locality = { carrier: '09102', locality: '04', name: 'Miami, FL' };
const pricing: PricedBill = {
  lines: [
    { lineNumber: 1, method: 'MPFS', year: 2025, release: 'RVU25D', locality, localityAssumed: false, facility: false, benchmarkCents: 9_466, offerCents: 4_000, rule: { id: 'prof-140', description: '140% of Medicare, never above billed' }, formula: {}, flags: [], explanation: '' },
    { lineNumber: 2, method: 'NONE', year: 2025, release: 'RVU25D', locality, localityAssumed: false, facility: false, benchmarkCents: null, offerCents: null, rule: null, formula: {}, flags: [{ code: 'NOT_ON_MPFS', severity: 'warning', message: 'Status X on the 2025 fee schedule: paid under another schedule.' }], explanation: 'No benchmark.' },
    { lineNumber: 3, method: 'MPFS', year: 2025, release: 'RVU25D', locality, localityAssumed: true, facility: false, benchmarkCents: 13_412, offerCents: 4_500, rule: { id: 'prof-140', description: '' }, formula: {}, flags: [], explanation: '' },
  ],
  totals: { chargeCents: 10_000, benchmarkCents: 22_878, offerCents: 8_500, unpricedLines: 1 },
  flags: [],
  methodSummary: '140% of the 2025 Medicare Physician Fee Schedule for locality 09102-04 (Miami, FL), never above the billed charge.',
  pricedAt: '2026-03-05T10:00:00Z',
};

describe('offerLetterInputFor', () => {
  const input = offerLetterInputFor({
    caseId: 'case-001',
    bill,
    pricing,
    letterDate: '2026-03-05',
    settings: { letterhead, negotiator: { name: 'Dana Whitfield', email: 'dana@parley.example' }, offerExpiryDays: 30 },
  });

  it('takes the parties and identifiers from the bill and its billing provider', () => {
    expect(input.parties.providerName).toBe('Ben Kildare Service');
    expect(input.parties.providerTin).toBe('587654321');
    expect(input.parties.payerName).toBe('Key Insurance Company');
    expect(input.parties.providerAddressLines).toEqual(['234 Seaway St', 'Miami, FL 33111']);
    expect(input.claim).toMatchObject({ claimNumber: '26463774', memberId: 'JS00111223333', serviceFrom: '2025-10-03', serviceTo: '2025-10-05' });
    expect(input.terms.expiresOn).toBe('2026-04-04');
  });

  it('gives each line its basis, and a reason where there is no benchmark', () => {
    expect(input.lines.map((l) => l.basis)).toEqual(['MPFS 2025 09102-04 NF', null, 'MPFS 2025 09102-04* NF']);
    expect(input.lines[1]).toMatchObject({ benchmarkCents: null, offerCents: null, noBenchmarkReason: 'Status X on the 2025 fee schedule: paid under another schedule.' });
    expect(input.methodSummary).toContain('marked with an asterisk was assumed');
    expect(lineBasis({ ...pricing.lines[0]!, method: 'OPPS', locality: null, facility: null })).toBe('OPPS 2025');
  });

  it("renders a letter that carries no patient name, address or date of birth", async () => {
    const { text } = await readPdfText(await renderOfferLetter(input));
    expect(text).toContain('Ben Kildare Service');
    expect(text).toContain('234 Seaway St'); // the provider's business address is the recipient block
    expect(text).toContain('JS00111223333');
    expect(text).not.toMatch(/Jane|Smith/);
    expect(text).not.toMatch(/birth|DOB/i);
    expect(text).toMatch(/^2 10\/03\/2025 87070 1 \$15\.00 — — No benchmark \[1\]$/m);
    expect(text).toMatch(/Total offer \$85\.00/);
  });
});
