// Derives CMS's OPPSCAP file: per carrier-locality facility / non-facility amounts after the OPPS imaging cap
// (for status C codes, the cap itself). Kept verbatim: it is CMS's own published figure to check against.
import { ColumnMap } from './header-columns.ts';
import { parseDelimited } from './delimited-text.ts';
import { parseScaled } from './decimal.ts';
import type { OppsCapFile, SourceFile } from '../../shared/pricing/table-format.ts';

export function deriveOppsCap(textIn: string, source: SourceFile, year: number, release: string): OppsCapFile {
  const rows = parseDelimited(textIn);
  const headerAt = rows.findIndex((r) => r.some((c) => c.trim() === 'HCPCS') && r.some((c) => /FACILITY PRICE/i.test(c)));
  if (headerAt < 0) throw new Error(`${source.file}: no header with HCPCS and FACILITY PRICE`);
  const cols = new ColumnMap(source.file, rows[headerAt]!.map((c) => c.trim()));
  const c = {
    code: cols.index('HCPCS'),
    mod: cols.index('MOD'),
    status: cols.index('PROCSTAT'),
    carrier: cols.index('CARRIER'),
    locality: cols.index('LOCALITY'),
    fac: cols.index('FACILITY PRICE'),
    nonFac: cols.index('NON-FACILITY PRICE', 'NON-FACILTY PRICE'),
  };
  const out: OppsCapFile = {
    meta: {
      table: 'opps-cap',
      year,
      release,
      released: null,
      sources: [source],
      notes: ['Status A rows: the MPFS amount after the OPPS cap. Status C rows: the OPPS-based cap a contractor price may not exceed.'],
    },
    localities: [],
    keys: [],
    status: '',
    values: [],
  };
  const locIndex = new Map<string, number>();
  const keyIndex = new Map<string, number>();
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const code = (r[c.code] ?? '').trim();
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    const where = `${source.file} row ${i + 1}`;
    const mod = (r[c.mod] ?? '').trim();
    const key = mod ? `${code}-${mod}` : code;
    const loc = `${(r[c.carrier] ?? '').trim().padStart(5, '0')}-${(r[c.locality] ?? '').trim().padStart(2, '0')}`;
    let li = locIndex.get(loc);
    if (li === undefined) {
      li = out.localities.length;
      locIndex.set(loc, li);
      out.localities.push(loc);
    }
    let ki = keyIndex.get(key);
    if (ki === undefined) {
      ki = out.keys.length;
      keyIndex.set(key, ki);
      out.keys.push(key);
      out.status += ((r[c.status] ?? '').trim() || ' ').slice(0, 1);
      out.values.push([]);
    }
    out.values[ki]!.push(li, parseScaled(r[c.fac], 2, where) ?? -1, parseScaled(r[c.nonFac], 2, where) ?? -1);
  }
  return out;
}
