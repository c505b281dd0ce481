// Derives the MPFS table (RVUs and payment policy indicators) from a PPRRVU csv, finding columns by header name.
import { ColumnMap, stackHeaders, normalizeHeader } from './header-columns.ts';
import { parseDelimited } from './delimited-text.ts';
import { parseScaled } from './decimal.ts';
import { usDateToIso } from './source-files.ts';
import type { MpfsFile, SourceFile } from '../../shared/pricing/table-format.ts';

const RELEASE_LETTER: Record<string, string> = { JANUARY: 'A', APRIL: 'B', JULY: 'C', OCTOBER: 'D' };

export function derivePprrvu(text: string, source: SourceFile, year: number): MpfsFile {
  const rows = parseDelimited(text);
  const headerAt = rows.findIndex((r) => normalizeHeader(r[0] ?? '') === 'HCPCS');
  if (headerAt < 0) throw new Error(`${source.file}: no header row starting with HCPCS`);
  let top = headerAt;
  while (top > 0 && rows[top - 1]!.filter((c) => c.trim() !== '').length >= 2) top--;
  const cols = new ColumnMap(source.file, stackHeaders(rows.slice(top, headerAt + 1)));
  const preamble = rows.slice(0, top).flat().join(' ');
  const released = usDateToIso(/RELEASED\s+([\d/]+)/i.exec(preamble)?.[1] ?? '');
  const month = /(JANUARY|APRIL|JULY|OCTOBER)\s+RELEASE/i.exec(preamble)?.[1]?.toUpperCase();

  const c = {
    code: cols.index('HCPCS'),
    mod: cols.index('MOD'),
    status: cols.index('STATUS CODE'),
    work: cols.index('WORK RVU'),
    peNf: cols.index('NON-FAC PE RVU'),
    naNf: cols.index('NON-FAC NA INDICATOR'),
    peF: cols.index('FACILITY PE RVU'),
    naF: cols.index('FACILITY NA INDICATOR'),
    mp: cols.index('MP RVU'),
    pctc: cols.index('PCTC IND'),
    glob: cols.index('GLOB DAYS'),
    mult: cols.index('MULT PROC'),
    bilat: cols.index('BILAT SURG'),
    asst: cols.index('ASST SURG'),
    cosurg: cols.index('CO- SURG', 'CO SURG'),
    team: cols.index('TEAM SURG'),
    endo: cols.index('ENDO BASE'),
    cf: cols.index('CONV FACTOR'),
    imgFamily: cols.index('DIAGNOSTIC IMAGING FAMILY INDICATOR'),
    oppsNf: cols.index('NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT'),
    oppsF: cols.index('FACILITY PE USED FOR OPPS PAYMENT AMOUNT'),
    oppsMp: cols.index('MP USED FOR OPPS PAYMENT AMOUNT'),
    totalNf: cols.index('NON-FACILITY TOTAL'),
    totalF: cols.index('FACILITY TOTAL'),
  };
  const totalMismatches: string[] = [];

  const out: MpfsFile = {
    meta: {
      table: 'mpfs',
      year,
      release: month ? `RVU${String(year).slice(2)}${RELEASE_LETTER[month]} (${month[0]}${month.slice(1).toLowerCase()} ${year})` : source.file,
      released,
      sources: [source],
      notes: ['CPT descriptions are not carried (AMA copyright); codes, RVUs and indicators only.'],
    },
    cf: 0,
    code: [],
    mod: [],
    status: '',
    work: [],
    peNf: [],
    peF: [],
    mp: [],
    naNf: '',
    naF: '',
    pctc: '',
    mult: '',
    bilat: '',
    asst: '',
    cosurg: '',
    team: '',
    glob: '',
    imgFamily: '',
    endo: {},
    oppsCap: {},
  };
  const cfs = new Set<number>();
  const one = (r: string[], i: number, fallback: string) => ((r[i] ?? '').trim() || fallback).slice(0, 1);
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const code = (r[c.code] ?? '').trim();
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    const where = `${source.file} row ${i + 1}`;
    const n = out.code.length;
    out.code.push(code);
    out.mod.push((r[c.mod] ?? '').trim());
    out.status += one(r, c.status, ' ');
    out.work.push(parseScaled(r[c.work], 2, where) ?? 0);
    out.peNf.push(parseScaled(r[c.peNf], 2, where) ?? 0);
    out.peF.push(parseScaled(r[c.peF], 2, where) ?? 0);
    out.mp.push(parseScaled(r[c.mp], 2, where) ?? 0);
    out.naNf += /NA/i.test(r[c.naNf] ?? '') ? '1' : '0';
    out.naF += /NA/i.test(r[c.naF] ?? '') ? '1' : '0';
    out.pctc += one(r, c.pctc, '9');
    out.mult += one(r, c.mult, '9');
    out.bilat += one(r, c.bilat, '9');
    out.asst += one(r, c.asst, '9');
    out.cosurg += one(r, c.cosurg, '9');
    out.team += one(r, c.team, '9');
    out.glob += ((r[c.glob] ?? '').trim() || '   ').padEnd(3).slice(0, 3);
    out.imgFamily += ((r[c.imgFamily] ?? '').trim() || '  ').padStart(2, '0').slice(0, 2);
    const endo = (r[c.endo] ?? '').trim();
    if (endo) out.endo[String(n)] = endo;
    const cap: [number, number, number] = [
      parseScaled(r[c.oppsNf], 2, where) ?? 0,
      parseScaled(r[c.oppsF], 2, where) ?? 0,
      parseScaled(r[c.oppsMp], 2, where) ?? 0,
    ];
    if (cap[0] || cap[1] || cap[2]) out.oppsCap[String(n)] = cap;
    // CMS prints each row's RVU totals: the three components read here must add up to them.
    const last = out.code.length - 1;
    const totals: [number | null, number][] = [
      [parseScaled(r[c.totalNf], 2, where), out.work[last]! + out.peNf[last]! + out.mp[last]!],
      [parseScaled(r[c.totalF], 2, where), out.work[last]! + out.peF[last]! + out.mp[last]!],
    ];
    for (const [printed, sum] of totals) if (printed !== null && printed !== sum) totalMismatches.push(`${code} ${out.mod[last]}: ${printed} vs ${sum}`);
    const cf = parseScaled(r[c.cf], 4, where);
    if (cf) cfs.add(cf);
  }
  if (totalMismatches.length) throw new Error(`${source.file}: RVU components do not add up to the printed totals: ${totalMismatches.slice(0, 5).join('; ')}`);
  if (cfs.size !== 1) throw new Error(`${source.file}: expected one conversion factor, found ${[...cfs].join(', ')}`);
  out.cf = [...cfs][0]!;
  return out;
}
