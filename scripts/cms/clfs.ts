// Derives the Clinical Laboratory Fee Schedule (national limitation amounts) from CMS's CLFS workbook; no descriptions.
import { ColumnMap } from './header-columns.ts';
import { parseScaled } from './decimal.ts';
import { text, type Cell } from './workbook.ts';
import type { ClfsFile, SourceFile } from '../../shared/pricing/table-format.ts';

export function deriveClfs(rows: Cell[][], source: SourceFile, year: number, release: string): ClfsFile {
  const headerAt = rows.findIndex((r) => r.some((c) => text(c) === 'HCPCS') && r.some((c) => text(c) === 'RATE'));
  if (headerAt < 0) throw new Error(`${source.file}: no header with HCPCS and RATE`);
  const cols = new ColumnMap(source.file, rows[headerAt]!.map((c) => text(c)));
  const c = { code: cols.index('HCPCS'), mod: cols.index('MOD'), rate: cols.index('RATE'), eff: cols.index('EFF_DATE') };
  const out: ClfsFile = {
    meta: { table: 'clfs', year, release, released: null, sources: [source], notes: ['Descriptions are not carried.'] },
    code: [],
    mod: [],
    rate: [],
  };
  const effective = new Set<string>();
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const code = text(r[c.code]).padStart(5, '0');
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    const rate = parseScaled(r[c.rate] ?? null, 2, `${source.file} row ${i + 1}`);
    if (rate === null) continue;
    out.code.push(code);
    out.mod.push(text(r[c.mod]));
    out.rate.push(rate);
    effective.add(text(r[c.eff]));
  }
  const eff = [...effective].sort()[0];
  if (eff && /^\d{8}$/.test(eff)) out.meta.released = `${eff.slice(0, 4)}-${eff.slice(4, 6)}-${eff.slice(6, 8)}`;
  return out;
}
