// Derives the DMEPOS fee schedule (and the enteral/parenteral nutrition schedule) by state, non-rural and rural.
import { ColumnMap } from './header-columns.ts';
import { parseScaled } from './decimal.ts';
import { text, type Cell } from './workbook.ts';
import type { DmeposFile, SourceFile } from '../../shared/pricing/table-format.ts';

export function deriveDmepos(
  sheets: { rows: Cell[][]; source: SourceFile; category: string | null }[],
  year: number,
  release: string,
): DmeposFile {
  const out: DmeposFile = {
    meta: {
      table: 'dmepos',
      year,
      release,
      released: null,
      sources: sheets.map((s) => s.source),
      notes: ['Per state: [non-rural, rural] cents; -1 where the schedule has no rate. PEN rows carry category "PEN".'],
    },
    states: [],
    code: [],
    mod: [],
    mod2: [],
    category: [],
    rates: [],
  };
  for (const { rows, source, category } of sheets) {
    const headerAt = rows.findIndex((r) => r.some((c) => text(c) === 'HCPCS') && r.some((c) => /\((NR|R)\)$/.test(text(c))));
    if (headerAt < 0) throw new Error(`${source.file}: no header with HCPCS and state rate columns`);
    const names = rows[headerAt]!.map((c) => text(c));
    const cols = new ColumnMap(source.file, names);
    const c = { code: cols.index('HCPCS'), mod: cols.index('Mod'), mod2: cols.index('Mod2'), catg: category ? -1 : cols.index('CATG') };
    const stateCols = new Map<string, [number, number]>();
    names.forEach((n, i) => {
      const m = /^([A-Z]{2})\s*\((NR|R)\)$/.exec(n);
      if (!m) return;
      const pair = stateCols.get(m[1]!) ?? [-1, -1];
      pair[m[2] === 'NR' ? 0 : 1] = i;
      stateCols.set(m[1]!, pair);
    });
    if (out.states.length === 0) out.states = [...stateCols.keys()].sort();
    for (let i = headerAt + 1; i < rows.length; i++) {
      const r = rows[i]!;
      const code = text(r[c.code]);
      if (!/^[A-Z]\d{4}$/.test(code)) continue;
      const where = `${source.file} row ${i + 1}`;
      const rates: number[] = [];
      for (const state of out.states) {
        const [nr, ru] = stateCols.get(state) ?? [-1, -1];
        for (const col of [nr, ru]) {
          const v = col >= 0 ? parseScaled(r[col] ?? null, 2, where) : null;
          rates.push(v === null || v === 0 ? -1 : v);
        }
      }
      out.code.push(code);
      out.mod.push(text(r[c.mod]));
      out.mod2.push(text(r[c.mod2]));
      out.category.push(category ?? text(r[c.catg]));
      out.rates.push(rates);
    }
  }
  return out;
}
