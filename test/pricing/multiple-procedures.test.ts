// Same-day reductions on a professional bill, worked by hand from PPRRVU2025_Oct.csv (national, non-facility).
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceBill } from '../../shared/pricing/price-bill.ts';
import { DEFAULT_OFFER_RULES } from '../../shared/pricing/offer-rules.ts';
import { FLAG } from '../../shared/pricing/flags.ts';
import { bill, line, provider } from './bill-builder.ts';

const tables = loadPricingTables();
const ctx = { tables, rules: DEFAULT_OFFER_RULES };
const national = (lines: ReturnType<typeof line>[]) => bill({ providers: [provider('billing', null)], lines });
const benchmarks = (b: ReturnType<typeof bill>) => priceBill(b, ctx).lines.map((l) => l.benchmarkCents);

describe('multiple surgery (indicator 2)', () => {
  it('ranks by fee: the highest at 100%, the next at 50%, whatever the line order', () => {
    // 11042 (3.87 RVU) = $125.18; 12001 (2.82) = $91.22 -> second at 50% = $45.61
    expect(benchmarks(national([line({ code: '12001', placeOfService: '11' }), line({ code: '11042', placeOfService: '11' })]))).toEqual([4561, 12518]);
    const priced = priceBill(national([line({ code: '11042', placeOfService: '11' }), line({ code: '12001', placeOfService: '11' })]), ctx);
    expect(priced.lines.map((l) => l.benchmarkCents)).toEqual([12518, 4561]);
    expect(priced.lines[1]!.flags.map((f) => f.code)).toContain(FLAG.multipleProcedure);
    expect(priced.lines[1]!.formula.beforeMultipleProcedureCents).toBe(9122);
  });

  it('different days are not reduced', () => {
    expect(
      benchmarks(national([line({ code: '11042', placeOfService: '11' }), line({ code: '12001', placeOfService: '11', serviceDate: '2025-03-11' })])),
    ).toEqual([12518, 9122]);
  });

  it('two units of one surgery: the second unit at 50%', () => {
    // 12001 x 2: 91.22 + 45.61
    expect(benchmarks(national([line({ code: '12001', placeOfService: '11', units: 2 })]))).toEqual([13683]);
  });

  it('bilateral is applied before ranking', () => {
    // 11042-50 stays 100% (indicator 0) = 125.18; 12001 ranks second: 45.61
    expect(benchmarks(national([line({ code: '12001', placeOfService: '11' }), line({ code: '11042', modifiers: ['50'], placeOfService: '11' })]))).toEqual([
      4561, 12518,
    ]);
  });
});

describe('endoscopy family (indicator 3)', () => {
  it('43248 and 43239 share base 43235: the second pays its fee minus the base; then the family ranks with 11042', () => {
    // 43248 = 393.01 (full); 43239 = 357.11 - 276.24 (base 43235) = 80.87; family 473.88 > 11042 125.18 -> 62.59
    expect(
      benchmarks(national([line({ code: '43239', placeOfService: '11' }), line({ code: '43248', placeOfService: '11' }), line({ code: '11042', placeOfService: '11' })])),
    ).toEqual([8087, 39301, 6259]);
  });
});

describe('diagnostic imaging (indicator 4)', () => {
  it('the lower-ranked study loses 50% of its TC and 5% of its PC', () => {
    // 71250: TC 81.84 ranks first (full 131.00). 70450: TC 66.31 -> pays 33.16 (cut 33.15); PC 38.82 -> pays 36.88 (cut 1.94)
    // 70450 = 105.13 - 33.15 - 1.94 = 70.04
    expect(benchmarks(national([line({ code: '70450', placeOfService: '11' }), line({ code: '71250', placeOfService: '11' })]))).toEqual([7004, 13100]);
  });
});

describe('therapy (indicator 5)', () => {
  it('the highest PE unit is paid in full; every further unit loses 50% of its PE', () => {
    // 97110 = 28.79 (PE 13.91), 97140 = 27.17 (PE 12.94). 97110 unit 2: PE pays 6.96 (cut 6.95); 97140: PE pays 6.47 (cut 6.47)
    expect(benchmarks(national([line({ code: '97110', units: 2, placeOfService: '11' }), line({ code: '97140', placeOfService: '11' })]))).toEqual([
      2 * 2879 - 695,
      2717 - 647,
    ]);
  });
});

describe('status T injections', () => {
  it('are bundled when another fee-schedule service is billed the same day', () => {
    const priced = priceBill(national([line({ code: '99213', placeOfService: '11' }), line({ code: '36591', placeOfService: '11' })]), ctx);
    expect(priced.lines[1]!.benchmarkCents).toBe(0);
    expect(priced.lines[1]!.flags.map((f) => f.code)).toContain(FLAG.bundled);
  });

  it('are paid alone', () => {
    // 36591: (0.00 + 0.82 + 0.01) x CF = 26.847... -> $26.85
    expect(benchmarks(national([line({ code: '36591', placeOfService: '11' })]))).toEqual([2685]);
  });
});
