// Cross-check against amounts CMS published and Parley did not compute: OPPSCAP_Oct.csv (RVU25D) lists, per carrier
// and locality, the facility and non-facility MPFS amounts of the imaging-capped codes after the OPPS cap. The
// engine computes each from RVUs, GPCIs and the CF; every one must match to the cent.
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceService } from '../../shared/pricing/price-service.ts';

const tables = loadPricingTables();
const cap = tables.oppsCap(2025)!;
const gpci = tables.gpci(2025)!;

// OPPSCAP repeats the Southern California localities 17, 18 and 71-74 under carrier 01112 as well as under 01182 (the
// carrier the GPCI file and the ZIP crosswalk use); the repeated rows carry the same amounts.
function gpciKey(key: string): string {
  if (gpci.indexOf.has(key)) return key;
  const [carrier, locality] = key.split('-');
  if (carrier === '01112') return `01182-${locality}`;
  return key;
}

describe('engine vs CMS OPPSCAP (CY2025 October release)', () => {
  it('matches every published status-A amount, facility and non-facility, in every locality', () => {
    let compared = 0;
    const mismatches: string[] = [];
    cap.file.keys.forEach((key, k) => {
      if (cap.file.status[k] !== 'A') return;
      const [code, mod] = key.split('-');
      for (const [locality, [facilityCents, nonFacilityCents]] of cap.byKey.get(key)!) {
        for (const [pos, want] of [
          ['11', nonFacilityCents],
          ['22', facilityCents],
        ] as const) {
          const p = priceService({ code: code!, modifiers: mod ? [mod] : [], locality: gpciKey(locality), placeOfService: pos, date: '2025-10-01' }, tables);
          compared++;
          if (p.benchmarkCents !== want) mismatches.push(`${key} ${locality} POS ${pos}: CMS ${want}, Parley ${p.benchmarkCents}`);
        }
      }
    });
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(13000);
  });

  it('includes localities where the cap binds and where it does not', () => {
    const bound = priceService({ code: '71275', locality: '10112-00', placeOfService: '11' }, tables);
    expect(bound.formula.oppsCapApplied).toBe(true);
    expect(cap.byKey.get('71275')!.get('10112-00')).toEqual([23360, 23360]);
    const manhattan = priceService({ code: '71275', modifiers: ['TC'], locality: '13202-01', placeOfService: '11' }, tables);
    expect(manhattan.benchmarkCents).toBe(cap.byKey.get('71275-TC')!.get('13202-01')![1]);
  });
});
