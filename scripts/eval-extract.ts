// Scores the document readers against ground truth: per set and quality tier, field precision/recall, the share of
// service lines read exactly (date, code, modifiers, units, charge), and whether every wrong read was flagged.
//   npm run eval:extract [-- --set synthetic|generated|scans] [--tier fax] [--scans DIR | --benchmark DIR] [--json] [--verbose|--detail]
// --scans DIR scores another folder of scans named like the generated ones (<name>-<tier>.<ext> + .truth.json);
// --benchmark DIR scores a folder of the public CMS-1500 benchmark's forms (<tier>/<id>.png + <id>.json, its layout);
// --detail prints every missed field and the review reasons of each document.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readDocument, createLocalOcr } from '../shared/extract/documents/index.ts';
import { UnreadableDocument } from '../shared/extract/extraction-result.ts';
import type { Bill } from '../shared/model/bill.ts';

interface TruthLine { serviceDate: string; code: string | null; modifiers: string[]; units: number; chargeCents: number }
interface Truth { account: string | null; totalChargeCents: number | null; billingNpi: string | null; tin: string | null; billingZip: string | null; lines: TruthLine[] }
interface Case { set: string; tier: string; file: string; kind: 'pdf' | 'png' | 'jpeg' | 'tiff'; truth: Truth }

const args = process.argv.slice(2);
const root = resolve('test/fixtures/forms');
const cents = (dollars: string): number => Math.round(Number(dollars.replace(/[$,]/g, '')) * 100);
const kindOf = (file: string): Case['kind'] => (file.endsWith('.pdf') ? 'pdf' : file.endsWith('.png') ? 'png' : file.endsWith('.tif') || file.endsWith('.tiff') ? 'tiff' : 'jpeg');

/**
 * The hcfa-1500-reader synthetic set: field-level JSON beside each image, named <id>-<tier>.png (the committed copy)
 * or laid out as the benchmark publishes it, <tier>/<id>.png (`--benchmark DIR` scores such a folder: held-out forms).
 */
function syntheticCases(dir = join(root, 'cms1500-synthetic'), set = 'cms1500-synthetic'): Case[] {
  if (!existsSync(dir)) return [];
  const images = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(png|jpe?g)$/.test(f) && existsSync(join(dir, f.replace(/\.(png|jpe?g)$/, '.json'))));
  return images
    .map((f) => {
      const logical = JSON.parse(readFileSync(join(dir, f.replace(/\.(png|jpe?g)$/, '.json')), 'utf8')).logical;
      const iso = (d: string): string => d.replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, '$3-$1-$2');
      const name = basename(f).replace(/\.\w+$/, '');
      return {
        set,
        tier: name.includes('-') ? name.replace(/^\d+-/, '') : basename(dirname(join(dir, f))),
        file: join(dir, f),
        kind: kindOf(f),
        truth: {
          account: logical.box_26_patient_account_number || null,
          totalChargeCents: logical.box_28_total_charge ? cents(logical.box_28_total_charge) : null,
          billingNpi: logical.box_33_billing_provider?.npi || null,
          tin: (logical.box_25_federal_tax_id || '').replace(/\D/g, '') || null,
          billingZip: logical.box_33_billing_provider?.address?.zip || null,
          lines: logical.box_24_service_lines.map((l: { date_from: string; procedure_code: string; modifiers: string[]; units: string; charges: string }) => ({
            serviceDate: iso(l.date_from),
            code: l.procedure_code || null,
            modifiers: l.modifiers,
            units: Number(l.units || 1),
            chargeCents: cents(l.charges),
          })),
        },
      };
    });
}

function generatedTruth(path: string): Truth {
  const t = JSON.parse(readFileSync(path, 'utf8'));
  return {
    account: t.accountNumber,
    totalChargeCents: t.totalChargeCents,
    billingNpi: t.billingNpi,
    tin: t.tin,
    billingZip: t.billingZip,
    lines: t.lines.map((l: TruthLine) => ({ serviceDate: l.serviceDate, code: l.code, modifiers: l.modifiers, units: l.units, chargeCents: l.chargeCents })),
  };
}

/** Fixtures made by scripts/make-form-fixtures.ts: born-digital PDFs and their scanned-looking images. */
function generatedCases(): Case[] {
  const dir = join(root, 'generated');
  const extra = args.includes('--scans') ? resolve(args[args.indexOf('--scans') + 1]!) : null;
  if (extra) return scanCases(extra, (format) => `${format} scans in ${extra}`);
  const cases: Case[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.pdf'))) {
    const base = f.replace(/(-fillable|-flat)?\.pdf$/, '');
    const format = base.split('-')[0]!;
    cases.push({ set: `generated ${format}`, tier: `born-digital${/-fillable/.test(f) ? ' (AcroForm)' : ''}`, file: join(dir, f), kind: 'pdf', truth: generatedTruth(join(dir, `${base}.truth.json`)) });
  }
  return [...cases, ...scanCases(join(dir, 'scans'), (format) => `generated ${format} scans`)];
}

/** Scans named <name>-<tier>.<ext>, in sets by form: ub04-* and statement-* apart, everything else a CMS-1500. */
function scanCases(scans: string, set: (format: string) => string): Case[] {
  if (!existsSync(scans)) return [];
  return readdirSync(scans)
    .filter((x) => /\.(png|jpe?g|tiff?|pdf)$/.test(x))
    .map((f) => ({
      set: set(/^(ub04|statement)-/.exec(f)?.[1] ?? 'cms1500'),
      tier: /-(pristine|clean_scan|worn_scan|fax|phone_photo|worst)\.\w+$/.exec(f)?.[1] ?? 'unknown',
      file: join(scans, f),
      kind: kindOf(f),
      truth: generatedTruth(join(scans, f.replace(/\.\w+$/, '.truth.json'))),
    }));
}

interface Score {
  docs: number;
  lines: number;
  exact: number;
  predicted: number;
  correct: number;
  expected: number;
  flagged: number;
  wrongUnflagged: number;
  unreadable: number;
  /** Unreadable and refused as not a bill (the others go to a person). */
  refused: number;
  ms: number;
  /** Lines that missed, by the field that was wrong (a line can miss on several). */
  lineFails: Record<string, number>;
}

const LINE_FIELDS = ['date', 'code', 'modifiers', 'units', 'charge'] as const;

function compare(truth: Truth, bill: Bill | null): { predicted: number; correct: number; expected: number; exact: number; wrong: number; misses: string[]; lineFails: Record<string, number> } {
  const misses: string[] = [];
  const lineFails: Record<string, number> = {};
  const billing = bill?.providers.find((p) => p.role === 'billing');
  const pairs: [unknown, unknown][] = [
    [truth.account, bill?.claimNumber ?? null],
    [truth.totalChargeCents, bill?.totalChargeCents ?? null],
    [truth.billingNpi, billing?.npi ?? null],
    [truth.tin, billing?.tin ?? null],
    [truth.billingZip, billing?.address?.zip ?? null],
  ];
  let exact = 0;
  truth.lines.forEach((t, i) => {
    const l = bill?.lines[i];
    const got = l ? [l.serviceDate, l.code, l.modifiers.join(':'), l.units, l.chargeCents] : [null, null, null, null, null];
    const want = [t.serviceDate, t.code, t.modifiers.join(':'), t.units, t.chargeCents];
    want.forEach((w, k) => pairs.push([w === '' ? null : w, got[k] === '' ? null : got[k]]));
    if (got.every((g, k) => g === want[k])) exact++;
    want.forEach((w, k) => {
      if (got[k] === w) return;
      lineFails[LINE_FIELDS[k]!] = (lineFails[LINE_FIELDS[k]!] ?? 0) + 1;
      misses.push(`line ${i + 1} ${LINE_FIELDS[k]}: want ${JSON.stringify(w)} got ${JSON.stringify(got[k])}`);
    });
  });
  for (const extra of bill?.lines.slice(truth.lines.length) ?? []) pairs.push([null, extra.chargeCents]);
  let predicted = 0, correct = 0, expected = 0, wrong = 0;
  for (const [want, got] of pairs) {
    if (want !== null && want !== undefined) expected++;
    if (got !== null && got !== undefined) {
      predicted++;
      if (got === want) correct++;
      else wrong++;
    }
  }
  const names = ['account', 'total', 'billing NPI', 'TIN', 'billing ZIP'];
  pairs.slice(0, 5).forEach(([want, got], k) => {
    if (want !== got) misses.push(`${names[k]}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
  });
  return { predicted, correct, expected, exact, wrong, misses, lineFails };
}

const only = args.includes('--set') ? args[args.indexOf('--set') + 1] : null;
const tierOnly = args.includes('--tier') ? args[args.indexOf('--tier') + 1] : null;
const benchmark = args.includes('--benchmark') ? resolve(args[args.indexOf('--benchmark') + 1]!) : null;
const cases = (benchmark ? syntheticCases(benchmark, `benchmark forms in ${benchmark}`) : [...(args.includes('--scans') ? [] : syntheticCases()), ...generatedCases()]).filter(
  (c) => (!only || c.set.includes(only)) && (!tierOnly || c.tier === tierOnly),
);
const scores = new Map<string, Score>();
const ocr = createLocalOcr();
try {
  for (const c of cases) {
    const key = `${c.set} | ${c.tier}`;
    const s = scores.get(key) ?? { docs: 0, lines: 0, exact: 0, predicted: 0, correct: 0, expected: 0, flagged: 0, wrongUnflagged: 0, unreadable: 0, refused: 0, ms: 0, lineFails: {} };
    const t0 = Date.now();
    let bill: Bill | null = null;
    try {
      const result = await readDocument(new Uint8Array(readFileSync(c.file)), { kind: c.kind, ocr });
      bill = result.bills[0] ?? null;
    } catch (error) {
      if (!(error instanceof UnreadableDocument)) throw error;
      s.unreadable++;
      if (error.disposition === 'REJECTED') s.refused++;
    }
    s.ms += Date.now() - t0;
    const r = compare(c.truth, bill);
    const flagged = bill === null || bill.reviewReasons.length > 0;
    s.docs++;
    s.lines += c.truth.lines.length;
    s.exact += r.exact;
    s.predicted += r.predicted;
    s.correct += r.correct;
    s.expected += r.expected;
    if (flagged) s.flagged++;
    if (r.wrong > 0 && !flagged) s.wrongUnflagged++;
    for (const [field, n] of Object.entries(r.lineFails)) s.lineFails[field] = (s.lineFails[field] ?? 0) + n;
    scores.set(key, s);
    if (args.includes('--verbose') || args.includes('--detail'))
      console.log(`${c.file.replace(root + '/', '')}: ${r.exact}/${c.truth.lines.length} lines exact, ${r.wrong} wrong fields, ${flagged ? 'flagged' : 'clean'}`);
    if (args.includes('--detail')) {
      for (const m of r.misses) console.log(`    ${m}`);
      for (const reason of bill?.reviewReasons ?? []) console.log(`    review: ${reason}`);
    }
  }
} finally {
  await ocr.close();
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
const rows = [...scores.entries()].sort(([a], [b]) => a.localeCompare(b));
if (args.includes('--json')) console.log(JSON.stringify(Object.fromEntries(rows), null, 1));
else {
  console.log('| set | tier | docs | lines exact | field precision | field recall | flagged for review | wrong and unflagged | unreadable | s/doc | lines missed on |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const [key, s] of rows) {
    const [set, tier] = key.split(' | ');
    console.log(`| ${set} | ${tier} | ${s.docs} | ${s.exact}/${s.lines} (${pct(s.exact, s.lines)}) | ${pct(s.correct, s.predicted)} | ${pct(s.correct, s.expected)} | ${s.flagged} | ${s.wrongUnflagged} | ${s.unreadable}${s.refused ? ` (${s.refused} refused)` : ''} | ${(s.ms / s.docs / 1000).toFixed(2)} | ${LINE_FIELDS.filter((f) => s.lineFails[f]).map((f) => `${f} ${s.lineFails[f]}`).join(', ') || '-'} |`);
  }
}
