// The bulk pricer gives exactly priceService's amounts (it is the benchmark's hot path, so it must not drift).
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceService } from '../../shared/pricing/price-service.ts';
import { MpfsBulkPricer } from '../../shared/pricing/mpfs-bulk.ts';

const tables = loadPricingTables();
const bulk = new MpfsBulkPricer(tables, 2025);
const mpfs = tables.mpfs(2025)!;
const localities = ['13202-01', '10112-00', '01182-18', '02102-01', '99999-99', null];

describe('MpfsBulkPricer', () => {
  it('agrees with priceService on every code of the 2025 file, in six localities, both settings', () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (let r = 0; r < mpfs.file.code.length; r++) {
      const code = mpfs.file.code[r]!;
      const mod = mpfs.file.mod[r]!;
      if (mod && mod !== '26' && mod !== 'TC') continue;
      // Spread the work: every code, but the localities rotate so the test stays fast.
      const loc = localities[r % localities.length]!;
      for (const facility of [false, true]) {
        const service = priceService({ code, modifiers: mod ? [mod] : [], placeOfService: facility ? '22' : '11', date: '2025-06-01', ...(loc ? { locality: loc } : {}) }, tables);
        const row = bulk.row(code, mod || null);
        const fast = bulk.cents(row, facility, bulk.localityIndex(loc), 1);
        const want = service.method === 'MPFS' && (service.formula.status === 'A' || service.formula.status === 'T' || service.formula.status === 'R') ? service.benchmarkCents : -1;
        compared++;
        if (fast !== want) mismatches.push(`${code}${mod ? `-${mod}` : ''} ${loc} ${facility}: ${fast} vs ${want}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(30000);
  });

  it('multiplies units and refuses what the MPFS does not pay', () => {
    const row = bulk.row('99213');
    expect(bulk.cents(row, false, bulk.localityIndex('13202-01'), 2)).toBe(20212);
    expect(bulk.cents(bulk.row('A0425'), false, bulk.nationalIndex, 1)).toBe(-1);
    expect(bulk.cents(bulk.row('99999'), false, bulk.nationalIndex, 1)).toBe(-1);
  });
});
