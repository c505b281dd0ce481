// MPFS amounts worked by hand from PPRRVU2025_Oct.csv and GPCI2025.csv (CF 32.3465).
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceService } from '../../shared/pricing/price-service.ts';
import { FLAG } from '../../shared/pricing/flags.ts';

const tables = loadPricingTables();
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe('MPFS spot checks (CY2025)', () => {
  it('99213 national non-facility: (1.30 + 1.35 + 0.10) x 32.3465 = $88.95', () => {
    const p = priceService({ code: '99213', placeOfService: '11', date: '2025-06-01' }, tables);
    expect(p.benchmarkCents).toBe(8895);
    expect(p.method).toBe('MPFS');
    expect(p.facility).toBe(false);
    expect(p.year).toBe(2025);
    expect(p.locality).toBeNull();
    expect(p.localityAssumed).toBe(true);
    expect(codes(p.flags)).toContain(FLAG.localityAssumed);
    expect(p.formula).toMatchObject({ workRvu: 1.3, peRvu: 1.35, mpRvu: 0.1, workGpci: 1, conversionFactor: 32.3465, status: 'A' });
  });

  it('99213 national facility (POS 22): (1.30 + 0.57 + 0.10) x 32.3465 = $63.72', () => {
    const p = priceService({ code: '99213', placeOfService: '22', date: '2025-06-01' }, tables);
    expect(p.benchmarkCents).toBe(6372);
    expect(p.facility).toBe(true);
    expect(p.formula.peSetting).toBe('facility');
  });

  it('99213 in Manhattan (ZIP 10001 -> 13202-01): (1.30x1.065 + 1.35x1.166 + 0.10x1.656) x CF = $101.06', () => {
    const p = priceService({ code: '99213', zip: '10001', placeOfService: '11', date: '2025-06-01' }, tables);
    expect(p.benchmarkCents).toBe(10106);
    expect(p.locality).toEqual({ carrier: '13202', locality: '01', name: 'MANHATTAN' });
    expect(p.localityAssumed).toBe(false);
    expect(p.formula).toMatchObject({ workGpci: 1.065, peGpci: 1.166, mpGpci: 1.656 });
    expect(priceService({ code: '99213', locality: '13202-01', placeOfService: '11', date: '2025-06-01' }, tables).benchmarkCents).toBe(10106);
  });

  it('every facility POS in the CMS list takes the facility PE, and office/home/telehealth-at-home do not', () => {
    for (const pos of ['02', '19', '21', '22', '23', '24', '26', '31', '34', '41', '42', '51', '52', '53', '56', '61']) {
      expect(priceService({ code: '99213', placeOfService: pos }, tables).facility).toBe(true);
    }
    for (const pos of ['11', '12', '10', '20', '32', '49', '81']) {
      expect(priceService({ code: '99213', placeOfService: pos }, tables).facility).toBe(false);
    }
  });

  it('units multiply the rounded fee', () => {
    expect(priceService({ code: '99213', units: 3, placeOfService: '11' }, tables).benchmarkCents).toBe(3 * 8895);
  });

  it('non-participating (95%) and limiting charge (109.25%) are in the formula', () => {
    const p = priceService({ code: '99213', placeOfService: '11' }, tables);
    expect(p.formula.nonParticipatingCents).toBe(8450); // 88.95 x 0.95 = 84.5025
    expect(p.formula.limitingChargeCents).toBe(9718); // 88.95 x 1.0925 = 97.177875
  });
});

describe('MPFS status codes', () => {
  it('a lab code (status X, not on the CLFS either) gets no invented amount', () => {
    const p = priceService({ code: 'A0425', zip: '10001' }, tables);
    expect(p.benchmarkCents).toBeNull();
    expect(p.method).toBe('NONE');
    expect(p.flags.find((f) => f.code === FLAG.notPayable)?.message).toMatch(/status X/);
  });

  it('status I (not valid for Medicare) says so', () => {
    const p = priceService({ code: '0001F' }, tables);
    expect(p.benchmarkCents).toBeNull();
    expect(p.flags.find((f) => f.code === FLAG.notPayable)?.message).toMatch(/status I/);
  });

  it('a bundled code (status B) is a real $0 with a flag', () => {
    const p = priceService({ code: '36000' }, tables);
    expect(p.formula.status).toBe('B');
    expect(p.benchmarkCents).toBe(0);
    expect(codes(p.flags)).toContain(FLAG.bundled);
  });

  it('a code that is not on the schedule is flagged, not zero', () => {
    const p = priceService({ code: '99999' }, tables);
    expect(p.benchmarkCents).toBeNull();
    expect(codes(p.flags)).toContain(FLAG.codeNotFound);
  });
});

describe('locality', () => {
  it('90210 -> carrier 01182 locality 18 (Los Angeles)', () => {
    const p = priceService({ code: '99213', zip: '90210' }, tables);
    expect(p.locality).toMatchObject({ carrier: '01182', locality: '18' });
  });

  it('a ZIP that is not in the crosswalk prices on the national basis, flagged', () => {
    const p = priceService({ code: '99213', zip: '00000', placeOfService: '11' }, tables);
    expect(p.benchmarkCents).toBe(8895);
    expect(p.localityAssumed).toBe(true);
    expect(codes(p.flags)).toEqual(expect.arrayContaining([FLAG.zipNotFound, FLAG.localityAssumed]));
  });

  it('an unknown carrier-locality prices nationally and says so', () => {
    const p = priceService({ code: '99213', locality: '99999-99', placeOfService: '11' }, tables);
    expect(p.benchmarkCents).toBe(8895);
    expect(codes(p.flags)).toContain(FLAG.localityNotInYear);
  });
});

describe('date of service picks the year', () => {
  it('a 2006 claim gets the 2025 benchmark, marked as such', () => {
    const p = priceService({ code: '99213', zip: '10001', date: '2006-03-01', placeOfService: '11' }, tables);
    expect(p.year).toBe(2025);
    expect(p.requestedYear).toBe(2006);
    expect(p.benchmarkCents).toBe(10106);
    expect(p.flags.find((f) => f.code === FLAG.yearSubstituted)?.message).toMatch(/2006.*2025/);
  });

  it('a 2026 date has no 2026 RVUs on hand: it prices on 2025, flagged', () => {
    const p = priceService({ code: '99213', date: '2026-02-01', placeOfService: '11' }, tables);
    expect(p.year).toBe(2025);
    expect(codes(p.flags)).toContain(FLAG.yearSubstituted);
  });

  it('a 2025 date is not flagged for its year', () => {
    const p = priceService({ code: '99213', date: '2025-12-31', placeOfService: '11' }, tables);
    expect(codes(p.flags)).not.toContain(FLAG.yearSubstituted);
  });
});
