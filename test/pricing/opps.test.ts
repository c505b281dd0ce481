// Hospital outpatient claims (13x) by OPPS Addendum B (CY2025), inpatient (11x) without DRG weights.
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceBill } from '../../shared/pricing/price-bill.ts';
import { DEFAULT_OFFER_RULES } from '../../shared/pricing/offer-rules.ts';
import { FLAG } from '../../shared/pricing/flags.ts';
import { bill, line, provider } from './bill-builder.ts';

const tables = loadPricingTables();
const ctx = { tables, rules: DEFAULT_OFFER_RULES };
const outpatient = (lines: ReturnType<typeof line>[], typeOfBill = '0131') =>
  bill({ claimType: 'institutional', sourceFormat: 'x12-837i', typeOfBill, placeOfService: null, providers: [provider('billing', '10001')], lines });
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe('OPPS', () => {
  it('99283 -> APC 5023 $276.89 and 74177 -> APC 5572 $357.13', () => {
    const priced = priceBill(outpatient([line({ code: '99283', revenueCode: '0450', chargeCents: 150000 }), line({ code: '74177', revenueCode: '0352' })]), ctx);
    const [ed, ct] = priced.lines;
    expect(ed).toMatchObject({ method: 'OPPS', benchmarkCents: 27689, year: 2025, facility: true });
    expect(ed!.formula).toMatchObject({ statusIndicator: 'J2', apc: '5023', paymentRate: 276.89 });
    expect(ct).toMatchObject({ method: 'OPPS', benchmarkCents: 35713 });
    expect(ct!.formula).toMatchObject({ statusIndicator: 'Q3', apc: '5572' });
    expect(ed!.offerCents).toBe(49840); // 276.89 x 1.8 = 498.402
    expect(ed!.rule?.id).toBe('outpatient-opps-180');
    expect(codes(ed!.flags)).toContain(FLAG.nationalUnadjusted);
  });

  it('packaged lines (status N) price at $0 with a note', () => {
    const l = priceBill(outpatient([line({ code: '99283' }), line({ code: 'G0378', units: 8 })]), ctx).lines[1]!;
    expect(l.benchmarkCents).toBe(0);
    expect(l.method).toBe('OPPS');
    expect(l.flags.find((f) => f.code === FLAG.packaged)?.message).toMatch(/status N/);
  });

  it('drug rates in tenths of a cent multiply by units: J1885 $0.682 x 10 = $6.82', () => {
    expect(priceBill(outpatient([line({ code: 'J1885', units: 10 })]), ctx).lines[0]!.benchmarkCents).toBe(682);
  });

  it('a lab test (Q4) is packaged with a separately paid service, and paid on the CLFS alone', () => {
    expect(priceBill(outpatient([line({ code: '99283' }), line({ code: '36415' })]), ctx).lines[1]!.benchmarkCents).toBe(0);
    const alone = priceBill(outpatient([line({ code: '36415' })]), ctx).lines[0]!;
    expect(alone).toMatchObject({ method: 'CLFS', benchmarkCents: 934, year: 2026 });
    expect(codes(alone.flags)).toContain(FLAG.yearSubstituted);
  });

  it('a comprehensive APC (J1) packages the other services on the claim', () => {
    const [knee, ed] = priceBill(outpatient([line({ code: '29881' }), line({ code: '99283' })]), ctx).lines;
    expect(knee!.benchmarkCents).toBe(324461);
    expect(ed!.benchmarkCents).toBe(0);
  });

  it('status T procedures: the highest in full, the next at 50%', () => {
    // 0213T $890.29, 0101T $239.88 -> $119.94
    expect(priceBill(outpatient([line({ code: '0101T' }), line({ code: '0213T' })]), ctx).lines.map((l) => l.benchmarkCents)).toEqual([11994, 89029]);
  });

  it('a revenue-code-only line has no OPPS rate and falls back, flagged', () => {
    const l = priceBill(outpatient([line({ code: null, revenueCode: '0250', chargeCents: 4000 })]), ctx).lines[0]!;
    expect(l.benchmarkCents).toBeNull();
    expect(l.method).toBe('FALLBACK');
    expect(l.offerCents).toBe(2000);
    expect(codes(l.flags)).toContain(FLAG.noCode);
  });

  it('an inpatient-only procedure on an outpatient bill is flagged for review', () => {
    const l = priceBill(outpatient([line({ code: '00176' })]), ctx).lines[0]!;
    expect(l.benchmarkCents).toBeNull();
    expect(l.flags.find((f) => f.code === FLAG.notPayable)?.severity).toBe('review');
  });
});

describe('inpatient (11x)', () => {
  it('has no DRG weights on hand: the configured fallback prices it, flagged', () => {
    const b = outpatient([line({ code: null, revenueCode: '0120', chargeCents: 300000 })], '0111');
    const l = priceBill({ ...b, drg: '470' }, ctx).lines[0]!;
    expect(l.method).toBe('FALLBACK');
    expect(l.offerCents).toBe(150000);
    expect(l.flags.find((f) => f.code === FLAG.inpatientNoDrg)?.message).toMatch(/DRG 470/);
  });
});
