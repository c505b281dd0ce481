// Audit flags: duplicates, totals that don't add up, charges far above benchmark, MUE, dates outside the statement.
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceBill } from '../../shared/pricing/price-bill.ts';
import { DEFAULT_OFFER_RULES } from '../../shared/pricing/offer-rules.ts';
import { FLAG } from '../../shared/pricing/flags.ts';
import { bill, line } from './bill-builder.ts';

const tables = loadPricingTables();
const ctx = { tables, rules: DEFAULT_OFFER_RULES };
const lineCodes = (b: ReturnType<typeof bill>) => priceBill(b, ctx).lines.map((l) => l.flags.map((f) => f.code));

describe('audit flags', () => {
  it('flags the repeat of a line (same code, date, modifiers, units, charge) for review', () => {
    const priced = priceBill(bill({ lines: [line({ code: '99213' }), line({ code: '99213' })] }), ctx);
    expect(priced.lines[0]!.flags.map((f) => f.code)).not.toContain(FLAG.duplicateLine);
    const dup = priced.lines[1]!.flags.find((f) => f.code === FLAG.duplicateLine);
    expect(dup?.severity).toBe('review');
    expect(dup?.message).toMatch(/Line 2 repeats line 1/);
  });

  it('does not call different dates duplicates', () => {
    const flags = lineCodes(bill({ lines: [line({ code: '99213' }), line({ code: '99213', serviceDate: '2025-03-11' })] }));
    expect(flags.flat()).not.toContain(FLAG.duplicateLine);
  });

  it('flags totals that do not add up on the bill', () => {
    const b = bill({ lines: [line({ code: '99213', chargeCents: 10000 }), line({ code: '71046', chargeCents: 5000 })] });
    const priced = priceBill({ ...b, totalChargeCents: 16000 }, ctx);
    expect(priced.flags.find((f) => f.code === FLAG.totalsMismatch)?.message).toMatch(/\$150\.00.*\$160\.00/);
    expect(priceBill(b, ctx).flags).toEqual([]);
  });

  it('flags charges above 3x the benchmark', () => {
    // 99213 Manhattan $101.06: $303.19 is above 3x, $303.18 is not
    expect(lineCodes(bill({ lines: [line({ code: '99213', placeOfService: '11', chargeCents: 30319 })] }))[0]).toContain(FLAG.chargeAboveBenchmark);
    expect(lineCodes(bill({ lines: [line({ code: '99213', placeOfService: '11', chargeCents: 30318 })] }))[0]).not.toContain(FLAG.chargeAboveBenchmark);
  });

  it('flags units above the MUE (99213: 2 per day, date-of-service edit) across lines of the day', () => {
    expect(lineCodes(bill({ lines: [line({ code: '99213', units: 3 })] }))[0]).toContain(FLAG.unitsAboveMue);
    const split = lineCodes(bill({ lines: [line({ code: '99213', units: 2 }), line({ code: '99213', units: 1, chargeCents: 100 })] }));
    expect(split[0]).not.toContain(FLAG.unitsAboveMue);
    expect(split[1]).toContain(FLAG.unitsAboveMue);
    expect(lineCodes(bill({ lines: [line({ code: '99213', units: 2 })] }))[0]).not.toContain(FLAG.unitsAboveMue);
  });

  it('flags service dates outside the statement period', () => {
    const b = bill({ statementFrom: '2025-03-01', statementTo: '2025-03-05', lines: [line({ code: '99213', serviceDate: '2025-03-10' }), line({ code: '71046', serviceDate: '2025-03-02' })] });
    const flags = lineCodes(b);
    expect(flags[0]).toContain(FLAG.dateOutsideStatement);
    expect(flags[1]).not.toContain(FLAG.dateOutsideStatement);
  });

  it('totals add the lines; lines without an offer are counted as unpriced', () => {
    const priced = priceBill(bill({ lines: [line({ code: '99213', placeOfService: '11', chargeCents: 30000 }), line({ code: '99999', chargeCents: 1000 })] }), {
      tables,
      rules: { ...DEFAULT_OFFER_RULES, clients: { default: { ...DEFAULT_OFFER_RULES.clients.default!, noBenchmark: { action: 'manual' } } } },
    });
    expect(priced.totals).toEqual({ chargeCents: 31000, benchmarkCents: 10106, offerCents: 14148, unpricedLines: 1 });
  });
});
