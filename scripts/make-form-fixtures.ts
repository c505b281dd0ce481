// Generates the document-reader fixtures deterministically: born-digital CMS-1500 PDFs filled from the X12 837P
// sample claims (fillable and flattened), their ground truth, and the bundled sample bill under samples/.
//   node bin/run-ts.mjs scripts/make-form-fixtures.ts [/path/to/shared/data]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PDFDocument, PDFName, PDFRef, PDFDict, PDFArray, PDFNumber, PDFRawStream, StandardFonts, PDFTextField } from 'pdf-lib';
import sharp from 'sharp';

const dataDir = resolve(process.argv[2] ?? '../shared/data');
const outDir = resolve('test/fixtures/forms/generated');
const blankDir = resolve('test/fixtures/forms/blank');
mkdirSync(outDir, { recursive: true });

// ---------- a small 837P reader, enough to fill a form (the product's X12 reader lives in shared/extract/x12) ----------
interface Party { name: string; npi: string | null; street: string | null; city: string | null; state: string | null; zip: string | null }
interface ClaimLine { code: string; modifiers: string[]; chargeCents: number; units: number; pos: string | null; pointers: number[]; from: string; to: string | null; renderingNpi: string | null }
interface Claim {
  source: string;
  payer: string | null; memberId: string | null; patient: { last: string; first: string; middle: string };
  accountNumber: string; totalCents: number; pos: string | null; icd: '9' | '0'; diagnoses: string[];
  tin: string | null; billing: Party; facility: Party | null; renderingNpi: string | null; lines: ClaimLine[];
}

function segments(text: string): { id: string; e: string[][] }[] {
  const elementSep = text[3]!;
  // Some implementation-guide examples declare ':' in ISA16 but use '>' in the body: accept both.
  const componentSep = new RegExp(`[${text[104]!.replace(/[\]\\^-]/g, '\\$&')}>]`);
  const segmentSep = text[105]!;
  return text
    .split(segmentSep)
    .map((s) => s.replace(/^\s+/, ''))
    .filter(Boolean)
    .map((s) => {
      const elements = s.split(elementSep);
      return { id: elements[0]!, e: elements.map((x) => x.split(componentSep)) };
    });
}

const cents = (s: string): number => Math.round(Number(s) * 100);
const isoFrom = (d8: string): string => `${d8.slice(0, 4)}-${d8.slice(4, 6)}-${d8.slice(6, 8)}`;

function read837p(file: string): Claim {
  const segs = segments(readFileSync(file, 'latin1'));
  let ctx: 'billing' | 'subscriber' | 'patient' | 'facility' | 'rendering' | 'other' = 'other';
  const billing: Party = { name: '', npi: null, street: null, city: null, state: null, zip: null };
  let facility: Party | null = null;
  const claim: Partial<Claim> & { lines: ClaimLine[]; diagnoses: string[] } = { lines: [], diagnoses: [], payer: null, memberId: null, renderingNpi: null };
  let line: ClaimLine | null = null;
  let patient = { last: '', first: '', middle: '' };
  for (const s of segs) {
    const v = (i: number, c = 0): string => s.e[i]?.[c] ?? '';
    if (s.id === 'NM1') {
      const q = v(1);
      if (q === '85') { ctx = 'billing'; billing.name = [v(3), v(4)].filter(Boolean).join(' '); billing.npi = v(9) || null; }
      else if (q === 'IL') { ctx = 'subscriber'; claim.memberId = v(9) || null; patient = { last: v(3), first: v(4), middle: v(5) }; }
      else if (q === 'QC') { ctx = 'patient'; patient = { last: v(3), first: v(4), middle: v(5) }; }
      else if (q === 'PR') { ctx = 'other'; claim.payer = v(3); }
      else if (q === '77') { ctx = 'facility'; facility = { name: v(3), npi: v(9) || null, street: null, city: null, state: null, zip: null }; }
      else if (q === '82') { ctx = 'rendering'; if (line) line.renderingNpi = v(9) || null; else claim.renderingNpi = v(9) || null; }
      else ctx = 'other';
    } else if (s.id === 'N3' || s.id === 'N4') {
      const party = ctx === 'billing' ? billing : ctx === 'facility' ? facility : null;
      if (party && s.id === 'N3') party.street = v(1);
      if (party && s.id === 'N4') { party.city = v(1); party.state = v(2); party.zip = v(3); }
    } else if (s.id === 'REF' && v(1) === 'EI' && ctx === 'billing') claim.tin = v(2).replace(/-/g, '');
    else if (s.id === 'CLM') {
      claim.accountNumber = v(1); claim.totalCents = cents(v(2)); claim.pos = v(5, 0) || null;
    } else if (s.id === 'HI') {
      for (let i = 1; i < s.e.length; i++) {
        const [qual, code] = s.e[i]!;
        if (!code) continue;
        claim.icd = qual === 'BK' || qual === 'BF' ? '9' : '0';
        claim.diagnoses.push(code);
      }
    } else if (s.id === 'SV1') {
      line = {
        code: v(1, 1), modifiers: (s.e[1] ?? []).slice(2, 6).filter(Boolean), chargeCents: cents(v(2)), units: Number(v(4)),
        pos: v(5) || null, pointers: (s.e[7] ?? []).filter(Boolean).map(Number), from: '', to: null, renderingNpi: null,
      };
      claim.lines.push(line);
    } else if (s.id === 'DTP' && v(1) === '472' && line) {
      if (v(2) === 'RD8') { const [a, b] = v(3).split('-'); line.from = isoFrom(a!); line.to = isoFrom(b!); }
      else line.from = isoFrom(v(3));
    }
  }
  return { ...(claim as Claim), patient, billing, facility, source: file.split('/').slice(-2).join('/') };
}

// ---------- filling the NUCC fillable form ----------
const money = (c: number): string => (c / 100).toFixed(2);
const units = (u: number): string => (Number.isInteger(u) ? String(u) : String(u));
const letters = 'ABCDEFGHIJKL';

/** Shifts every date of service into the given year, keeping month and day, so samples price on current tables. */
function shiftYear(claim: Claim, year: number): Claim {
  const shift = (d: string | null): string | null => (d ? `${year}${d.slice(4)}` : d);
  return { ...claim, lines: claim.lines.map((l) => ({ ...l, from: shift(l.from)!, to: shift(l.to) })) };
}

function fieldValues(claim: Claim): Record<string, string> {
  const f: Record<string, string> = {};
  const loc = (p: Party): string => `${p.city ?? ''}, ${p.state ?? ''} ${p.zip && p.zip.length === 9 ? `${p.zip.slice(0, 5)}-${p.zip.slice(5)}` : p.zip ?? ''}`.trim();
  if (claim.payer) f.insurance_name = claim.payer.toUpperCase();
  if (claim.memberId) f.insurance_id = claim.memberId;
  f.pt_name = `${claim.patient.last}, ${claim.patient.first}${claim.patient.middle ? ` ${claim.patient.middle}` : ''}`.toUpperCase();
  f.ins_name = f.pt_name;
  f['99icd'] = claim.icd;
  claim.diagnoses.slice(0, 12).forEach((d, i) => (f[`diagnosis${i + 1}`] = d));
  claim.lines.slice(0, 6).forEach((l, i) => {
    const n = i + 1;
    const [y, m, d] = l.from.split('-');
    const [ty, tm, td] = (l.to ?? l.from).split('-');
    Object.assign(f, {
      [`sv${n}_mm_from`]: m, [`sv${n}_dd_from`]: d, [`sv${n}_yy_from`]: y!.slice(2),
      [`sv${n}_mm_end`]: tm, [`sv${n}_dd_end`]: td, [`sv${n}_yy_end`]: ty!.slice(2),
      [`place${n}`]: l.pos ?? claim.pos ?? '',
      [`cpt${n}`]: l.code,
      [`diag${n}`]: l.pointers.map((p) => letters[p - 1]).join(''),
      [`ch${n}`]: money(l.chargeCents),
      [`day${n}`]: units(l.units),
    });
    ['', 'a', 'b', 'c'].forEach((suffix, k) => { if (l.modifiers[k]) f[`mod${n}${suffix}`] = l.modifiers[k]!; });
    const npi = l.renderingNpi ?? claim.renderingNpi;
    if (npi) { f[`local${n}`] = npi; f[n === 1 ? 'emg1' : `emg${n}`] = ''; }
  });
  if (claim.tin) f.tax_id = claim.tin;
  f.pt_account = claim.accountNumber;
  f.t_charge = money(claim.totalCents);
  f.amt_paid = '0.00';
  f.physician_signature = 'SIGNATURE ON FILE';
  if (claim.facility) {
    f.fac_name = claim.facility.name.toUpperCase();
    if (claim.facility.street) f.fac_street = claim.facility.street.toUpperCase();
    if (claim.facility.city) f.fac_location = loc(claim.facility).toUpperCase();
    if (claim.facility.npi) f.pin1 = claim.facility.npi;
  }
  f.doc_name = claim.billing.name.toUpperCase();
  if (claim.billing.street) f.doc_street = claim.billing.street.toUpperCase();
  f.doc_location = loc(claim.billing).toUpperCase();
  if (claim.billing.npi) f.pin = claim.billing.npi;
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
}

/** Drops objects nothing refers to any more (pdf-lib keeps them), so a one-page copy of the form stays small. */
function collectGarbage(doc: PDFDocument): void {
  const seen = new Set<string>();
  const visit = (obj: unknown): void => {
    if (obj instanceof PDFRef) {
      if (seen.has(obj.toString())) return;
      seen.add(obj.toString());
      visit(doc.context.lookup(obj));
    } else if (obj instanceof PDFDict) for (const [, v] of obj.entries()) visit(v);
    else if (obj instanceof PDFArray) for (const v of obj.asArray()) visit(v);
    else if (obj && typeof obj === 'object' && 'dict' in obj) visit((obj as { dict: PDFDict }).dict);
  };
  visit(doc.context.trailerInfo.Root);
  visit(doc.context.trailerInfo.Info);
  for (const [ref] of doc.context.enumerateIndirectObjects()) if (!seen.has(ref.toString())) doc.context.delete(ref);
}

/** Re-encodes the form's 1.4 MB background JPEG at a fixture-friendly quality (same pixels size, same colours). */
async function shrinkBackground(doc: PDFDocument): Promise<void> {
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || obj.contents.length < 400_000) continue;
    if (obj.dict.get(PDFName.of('Filter'))?.toString() !== '/DCTDecode') continue;
    const jpeg = await sharp(obj.contents).jpeg({ quality: 70, mozjpeg: true }).toBuffer();
    const dict = obj.dict.clone(doc.context);
    dict.set(PDFName.of('Length'), PDFNumber.of(jpeg.length));
    dict.delete(PDFName.of('Metadata'));
    doc.context.assign(ref, PDFRawStream.of(dict, new Uint8Array(jpeg)));
  }
}

async function fillCms1500(claim: Claim, flatten: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.load(readFileSync(join(blankDir, 'doc2data_cms1500_0212_blank_fillable.pdf')));
  doc.removePage(1); // the instructions page
  const form = doc.getForm();
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  // The form's default resources embed a large font only used for empty fields: appearances use Helvetica.
  form.acroForm.dict.delete(PDFName.of('DR'));
  for (const field of form.getFields()) if (field instanceof PDFTextField) field.acroField.setDefaultAppearance('/Helv 0 Tf 0 g');
  const values = fieldValues(claim);
  for (const [name, value] of Object.entries(values)) {
    const field = form.getTextField(name);
    const max = field.getMaxLength();
    if (max !== undefined && value.length > max) field.setMaxLength(value.length);
    field.setText(value);
  }
  form.updateFieldAppearances(helvetica);
  if (flatten) form.flatten();
  doc.setTitle('CMS-1500 claim (synthetic, from an X12 implementation-guide example)');
  doc.setProducer('parley make-form-fixtures');
  doc.setCreator('parley');
  const fixed = new Date('2025-01-01T00:00:00Z');
  doc.setCreationDate(fixed);
  doc.setModificationDate(fixed);
  await shrinkBackground(doc);
  collectGarbage(doc);
  return doc.save({ useObjectStreams: true });
}

export interface FormTruth {
  source: string;
  sourceFormat: 'cms1500' | 'ub04' | 'itemized-statement';
  accountNumber: string;
  totalChargeCents: number;
  billingNpi: string | null;
  tin: string | null;
  billingZip: string | null;
  diagnoses: string[];
  lines: { serviceDate: string; serviceDateTo: string | null; code: string | null; revenueCode: string | null; modifiers: string[]; units: number; chargeCents: number; placeOfService: string | null; renderingNpi: string | null }[];
}

function truthOf(claim: Claim): FormTruth {
  return {
    source: claim.source,
    sourceFormat: 'cms1500',
    accountNumber: claim.accountNumber,
    totalChargeCents: claim.totalCents,
    billingNpi: claim.billing.npi,
    tin: claim.tin,
    billingZip: claim.billing.zip?.slice(0, 5) ?? null,
    diagnoses: claim.diagnoses.slice(0, 12),
    lines: claim.lines.slice(0, 6).map((l) => ({
      serviceDate: l.from, serviceDateTo: l.to ?? l.from, code: l.code, revenueCode: null, modifiers: l.modifiers,
      units: l.units, chargeCents: l.chargeCents, placeOfService: l.pos ?? claim.pos, renderingNpi: l.renderingNpi ?? claim.renderingNpi,
    })),
  };
}

// ---------- what gets written ----------
const x12 = join(dataDir, 'x12/837_005010X222A2');
const professional = ['demo.example1.837', 'demo.drug.example10.2.837', 'demo.example8.837', 'demo.example9.837', 'demo.example11.837', 'demo.cob.example3.A.837'];
for (const name of professional) {
  const claim = shiftYear(read837p(join(x12, name)), 2025);
  const base = `cms1500-${name.replace(/^demo\./, '').replace(/\.837$/, '').replace(/\./g, '-')}`;
  writeFileSync(join(outDir, `${base}-fillable.pdf`), await fillCms1500(claim, false));
  writeFileSync(join(outDir, `${base}-flat.pdf`), await fillCms1500(claim, true));
  writeFileSync(join(outDir, `${base}.truth.json`), JSON.stringify(truthOf(claim), null, 1) + '\n');
  console.log(`wrote ${base} (${claim.lines.length} lines)`);
}

// The bundled sample: BEN KILDARE SERVICE, Miami FL 33111 (a real ZIP), four lines, dates moved into 2025.
{
  const claim = shiftYear(read837p(join(x12, 'demo.example1.837')), 2025);
  mkdirSync(resolve('samples'), { recursive: true });
  writeFileSync(resolve('samples/cms1500-office-visits-miami.pdf'), await fillCms1500(claim, true));
  console.log('wrote samples/cms1500-office-visits-miami.pdf');
}
