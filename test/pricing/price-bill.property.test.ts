// Properties of priceBill over arbitrary bills: it never throws, the totals are the sum of the lines, offers never
// exceed billed charges (default rules), and a line without a benchmark is never silently zero.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceBill } from '../../shared/pricing/price-bill.ts';
import { DEFAULT_OFFER_RULES } from '../../shared/pricing/offer-rules.ts';
import { PricedBill } from '../../shared/model/pricing.ts';
import { bill, line, provider } from './bill-builder.ts';

const tables = loadPricingTables();
const CODES = ['99213', '99284', '71046', '70450', '27447', '11042', '12001', '43239', '43248', '97110', '00100', '01402', '80053', '36415', 'E0114', 'A0425', 'J1885', 'G0378', '74177', '99283', '0001F', '36000', '99999', 'ZZZZZ'];
const MODS = ['26', 'TC', '50', '51', '59', '62', '80', 'AS', 'QK', 'NU', 'RR', 'RT', 'LT', '25', '53', '66', 'XX'];

const lineArb = fc.record({
  code: fc.option(fc.constantFrom(...CODES), { nil: null }),
  modifiers: fc.uniqueArray(fc.constantFrom(...MODS), { maxLength: 4 }),
  units: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 10, noNaN: true })),
  chargeCents: fc.integer({ min: 0, max: 5_000_000 }),
  placeOfService: fc.option(fc.constantFrom('11', '21', '22', '23', '99', '2', 'xx'), { nil: null }),
  serviceDate: fc.option(fc.constantFrom('2006-03-01', '2025-01-01', '2025-12-31', '2026-02-02', '2031-07-04'), { nil: null }),
  revenueCode: fc.option(fc.constantFrom('0450', '0250', '0001', '0360'), { nil: null }),
  unitBasis: fc.constantFrom('UN', 'MJ', null),
});

const billArb = fc.record({
  claimType: fc.constantFrom('professional' as const, 'institutional' as const),
  typeOfBill: fc.option(fc.constantFrom('0131', '131', '0111', '0851', '12'), { nil: null }),
  zip: fc.option(fc.constantFrom('10001', '90210', '00000', '59701', 'abcde'), { nil: null }),
  drg: fc.option(fc.constant('470'), { nil: null }),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
});

describe('priceBill over arbitrary bills', () => {
  it('never throws, adds up, stays within billed charges and never hides a missing benchmark', () => {
    fc.assert(
      fc.property(billArb, (b) => {
        const input = bill({
          claimType: b.claimType,
          typeOfBill: b.typeOfBill,
          drg: b.drg,
          providers: [provider('billing', b.zip)],
          lines: b.lines.map((l) => line(l)),
        });
        const priced = PricedBill.parse(priceBill(input, { tables, rules: DEFAULT_OFFER_RULES }));
        let offer = 0;
        let benchmark = 0;
        priced.lines.forEach((l, i) => {
          const source = input.lines[i]!;
          if (l.offerCents !== null) {
            expect(l.offerCents).toBeLessThanOrEqual(source.chargeCents);
            expect(l.rule).not.toBeNull();
            offer += l.offerCents;
          }
          benchmark += l.benchmarkCents ?? 0;
          if (l.benchmarkCents === null && source.revenueCode !== '0001') {
            expect(l.flags.length).toBeGreaterThan(0);
            expect(['FALLBACK', 'NONE']).toContain(l.method);
          }
          expect(l.explanation.length).toBeGreaterThan(0);
        });
        expect(priced.totals.offerCents).toBe(offer);
        expect(priced.totals.benchmarkCents).toBe(benchmark);
      }),
      { numRuns: 300 },
    );
  });
});
