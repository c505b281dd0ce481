// Derives the compact list of known procedure codes and modifiers (codes only, no descriptions) that the document
// readers validate OCR reads against, from the CMS files in ../shared/data/cms. Run once when the files change:
//   node bin/run-ts.mjs scripts/build-code-set.ts [/path/to/shared/data/cms]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';

const cms = resolve(process.argv[2] ?? '../shared/data/cms');
const out = resolve('shared/extract/documents/code-set.json');
const codes = new Set<string>();
const modifiers = new Set<string>();
const sources: string[] = [];
const isCode = (s: string): boolean => /^[A-Z0-9]\d{3}[A-Z0-9]$/.test(s) || /^[A-Z]\d{4}$/.test(s);

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

// PPRRVU: find the header row by its HCPCS/MOD cells, never by position.
{
  const file = join(cms, 'pfs2025/PPRRVU2025_Oct.csv');
  const lines = readFileSync(file, 'latin1').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => /^HCPCS,MOD,/.test(l));
  const header = splitCsvLine(lines[headerIndex]!);
  const hcpcs = header.indexOf('HCPCS');
  const mod = header.indexOf('MOD');
  for (const line of lines.slice(headerIndex + 1)) {
    const cells = splitCsvLine(line);
    const code = (cells[hcpcs] ?? '').trim();
    if (isCode(code)) codes.add(code);
    const m = (cells[mod] ?? '').trim();
    if (/^[A-Z0-9]{2}$/.test(m)) modifiers.add(m);
  }
  sources.push('CMS PPRRVU2025_Oct.csv (HCPCS, MOD)');
}

// HCPCS Level II 2019, fixed width: code 1-5, sequence 6-10, record id 11 (3 = procedure, 7 = modifier).
{
  const file = join(cms, 'hcpcs2019/HCPC2019_CONTR_ANWEB.txt');
  for (const line of readFileSync(file, 'latin1').split(/\r?\n/)) {
    const recordId = line[10];
    const code = line.slice(0, 5).trim();
    if (recordId === '3' && isCode(code)) codes.add(code);
    if (recordId === '7' && /^[A-Z0-9]{2}$/.test(code)) modifiers.add(code);
  }
  sources.push('CMS HCPCS 2019 Level II (HCPC2019_CONTR_ANWEB.txt)');
}

async function xlsxColumn(file: string, column: RegExp, modColumns: RegExp): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  let codeCol = -1;
  let modCols: number[] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).map((v) => (v === null || v === undefined ? '' : String(v).trim()));
    if (codeCol < 0) {
      codeCol = values.findIndex((v) => column.test(v));
      modCols = values.flatMap((v, i) => (modColumns.test(v) ? [i] : []));
      return;
    }
    const code = (values[codeCol] ?? '').toUpperCase();
    if (isCode(code)) codes.add(code);
    for (const i of modCols) if (/^[A-Z0-9]{2}$/.test(values[i] ?? '')) modifiers.add(values[i]!);
  });
}
await xlsxColumn(join(cms, 'clfs/CLFS_2026_Q1V1.xlsx'), /^HCPCS$/i, /^MOD$/i);
sources.push('CMS CLFS 2026 Q1 (HCPCS, MOD)');
await xlsxColumn(join(cms, 'dmepos/DMEPOS26_JAN.xlsx'), /^HCPCS$/i, /^MOD2?$/i);
await xlsxColumn(join(cms, 'dmepos/DMEPEN26_JAN.xlsx'), /^HCPCS$/i, /^MOD2?$/i);
sources.push('CMS DMEPOS and PEN fee schedules, January 2026 (HCPCS, Mod, Mod2)');

// CPT modifiers are not in the HCPCS Level II file; these are the two-digit ones claims carry (numbers only).
for (const m of '22 23 24 25 26 27 32 33 47 50 51 52 53 54 55 56 57 58 59 62 63 66 73 74 76 77 78 79 80 81 82 90 91 92 93 95 96 97 99'.split(' ')) modifiers.add(m);
for (const m of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6']) modifiers.add(m);
sources.push('CPT numeric modifiers and anesthesia physical status P1-P6 (codes only)');

const sortedCodes = [...codes].sort();
const sortedModifiers = [...modifiers].sort();
writeFileSync(
  out,
  JSON.stringify({ sources, codes: sortedCodes.join(' '), modifiers: sortedModifiers.join(' ') }, null, 1) + '\n',
);
console.log(`wrote ${out}: ${sortedCodes.length} codes, ${sortedModifiers.length} modifiers`);
