// Derives the ZIP5 -> carrier/locality crosswalk (with state, rural and ZIP+4 flags) from CMS's ZIP5 file.
import { ColumnMap } from './header-columns.ts';
import { text, type Cell } from './workbook.ts';
import type { SourceFile, ZipLocalityFile } from '../../shared/pricing/table-format.ts';

export function deriveZipLocality(rows: Cell[][], source: SourceFile, year: number, release: string): ZipLocalityFile {
  const headerAt = rows.findIndex((r) => r.some((c) => /^ZIP\s*CODE$/i.test(text(c))));
  if (headerAt < 0) throw new Error(`${source.file}: no "ZIP CODE" header`);
  const cols = new ColumnMap(source.file, rows[headerAt]!.map((c) => text(c)));
  const c = {
    state: cols.index('STATE'),
    zip: cols.index('ZIP CODE'),
    carrier: cols.index('CARRIER'),
    locality: cols.index('LOCALITY'),
    rural: cols.index('RURAL IND'),
    plus4: cols.index('PLUS 4 FLAG'),
    quarter: cols.index('YEAR/QTR'),
  };
  const byZip = new Map<number, string>();
  const quarters = new Set<string>();
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const zip = text(r[c.zip]).padStart(5, '0');
    if (!/^\d{5}$/.test(zip)) continue;
    const key = JSON.stringify([
      text(r[c.state]),
      text(r[c.carrier]).padStart(5, '0'),
      text(r[c.locality]).padStart(2, '0'),
      text(r[c.rural]),
      Number(text(r[c.plus4]) || '0'),
    ]);
    byZip.set(Number(zip), key);
    quarters.add(text(r[c.quarter]));
  }
  const groupIndex = new Map<string, number>();
  const out: ZipLocalityFile = {
    meta: {
      table: 'zip-locality',
      year,
      release,
      released: null,
      sources: [source],
      notes: [`YEAR/QTR ${[...quarters].join(', ')}; ${byZip.size} ZIP codes.`],
    },
    groups: [],
    zipDelta: [],
    group: [],
  };
  let last = 0;
  for (const zip of [...byZip.keys()].sort((a, b) => a - b)) {
    const key = byZip.get(zip)!;
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = out.groups.length;
      groupIndex.set(key, g);
      out.groups.push(JSON.parse(key) as ZipLocalityFile['groups'][number]);
    }
    out.zipDelta.push(zip - last);
    out.group.push(g);
    last = zip;
  }
  return out;
}
