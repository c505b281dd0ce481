// Derives GPCIs by carrier and locality from an Addendum E / GPCIyyyy csv, finding columns by header name.
import { ColumnMap } from './header-columns.ts';
import { parseDelimited } from './delimited-text.ts';
import { parseScaled } from './decimal.ts';
import type { GpciFile, SourceFile } from '../../shared/pricing/table-format.ts';

export function deriveGpci(text: string, source: SourceFile, year: number, release: string): GpciFile {
  const rows = parseDelimited(text);
  const headerAt = rows.findIndex((r) => r.some((c) => /LOCALITY\s*NAME/i.test(c)) && r.some((c) => /PE GPCI/i.test(c)));
  if (headerAt < 0) throw new Error(`${source.file}: no header row with "Locality Name" and "PE GPCI"`);
  const cols = new ColumnMap(source.file, rows[headerAt]!.map((s) => s.trim()));
  const c = {
    carrier: cols.match(/Medicare Administrative Contractor|Contractor|Carrier/i),
    state: cols.index('State'),
    locality: cols.index('Locality Number', 'Locality'),
    name: cols.index('Locality Name'),
    work: cols.match(/PW GPCI|Work GPCI/i),
    pe: cols.match(/PE GPCI/i),
    mp: cols.match(/MP GPCI/i),
  };
  const out: GpciFile = {
    meta: {
      table: 'gpci',
      year,
      release,
      released: null,
      sources: [source],
      notes: [`Work GPCI column: "${cols.names[c.work]}".`],
    },
    carrier: [],
    locality: [],
    state: [],
    name: [],
    work: [],
    pe: [],
    mp: [],
  };
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const carrier = (r[c.carrier] ?? '').trim();
    if (!/^\d{4,5}$/.test(carrier)) continue;
    const where = `${source.file} row ${i + 1}`;
    out.carrier.push(carrier.padStart(5, '0'));
    out.locality.push((r[c.locality] ?? '').trim().padStart(2, '0'));
    out.state.push((r[c.state] ?? '').trim());
    out.name.push((r[c.name] ?? '').trim().replace(/\*+$/, ''));
    out.work.push(parseScaled(r[c.work], 3, where)!);
    out.pe.push(parseScaled(r[c.pe], 3, where)!);
    out.mp.push(parseScaled(r[c.mp], 3, where)!);
  }
  return out;
}
