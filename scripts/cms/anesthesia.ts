// Derives anesthesia pricing inputs: locality-adjusted anesthesia CFs (ANESyyyy.csv) and base units by code
// (CMS's CY2022 anesthesia base units workbook, still the current list).
import { ColumnMap } from './header-columns.ts';
import { parseDelimited } from './delimited-text.ts';
import { parseScaled } from './decimal.ts';
import { text, type Cell } from './workbook.ts';
import type { AnesthesiaFile, SourceFile } from '../../shared/pricing/table-format.ts';

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
