// Derives practitioner medically unlikely edits (MUE): the most units of a code per line / day one provider may bill.
import { ColumnMap } from './header-columns.ts';
import { parseDelimited } from './delimited-text.ts';
import type { MueFile, SourceFile } from '../../shared/pricing/table-format.ts';

export function deriveMue(textIn: string, source: SourceFile, year: number): MueFile {
  const rows = parseDelimited(textIn);
  // The first header cell holds a line break ("HCPCS/\nCPT Code"): match it after normalizing whitespace.
  const headerAt = rows.findIndex((r) => r.some((c) => /MUE Values/i.test(c)));
  if (headerAt < 0) throw new Error(`${source.file}: no header with "MUE Values"`);
  const names = rows[headerAt]!.map((c) => c.replace(/\s+/g, ' ').trim());
  const cols = new ColumnMap(source.file, names);
  const c = { code: cols.match(/HCPCS/i), units: cols.match(/MUE Values/i), mai: cols.match(/Adjudication Indicator/i) };
  const eff = /Eff_(\d{2})-(\d{2})-(\d{4})/i.exec(source.file);
  const out: MueFile = {
    meta: {
      table: 'mue',
      year,
      release: eff ? `Practitioner MUE effective ${eff[3]}-${eff[1]}-${eff[2]}` : source.file,
      released: eff ? `${eff[3]}-${eff[1]}-${eff[2]}` : null,
      sources: [source],
      notes: ['MAI 1 = line edit; 2 = date-of-service edit (policy); 3 = date-of-service edit (clinical).'],
    },
    code: [],
    units: [],
    mai: '',
  };
  for (const r of rows.slice(headerAt + 1)) {
    const code = (r[c.code] ?? '').trim();
    const units = Number((r[c.units] ?? '').trim());
    if (!/^[0-9A-Z]{5}$/.test(code) || !Number.isFinite(units)) continue;
    out.code.push(code);
    out.units.push(units);
    out.mai += ((r[c.mai] ?? '').trim() || ' ').slice(0, 1);
  }
  return out;
}
