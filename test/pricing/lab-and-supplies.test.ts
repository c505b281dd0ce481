// Lab (CLFS 2026 Q1) and DMEPOS (January 2026) lines on professional claims.
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceService } from '../../shared/pricing/price-service.ts';
import { FLAG } from '../../shared/pricing/flags.ts';

const tables = loadPricingTables();
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe('CLFS', () => {
  it.each([
    ['80053', 1056],
    ['85025', 777],
    ['36415', 934],
  ])('%s pays the national limitation amount (%i cents)', (code, cents) => {
    const p = priceService({ code, date: '2026-02-01' }, tables);
    expect(p.method).toBe('CLFS');
    expect(p.benchmarkCents).toBe(cents);
    expect(p.locality).toBeNull();
    expect(codes(p.flags)).not.toContain(FLAG.localityAssumed);
  });

  it('a 2025 lab line prices on the 2026 CLFS (the only year on hand) and says so', () => {
    const p = priceService({ code: '80053', date: '2025-05-01' }, tables);
    expect(p.year).toBe(2026);
    expect(codes(p.flags)).toContain(FLAG.yearSubstituted);
  });
});

describe('DMEPOS', () => {
  it('E0114-NU in New York (non-rural): $62.68', () => {
    const p = priceService({ code: 'E0114', modifiers: ['NU'], zip: '10001', date: '2026-01-15' }, tables);
    expect(p).toMatchObject({ method: 'DMEPOS', benchmarkCents: 6268 });
    expect(p.formula).toMatchObject({ state: 'NY', rateKind: 'non-rural', modifier: 'NU' });
  });

  it('E0601-RR in a rural Montana ZIP (59701) takes the rural rate: $86.69', () => {
    const p = priceService({ code: 'E0601', modifiers: ['RR'], zip: '59701', date: '2026-01-15' }, tables);
    expect(p).toMatchObject({ method: 'DMEPOS', benchmarkCents: 8669 });
    expect(p.formula.rateKind).toBe('rural');
  });

  it('carries the HCPCS Level II short description, and never a CPT description', () => {
    expect(priceService({ code: 'E0114', modifiers: ['NU'], zip: '10001' }, tables).description).toBe('Crutch underarm pair no wood');
    expect(priceService({ code: '99213' }, tables).description).toBeNull();
  });

  it('without the modifier that picks the rate (NU/RR/UE), it asks for review', () => {
    const p = priceService({ code: 'E0114', zip: '10001' }, tables);
    expect(p.benchmarkCents).toBeNull();
    expect(codes(p.flags)).toContain(FLAG.modifierReview);
  });

  it('without a state it cannot pick a rate and says so', () => {
    const p = priceService({ code: 'E0114', modifiers: ['NU'] }, tables);
    expect(p.benchmarkCents).toBeNull();
    expect(codes(p.flags)).toContain(FLAG.manualPricing);
  });
});
