// Derives anesthesia pricing inputs: locality-adjusted anesthesia CFs (ANESyyyy.csv) and base units by code
// (CMS's CY2022 anesthesia base units workbook, still the current list).
import { ColumnMap } from './header-columns.ts';
import { parseDelimited } from './delimited-text.ts';
import { parseScaled } from './decimal.ts';
import { text, type Cell } from './workbook.ts';
import type { AnesthesiaFile, GpciFile, SourceFile } from '../../shared/pricing/table-format.ts';

export function deriveAnesthesia(
  cfText: string,
  cfSource: SourceFile,
  baseRows: Cell[][],
  baseSource: SourceFile,
  year: number,
): AnesthesiaFile {
  const rows = parseDelimited(cfText);
  const headerAt = rows.findIndex((r) => r.some((c) => /Locality Name/i.test(c)));
  if (headerAt < 0) throw new Error(`${cfSource.file}: no "Locality Name" header`);
  const names = rows[headerAt]!.map((s) => s.trim());
  const cols = new ColumnMap(cfSource.file, names);
  const cfCol = cols.match(/Anes CF/i);
  const national = /CF of ([\d.]+)/i.exec(names[cfCol]!)?.[1];
  if (!national) throw new Error(`${cfSource.file}: the CF column header does not name the national CF`);
  const c = { carrier: cols.match(/Contractor|Carrier/i), locality: cols.index('Locality') };
  const out: AnesthesiaFile = {
    meta: {
      table: 'anesthesia',
      year,
      release: `ANES${year} (locality-adjusted anesthesia CFs)`,
      released: null,
      sources: [cfSource, baseSource],
      notes: ['Base units from the CY2022 anesthesia base units file (the list CMS still points to).'],
    },
    nationalCf: parseScaled(national, 4, cfSource.file)!,
    carrier: [],
    locality: [],
    cf: [],
    baseUnits: {},
    derivedLocalityCfs: false,
  };
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const carrier = (r[c.carrier] ?? '').trim();
    if (!/^\d{4,5}$/.test(carrier)) continue;
    out.carrier.push(carrier.padStart(5, '0'));
    out.locality.push((r[c.locality] ?? '').trim().padStart(2, '0'));
    out.cf.push(parseScaled(r[cfCol], 4, `${cfSource.file} row ${i + 1}`)!);
  }
  const baseHeader = baseRows.findIndex((r) => r.some((cell) => /^CODE$/i.test(text(cell))));
  if (baseHeader < 0) throw new Error(`${baseSource.file}: no CODE header`);
  const codeCol = baseRows[baseHeader]!.findIndex((cell) => /^CODE$/i.test(text(cell)));
  // The units column's header is stacked over three rows ("2022" / "BASE" / "UNIT"): find it by the word BASE below.
  const unitCol = baseRows
    .slice(baseHeader, baseHeader + 3)
    .map((r) => r.findIndex((cell) => /^BASE$/i.test(text(cell))))
    .find((i) => i >= 0);
  if (unitCol === undefined) throw new Error(`${baseSource.file}: no BASE UNIT column`);
  for (const r of baseRows.slice(baseHeader + 1)) {
    const code = text(r[codeCol]).padStart(5, '0');
    const units = Number(text(r[unitCol]));
    if (/^\d{5}$/.test(code) && Number.isFinite(units) && text(r[unitCol]) !== '') out.baseUnits[code] = units;
  }
  return out;
}

/** Compares two publications of the locality anesthesia CFs (csv and tab-separated); returns the disagreements. */
export function crossCheckAnesthesia(csvText: string, tsvText: string): string[] {
  const read = (rows: string[][]) => {
    const at = rows.findIndex((r) => r.some((c) => /Locality Name/i.test(c)));
    const names = rows[at]!.map((s) => s.trim());
    const cols = new ColumnMap('anesthesia', names);
    const cf = cols.match(/Anes CF/i);
    const carrier = cols.match(/Contractor|Carrier/i);
    const locality = cols.index('Locality');
    const out = new Map<string, number>();
    for (const r of rows.slice(at + 1)) {
      const c = (r[carrier] ?? '').trim();
      if (!/^\d{4,5}$/.test(c)) continue;
      out.set(`${c.padStart(5, '0')}-${(r[locality] ?? '').trim().padStart(2, '0')}`, parseScaled(r[cf], 4, 'anesthesia')!);
    }
    return out;
  };
  const a = read(parseDelimited(csvText));
  const b = read(parseDelimited(tsvText, '\t'));
  const problems: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) problems.push(`${k}: ${v} vs ${b.get(k)}`);
  if (a.size !== b.size) problems.push(`${a.size} vs ${b.size} localities`);
  return problems;
}

/**
 * Locality anesthesia CFs for a year CMS's file is not on hand for: national CF x (work share x work GPCI + PE share x
 * PE GPCI + MP share x MP GPCI). The shares are recovered from the previous year (every published locality CF must
 * come out to the cent); if more than one set of shares fits, all must give the same CFs for the new year.
 */
export function deriveAnesthesiaForYear(
  previous: AnesthesiaFile,
  previousGpci: GpciFile,
  gpci: GpciFile,
  nationalCf: number,
  year: number,
  cfSource: string,
): AnesthesiaFile {
  const key = (c: string, l: string) => `${c}-${l}`;
  const prevIndex = new Map(previousGpci.carrier.map((c, i) => [key(c, previousGpci.locality[i]!), i] as const));
  const rows = previous.carrier.map((c, i) => {
    const g = prevIndex.get(key(c, previous.locality[i]!));
    if (g === undefined) throw new Error(`anesthesia locality ${c}-${previous.locality[i]} is not in the ${previousGpci.meta.year} GPCI`);
    return { w: previousGpci.work[g]!, p: previousGpci.pe[g]!, m: previousGpci.mp[g]!, cents: Math.round(previous.cf[i]! / 100) };
  });
  // CF (1e-4 $) x share (1e-4) x GPCI (1e-3) = 1e-11 dollars = 1e-9 cents.
  const cents = (cf: number, w: number, p: number, m: number, gw: number, gp: number, gm: number) =>
    Math.floor((cf * (w * gw + p * gp + m * gm) + 500_000_000) / 1_000_000_000);
  const fits: [number, number, number][] = [];
  for (let w = 6000; w <= 9500; w++) {
    for (let p = 0; p <= 10000 - w; p++) {
      const m = 10000 - w - p;
      let ok = true;
      for (const r of rows) {
        if (cents(previous.nationalCf, w, p, m, r.w, r.p, r.m) !== r.cents) {
          ok = false;
          break;
        }
      }
      if (ok) fits.push([w, p, m]);
    }
  }
  if (fits.length === 0) throw new Error(`no anesthesia shares reproduce the ${previous.meta.year} locality CFs`);
  const out: AnesthesiaFile = {
    meta: {
      table: 'anesthesia',
      year,
      release: `CY${year} anesthesia CFs derived from the CY${year} GPCIs`,
      released: null,
      sources: [...gpci.meta.sources, ...previous.meta.sources],
      notes: [
        `CMS's CY${year} locality anesthesia CF file is not on hand. National CF ${nationalCf / 10000} (${cfSource}) x shares ` +
          `${fits.map(([w, p, m]) => `work ${w / 100}% / PE ${p / 100}% / MP ${m / 100}%`).join(' or ')}, ` +
          `the shares that reproduce all ${rows.length} published CY${previous.meta.year} locality CFs to the cent.`,
      ],
    },
    nationalCf,
    carrier: [],
    locality: [],
    cf: [],
    baseUnits: previous.baseUnits,
    derivedLocalityCfs: true,
  };
  for (let i = 0; i < gpci.carrier.length; i++) {
    const values = new Set(fits.map(([w, p, m]) => cents(nationalCf, w, p, m, gpci.work[i]!, gpci.pe[i]!, gpci.mp[i]!)));
    if (values.size !== 1) throw new Error(`anesthesia shares disagree for ${gpci.carrier[i]}-${gpci.locality[i]} in ${year}: ${[...values].join(', ')}`);
    out.carrier.push(gpci.carrier[i]!);
    out.locality.push(gpci.locality[i]!);
    out.cf.push([...values][0]! * 100);
  }
  return out;
}
