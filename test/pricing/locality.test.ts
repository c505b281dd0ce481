// Locality resolution against a year's GPCI table, including a crosswalk locality the year does not list (built here
// as small in-memory tables: the real 2025/2026 files have no such ZIP today).
import { describe, expect, it } from 'vitest';
import { PricingTables } from '../../shared/pricing/pricing-tables.ts';
import { localityFromZip, localityFromKey } from '../../shared/pricing/locality.ts';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { FLAG } from '../../shared/pricing/flags.ts';
import type { GpciFile, Manifest, TableMeta, ZipLocalityFile } from '../../shared/pricing/table-format.ts';

const meta = (table: TableMeta['table'], year: number): TableMeta => ({ table, year, release: `test ${table}`, released: null, sources: [], notes: [] });

function smallTables(): PricingTables {
  const gpci: GpciFile = { meta: meta('gpci', 2025), carrier: ['13202'], locality: ['01'], state: ['NY'], name: ['MANHATTAN'], work: [1065], pe: [1166], mp: [1656] };
  const zip: ZipLocalityFile = {
    meta: meta('zip-locality', 2026),
    groups: [
      ['NY', '13202', '01', '', 0],
      ['NY', '13202', '99', '', 0],
      ['MA', '14212', '01', 'R', 1],
    ],
    zipDelta: [10001, 1, 1],
    group: [0, 1, 2],
  };
  const files: Record<string, unknown> = { '2025/gpci': gpci, '2026/zip-locality': zip };
  const manifest: Manifest = { years: { '2025': { gpci: { file: 'gpci.json', meta: gpci.meta } }, '2026': { 'zip-locality': { file: 'zip-locality.json', meta: zip.meta } } } };
  return new PricingTables({ manifest, description: 'test', read: (year, table) => files[`${year}/${table}`] });
}

describe('locality from a ZIP', () => {
  const tables = smallTables();

  it('resolves a listed ZIP to its carrier-locality and keeps state and rural facts', () => {
    const loc = localityFromZip(tables, '10001', 2025);
    expect(loc).toMatchObject({ key: '13202-01', assumed: false, source: 'zip', state: 'NY', zip: '10001' });
    expect(loc.locality).toEqual({ carrier: '13202', locality: '01', name: 'MANHATTAN' });
  });

  it('reads ZIP+4 by its first five digits', () => {
    expect(localityFromZip(tables, '10001-1234', 2025).key).toBe('13202-01');
    expect(localityFromZip(tables, '100011234', 2025).key).toBe('13202-01');
  });

  it('says so when the crosswalk locality is missing from the year GPCI, and prices nationally', () => {
    const loc = localityFromZip(tables, '10002', 2025);
    expect(loc.assumed).toBe(true);
    expect(loc.gpciIndex).toBe(-1);
    expect(loc.flags.map((f) => f.code)).toEqual([FLAG.localityNotInYear]);
    expect(loc.flags[0]!.message).toMatch(/ZIP 10002 \(NY\) maps to carrier 13202 locality 99, which the 2025 GPCI table does not list/);
  });

  it('flags a ZIP the crosswalk does not hold and text that is not a ZIP', () => {
    expect(localityFromZip(tables, '99999', 2025).flags[0]!.code).toBe(FLAG.zipNotFound);
    expect(localityFromZip(tables, 'n/a', 2025).flags[0]!.code).toBe(FLAG.zipNotFound);
  });
});

describe('locality from a carrier-locality key', () => {
  const tables = loadPricingTables();
  it('accepts 13202-01 and 1320201', () => {
    expect(localityFromKey(tables, '13202-01', 2025).locality?.name).toBe('MANHATTAN');
    expect(localityFromKey(tables, '1320201', 2025).key).toBe('13202-01');
  });

  it('every ZIP locality in the 2026 crosswalk is in the 2025 and 2026 GPCI tables', () => {
    const zip = tables.zipLocality()!;
    for (const year of [2025, 2026]) {
      const gpci = tables.gpci(year)!;
      const missing = zip.file.groups.filter(([, c, l]) => !gpci.indexOf.has(`${c}-${l}`));
      expect(missing).toEqual([]);
    }
  });
});
