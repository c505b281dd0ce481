// MPFS modifiers per the RVU file's indicators, worked from PPRRVU2025_Oct.csv (CF 32.3465, national GPCIs).
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceService } from '../../shared/pricing/price-service.ts';
import { FLAG } from '../../shared/pricing/flags.ts';

const tables = loadPricingTables();
const price = (code: string, modifiers: string[], placeOfService = '21') => priceService({ code, modifiers, placeOfService, date: '2025-05-05' }, tables);
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

// 27447 facility: (19.60 + 15.30 + 3.98) x 32.3465 = 1,257.632... -> $1,257.63
const TKA = 125763;

describe('PC/TC (26, TC)', () => {
  it('71046-26 and -TC use their own RVU rows (PC/TC indicator 1)', () => {
    expect(price('71046', ['26'], '11').benchmarkCents).toBe(1003); // 0.31 x CF = 10.0274
    expect(price('71046', ['TC'], '11').benchmarkCents).toBe(2264); // 0.70 x CF = 22.64255
    expect(price('71046', [], '11').benchmarkCents).toBe(3267); // 1.01 x CF = 32.669965
  });

  it('26 on a physician service (PC/TC indicator 0) is invalid: flagged for review, global amount kept', () => {
    const p = price('99213', ['26'], '11');
    expect(p.benchmarkCents).toBe(8895);
    const f = p.flags.find((x) => x.code === FLAG.modifierInvalid);
    expect(f?.severity).toBe('review');
    expect(f?.message).toMatch(/PC\/TC indicator 0/);
  });
});

describe('bilateral (50)', () => {
  it('indicator 1 pays 150%: 1,257.63 x 1.5 = 1,886.445 -> $1,886.45', () => {
    const p = price('27447', ['50']);
    expect(p.formula.bilateralIndicator).toBe('1');
    expect(p.benchmarkCents).toBe(188645);
  });

  it('indicator 0 keeps 100%', () => {
    // 11042 bilateral indicator 0: facility (1.01 + 0.68 + 0.13) x CF = 58.870... -> $58.87
    const p = price('11042', ['50']);
    expect(p.formula.bilateralIndicator).toBe('0');
    expect(p.benchmarkCents).toBe(5887);
  });
});

describe('assistants and co-surgeons', () => {
  it('80 pays 16% where the assistant indicator is 2: 1,257.63 x 16% = $201.22', () => {
    expect(price('27447', ['80']).formula.assistantIndicator).toBe('2');
    expect(price('27447', ['80']).benchmarkCents).toBe(20122);
  });

  it('AS (non-physician assistant) pays 13.6%: 1,257.63 x 13.6% = $171.04', () => {
    expect(price('27447', ['AS']).benchmarkCents).toBe(17104);
  });

  it('an assistant where the indicator is 1 (statutory restriction) is not paid', () => {
    // 0446T assistant indicator 1
    const p = price('0446T', ['80']);
    expect(p.formula.assistantIndicator).toBe('1');
    expect(p.benchmarkCents).toBe(0);
    expect(codes(p.flags)).toContain(FLAG.notPayable);
  });

  it('62 pays each co-surgeon 62.5%; indicator 1 needs documentation (flagged)', () => {
    const p = price('27447', ['62']);
    expect(p.formula.coSurgeonIndicator).toBe('1');
    expect(p.benchmarkCents).toBe(78602); // 1,257.63 x 0.625 = 786.01875
    expect(codes(p.flags)).toContain(FLAG.modifierReview);
  });

  it('62 where co-surgeons are not permitted (indicator 0) pays nothing, flagged', () => {
    const p = price('99213', ['62'], '11');
    expect(p.benchmarkCents).toBe(0);
    expect(codes(p.flags)).toContain(FLAG.notPayable);
  });

  it('informational modifiers (59, XS, RT, LT, 25) change no price', () => {
    expect(price('27447', ['59', 'XS', 'RT']).benchmarkCents).toBe(TKA);
    expect(price('99213', ['25'], '11').benchmarkCents).toBe(8895);
  });
});

describe('OPPS imaging cap', () => {
  it('71275 in Alabama: the OPPS amount (6.13 PE) is below the MPFS amount, so it caps it', () => {
    // MPFS: (1.82 + 6.64 x 0.869 + 0.13 x 0.575) x CF = 247.93; OPPS: (1.82 + 6.13 x 0.869 + 0.13 x 0.575) x CF = 233.597
    const p = priceService({ code: '71275', locality: '10112-00', placeOfService: '11' }, tables);
    expect(p.formula.feeScheduleCents).toBe(24793);
    expect(p.formula.oppsCapCents).toBe(23360);
    expect(p.formula.oppsCapApplied).toBe(true);
    expect(p.benchmarkCents).toBe(23360);
    expect(codes(p.flags)).toContain(FLAG.oppsCapApplied);
  });

  it('a code whose OPPS amount is higher keeps its MPFS amount', () => {
    const p = priceService({ code: '74177', placeOfService: '11' }, tables);
    expect(p.formula.oppsCapApplied).toBe(false);
    expect(p.benchmarkCents).toBe(29726); // 9.19 x CF = 297.264335
  });

  it('a contractor-priced code with a published cap says the cap, and invents no amount', () => {
    const p = priceService({ code: '0633T', modifiers: ['TC'], locality: '01112-05', placeOfService: '11' }, tables);
    expect(p.benchmarkCents).toBeNull();
    expect(p.formula.oppsCapCents).toBe(15069);
    expect(p.flags.find((f) => f.code === FLAG.contractorPriced)?.message).toMatch(/\$150\.69/);
  });
});
