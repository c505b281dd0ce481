// `npm run import:cms [-- --source DIR --out DIR]`: derives the compact per-year benchmark tables under data/cms from
// the CMS files (default /work/shared/data/cms). The only code allowed to read that folder, and only when run by hand.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SourceRoot } from './cms/source-files.ts';
import { decodeText } from './cms/delimited-text.ts';
import { derivePprrvu } from './cms/pprrvu.ts';
import { deriveGpci } from './cms/gpci.ts';
import { deriveZipLocality } from './cms/zip-locality.ts';
import { readSheet } from './cms/workbook.ts';
import { deriveConversionFactors } from './cms/conversion-factors.ts';
import { deriveAnesthesia, crossCheckAnesthesia, deriveAnesthesiaForYear } from './cms/anesthesia.ts';
import { deriveClfs } from './cms/clfs.ts';
import { deriveDmepos } from './cms/dmepos.ts';
import { deriveOpps } from './cms/opps.ts';
import { deriveOppsCap } from './cms/opps-cap.ts';
import { deriveMue } from './cms/mue.ts';
import { deriveHcpcs } from './cms/hcpcs.ts';
import type { Manifest, TableMeta, TableName } from '../shared/pricing/table-format.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    source: { type: 'string', default: process.env.PARLEY_CMS_SOURCE ?? '/work/shared/data/cms' },
    out: { type: 'string', default: join(repoRoot, 'data', 'cms') },
    only: { type: 'string' },
  },
});
const src = new SourceRoot(resolve(values.source!));
const outDir = resolve(values.out!);
const manifestPath = join(outDir, 'manifest.json');
const manifest: Manifest = existsSync(manifestPath) && values.only ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : { years: {} };
const only = values.only ? new Set(values.only.split(',')) : null;

/** Writes one table: one top-level key per line, values compact, so diffs stay readable and files stay small. */
function write(table: { meta: TableMeta } & Record<string, unknown>): void {
  const { meta } = table;
  const dir = join(outDir, String(meta.year));
  mkdirSync(dir, { recursive: true });
  const file = `${meta.table}.json`;
  const body = Object.entries(table)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(',\n');
  writeFileSync(join(dir, file), `{${body}}\n`);
  (manifest.years[String(meta.year)] ??= {})[meta.table] = { file, meta };
  const size = Buffer.byteLength(body);
  console.log(`${meta.year}/${file}  ${(size / 1024).toFixed(0)} KiB  (${meta.release})`);
}

async function step(name: TableName, run: () => Promise<void> | void): Promise<void> {
  if (only && !only.has(name)) return;
  await run();
}

await step('mpfs', () => {
  const file = src.find('pfs2025', /^PPRRVU\d{4}_\w+\.csv$/i);
  const { bytes, source } = src.read('pfs2025', file);
  const year = Number(/PPRRVU(\d{4})/i.exec(file)![1]);
  write(derivePprrvu(decodeText(bytes, 'windows-1252'), source, year) as never);
});

await step('gpci', () => {
  for (const folder of ['pfs2025', 'pfs2026']) {
    const file = src.find(folder, /^GPCI\d{4}\.csv$/i);
    const { bytes, source } = src.read(folder, file);
    const year = Number(/GPCI(\d{4})/i.exec(file)![1]);
    const release = year === 2025 ? 'RVU25D Addendum E' : `CY${year} Addendum E (rvu${String(year).slice(2)}c)`;
    write(deriveGpci(decodeText(bytes, 'windows-1252'), source, year, release) as never);
  }
});

await step('conversion-factors', () => {
  for (const table of deriveConversionFactors(src)) write(table as never);
});

await step('zip-locality', async () => {
  const file = src.find('zip-locality', /^ZIP5_[A-Z]{3}\d{4}\.xlsx$/i);
  const { bytes, source } = src.read('zip-locality', file);
  const m = /ZIP5_([A-Z]{3})(\d{4})/i.exec(file)!;
  const { rows } = await readSheet(bytes);
  write(deriveZipLocality(rows, source, Number(m[2]), `ZIP5 ${m[1]!.toUpperCase()} ${m[2]}`) as never);
});

await step('anesthesia', async () => {
  const cfFile = src.find('pfs2025', /^ANES\d{4}\.csv$/i);
  const cf = src.read('pfs2025', cfFile);
  const baseFile = src.find('anesthesia', /Anesthesia_Base_Units.*\.xlsx$/i);
  const base = src.read('anesthesia', baseFile);
  const { rows } = await readSheet(base.bytes);
  // CMS also publishes the same CFs (with the GPCIs they come from) as a UTF-16 sheet; the two must agree.
  for (const other of src.list('anesthesia', /locality adjusted CF.*\.txt$/i)) {
    const o = src.read('anesthesia', other);
    const mismatches = crossCheckAnesthesia(decodeText(cf.bytes, 'windows-1252'), decodeText(o.bytes, 'utf-16le'));
    if (mismatches.length) throw new Error(`${cfFile} and ${other} disagree: ${mismatches.join('; ')}`);
    console.log(`anesthesia CFs: ${cfFile} agrees with ${other}`);
  }
  const anes = deriveAnesthesia(decodeText(cf.bytes, 'windows-1252'), cf.source, rows, base.source, Number(/ANES(\d{4})/i.exec(cfFile)![1]));
  write(anes as never);
  // The next year's locality CFs from its GPCIs and national CF, when CMS's own file for that year is not on hand.
  const nextYear = anes.meta.year + 1;
  const gpciFolder = `pfs${nextYear}`;
  const gpciFile = src.list(gpciFolder, /^GPCI\d{4}\.csv$/i)[0];
  const nextCfs = deriveConversionFactors(src).find((c) => c.meta.year === nextYear);
  if (gpciFile && nextCfs?.anesthesia && src.list(gpciFolder, /^ANES\d{4}\.csv$/i).length === 0) {
    const prevGpciFile = src.find('pfs2025', /^GPCI\d{4}\.csv$/i);
    const prevGpci = src.read('pfs2025', prevGpciFile);
    const g = src.read(gpciFolder, gpciFile);
    const derived = deriveAnesthesiaForYear(
      anes,
      deriveGpci(decodeText(prevGpci.bytes, 'windows-1252'), prevGpci.source, anes.meta.year, ''),
      deriveGpci(decodeText(g.bytes, 'windows-1252'), g.source, nextYear, ''),
      nextCfs.anesthesia,
      nextYear,
      nextCfs.meta.release,
    );
    console.log(derived.meta.notes[0]);
    write(derived as never);
  }
});

await step('opps', () => {
  const bFile = src.find('opps2025', /Addendum B\..*\.txt$/i);
  const eFile = src.find('opps2025', /Addendum E\..*\.txt$/i);
  const b = src.read('opps2025', bFile);
  const e = src.read('opps2025', eFile);
  write(deriveOpps(decodeText(b.bytes, 'windows-1252'), b.source, decodeText(e.bytes, 'windows-1252'), e.source, Number(/^(\d{4})/.exec(bFile)![1])) as never);
});

await step('opps-cap', () => {
  const file = src.find('pfs2025', /^OPPSCAP_\w+\.csv$/i);
  const { bytes, source } = src.read('pfs2025', file);
  write(deriveOppsCap(decodeText(bytes, 'windows-1252'), source, 2025, `RVU25D ${file.replace(/\.csv$/i, '')}`) as never);
});

await step('mue', () => {
  const file = src.find('ncci', /^MCR_MUE_PractitionerServices_.*\.csv$/i);
  const { bytes, source } = src.read('ncci', file);
  const year = Number(/Eff_\d{2}-\d{2}-(\d{4})/i.exec(file)?.[1] ?? 2026);
  write(deriveMue(decodeText(bytes, 'windows-1252'), source, year) as never);
});

await step('clfs', async () => {
  const file = src.find('clfs', /^CLFS_\d{4}_Q\dV\d\.xlsx$/i);
  const { bytes, source } = src.read('clfs', file);
  const m = /CLFS_(\d{4})_(Q\dV\d)/i.exec(file)!;
  const { rows } = await readSheet(bytes);
  write(deriveClfs(rows, source, Number(m[1]), `CLFS ${m[1]} ${m[2]!.toUpperCase()}`) as never);
});

await step('dmepos', async () => {
  const posFile = src.find('dmepos', /^DMEPOS\d{2}_[A-Z]{3}\.xlsx$/i);
  const penFile = src.find('dmepos', /^DMEPEN\d{2}_[A-Z]{3}\.xlsx$/i);
  const pos = src.read('dmepos', posFile);
  const pen = src.read('dmepos', penFile);
  const m = /DMEPOS(\d{2})_([A-Z]{3})/i.exec(posFile)!;
  const year = 2000 + Number(m[1]);
  write(
    deriveDmepos(
      [
        { rows: (await readSheet(pos.bytes)).rows, source: pos.source, category: null },
        { rows: (await readSheet(pen.bytes)).rows, source: pen.source, category: 'PEN' },
      ],
      year,
      `DMEPOS ${m[2]!.toUpperCase()} ${year}`,
    ) as never,
  );
});

await step('hcpcs', () => {
  const file = src.find('hcpcs2019', /^HCPC\d{4}_CONTR_ANWEB\.txt$/i);
  const layoutFile = src.find('hcpcs2019', /recordlayout\.txt$/i);
  const data = src.read('hcpcs2019', file);
  const layout = src.read('hcpcs2019', layoutFile);
  write(deriveHcpcs(decodeText(data.bytes, 'windows-1252'), decodeText(layout.bytes, 'windows-1252'), data.source, layout.source, Number(/HCPC(\d{4})/i.exec(file)![1])) as never);
});

mkdirSync(outDir, { recursive: true });
const sorted: Manifest = { years: Object.fromEntries(Object.entries(manifest.years).sort(([a], [b]) => Number(a) - Number(b))) };
writeFileSync(manifestPath, `${JSON.stringify(sorted, null, 1)}\n`);
console.log(`wrote ${manifestPath}`);
