// priceBill: a professional bill through locality, MPFS, offer rules and the explanation on every line.
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceBill } from '../../shared/pricing/price-bill.ts';
import { DEFAULT_OFFER_RULES } from '../../shared/pricing/offer-rules.ts';
import { PricedBill } from '../../shared/model/pricing.ts';
import { FLAG } from '../../shared/pricing/flags.ts';
import { bill, line, provider } from './bill-builder.ts';

const tables = loadPricingTables();
const ctx = { tables, rules: DEFAULT_OFFER_RULES, now: new Date('2025-07-01T12:00:00Z') };

describe('priceBill', () => {
  it('prices an office visit in Manhattan at 140% of the MPFS and explains it', () => {
    const b = bill({ lines: [line({ code: '99213', chargeCents: 25000, placeOfService: '11' })] });
    const priced = PricedBill.parse(priceBill(b, ctx));
    const l = priced.lines[0]!;
    expect(l.benchmarkCents).toBe(10106);
    expect(l.offerCents).toBe(14148); // 101.06 x 1.40 = 141.484
    expect(l.method).toBe('MPFS');
    expect(l.year).toBe(2025);
    expect(l.release).toBe('RVU25D (October 2025)');
    expect(l.locality).toEqual({ carrier: '13202', locality: '01', name: 'MANHATTAN' });
    expect(l.localityAssumed).toBe(false);
    expect(l.rule).toEqual({ id: 'professional-mpfs-140', description: '140% of Medicare (MPFS)' });
    expect(l.explanation).toMatch(/1\.30 x 1\.065.*\$101\.06.*140% of Medicare \(MPFS\) = \$141\.48/);
    expect(priced.totals).toEqual({ chargeCents: 25000, benchmarkCents: 10106, offerCents: 14148, unpricedLines: 0 });
    expect(priced.methodSummary).toBe('140% of the 2025 Medicare Physician Fee Schedule for locality 13202-01 (MANHATTAN)');
    expect(priced.pricedAt).toBe('2025-07-01T12:00:00.000Z');
  });

  it('uses the service facility ZIP before the billing provider ZIP', () => {
    const b = bill({
      providers: [provider('billing', '10001'), provider('service-facility', '90210')],
      lines: [line({ code: '99213', placeOfService: '11' })],
    });
    expect(priceBill(b, ctx).lines[0]!.locality).toMatchObject({ carrier: '01182', locality: '18' });
  });

  it('falls back to the billing ZIP when the service facility ZIP does not resolve', () => {
    const b = bill({
      providers: [provider('billing', '10001'), provider('service-facility', '00000')],
      lines: [line({ code: '99213', placeOfService: '11' })],
    });
    const l = priceBill(b, ctx).lines[0]!;
    expect(l.locality).toMatchObject({ carrier: '13202', locality: '01' });
    expect(l.localityAssumed).toBe(false);
  });

  it('without any provider ZIP prices on the national basis and marks the locality assumed', () => {
    const b = bill({ providers: [provider('billing', null)], lines: [line({ code: '99213', placeOfService: '11' })] });
    const l = priceBill(b, ctx).lines[0]!;
    expect(l.benchmarkCents).toBe(8895);
    expect(l.locality).toBeNull();
    expect(l.localityAssumed).toBe(true);
    expect(l.flags.map((f) => f.code)).toContain(FLAG.localityAssumed);
  });

  it('takes the claim-level place of service when the line has none', () => {
    const b = bill({ placeOfService: '22', providers: [provider('billing', null)], lines: [line({ code: '99213', placeOfService: null })] });
    expect(priceBill(b, ctx).lines[0]!.benchmarkCents).toBe(6372);
  });

  it('a line with no Medicare amount is never silently zero: fallback offer, flagged', () => {
    const b = bill({ lines: [line({ code: 'A0425', chargeCents: 10000 })] });
    const l = priceBill(b, ctx).lines[0]!;
    expect(l.benchmarkCents).toBeNull();
    expect(l.method).toBe('FALLBACK');
    expect(l.offerCents).toBe(5000);
    expect(l.rule?.id).toBe('no-benchmark-50-billed');
    expect(l.flags.map((f) => f.code)).toEqual(expect.arrayContaining([FLAG.notPayable, FLAG.fallbackPriced]));
  });

  it('is pure: the same input gives the same output', () => {
    const b = bill({ lines: [line({ code: '99213' }), line({ code: '71046', modifiers: ['26'] })] });
    expect(priceBill(b, ctx)).toEqual(priceBill(b, ctx));
  });
});
