// Derives OPPS Addendum B (status indicator, APC, relative weight, national unadjusted payment rate by HCPCS) and
// the Addendum E inpatient-only list; descriptors are not carried.
import { ColumnMap } from './header-columns.ts';
import { parseDelimited } from './delimited-text.ts';
import { parseScaled } from './decimal.ts';
import type { OppsFile, SourceFile } from '../../shared/pricing/table-format.ts';

export function deriveOpps(bText: string, bSource: SourceFile, eText: string, eSource: SourceFile, year: number): OppsFile {
  const rows = parseDelimited(bText, '\t');
  const headerAt = rows.findIndex((r) => r.some((c) => /^HCPCS Code$/i.test(c.trim())) && r.some((c) => /Payment Rate/i.test(c)));
  if (headerAt < 0) throw new Error(`${bSource.file}: no header with "HCPCS Code" and "Payment Rate"`);
  const cols = new ColumnMap(bSource.file, rows[headerAt]!.map((c) => c.trim()));
  const c = { code: cols.index('HCPCS Code'), si: cols.index('SI'), apc: cols.index('APC'), weight: cols.index('Relative Weight'), rate: cols.index('Payment Rate') };
  const title = rows.slice(0, headerAt).flat().join(' ');
  const out: OppsFile = {
    meta: {
      table: 'opps',
      year,
      release: `CY${year} OPPS Addendum B (${bSource.file.replace(/^.*Addendum B\.?/i, '').replace(/\.txt$/i, '')})`,
      released: fileDate(bSource.file),
      sources: [bSource, eSource],
      notes: [
        'National unadjusted payment rates (no wage index adjustment: the wage index is not on hand).',
        /Addendum B/i.test(title) ? 'Short descriptors are not carried.' : '',
      ].filter(Boolean),
    },
    code: [],
    si: [],
    apc: [],
    weight: [],
    rate: [],
    inpatientOnly: [],
  };
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const code = (r[c.code] ?? '').trim();
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    const where = `${bSource.file} row ${i + 1}`;
    out.code.push(code);
    out.si.push((r[c.si] ?? '').trim());
    out.apc.push((r[c.apc] ?? '').trim());
    out.weight.push(parseScaled(r[c.weight], 4, where) ?? 0);
    out.rate.push(parseScaled(r[c.rate], 3, where) ?? -1);
  }
  const eRows = parseDelimited(eText, '\t');
  const eHeader = eRows.findIndex((r) => r.some((x) => /^HCPCS Code$/i.test(x.trim())));
  if (eHeader < 0) throw new Error(`${eSource.file}: no "HCPCS Code" header`);
  const eCode = new ColumnMap(eSource.file, eRows[eHeader]!.map((x) => x.trim())).index('HCPCS Code');
  for (const r of eRows.slice(eHeader + 1)) {
    const code = (r[eCode] ?? '').trim();
    if (/^[0-9A-Z]{5}$/.test(code)) out.inpatientOnly.push(code);
  }
  return out;
}

/** "2025 NFRM Addendum B.11122024.txt" -> "2024-11-12". */
export function fileDate(file: string): string | null {
  const m = /\.(\d{2})(\d{2})(\d{4})\./.exec(file);
  return m ? `${m[3]}-${m[1]}-${m[2]}` : null;
}
