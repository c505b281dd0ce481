// Generates the document-reader fixtures deterministically: born-digital CMS-1500 PDFs filled from the X12 837P
// sample claims (fillable and flattened), UB-04 PDFs drawn on the blank form from the 837I claims, itemized
// statements in three unlike layouts, scanned-looking images of the CMS-1500s in quality tiers (blur, noise,
// rotation, JPEG, fax binarization, photo perspective), their ground truth, and the bundled sample bill under samples/.
//   node bin/run-ts.mjs scripts/make-form-fixtures.ts [/path/to/shared/data]
// A held-out-style dev set (not committed: random claims on the form, degraded the way public CMS-1500 benchmark
// tiers are described: perspective photos, streaky faxes, crinkled stained copies) for checking that a change
// generalises beyond the committed fixtures:
//   node bin/run-ts.mjs scripts/make-form-fixtures.ts --dev-scans /tmp/dev-scans [--count 4] [--seed 7] [--charge-size 12]
// The same tiers of the committed one-page UB-04s and itemized statements, and of the UB-04s printed on the red
// drop-out form (to measure those readers on scans):
//   node bin/run-ts.mjs scripts/make-form-fixtures.ts --form-scans /tmp/form-scans [--seed 7]
// --charge-size sets the charges' and total's font size in points (default: fitted to the box, small), as a form filler
// that writes amounts at a fixed 12 pt does (the public benchmark's forms print them so).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PDFDocument, PDFPage, PDFFont, rgb, PDFName, PDFRef, PDFDict, PDFArray, PDFNumber, PDFRawStream, StandardFonts, PDFTextField } from 'pdf-lib';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import PDFKit from 'pdfkit';
import { seededRandom } from './seeded-random.ts';

// Declared before the top-level awaits below run (they reach functions that read it).
const TIERS = ['pristine', 'clean_scan', 'worn_scan', 'fax', 'phone_photo', 'worst'] as const;
type Tier = (typeof TIERS)[number];
const flag = (name: string): string | null => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] ?? null : null);
const devScansDir = flag('--dev-scans');
const dataDir = resolve(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : '../shared/data');
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

async function fillCms1500(claim: Claim, flatten: boolean, chargeSize?: number): Promise<Uint8Array> {
  const doc = await PDFDocument.load(readFileSync(join(blankDir, 'doc2data_cms1500_0212_blank_fillable.pdf')));
  doc.removePage(1); // the instructions page
  const form = doc.getForm();
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  // The form's default resources embed a large font only used for empty fields: appearances use Helvetica.
  form.acroForm.dict.delete(PDFName.of('DR'));
  for (const field of form.getFields())
    if (field instanceof PDFTextField) field.acroField.setDefaultAppearance(`/Helv ${chargeSize && /^(ch\d|t_charge)$/.test(field.getName()) ? chargeSize : 0} Tf 0 g`);
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
  typeOfBill?: string | null;
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

// ---------- the UB-04: an 837I claim drawn onto the blank form ----------
interface InstitutionalLine { revenueCode: string; code: string | null; modifiers: string[]; description: string; date: string | null; units: number; chargeCents: number }
interface InstitutionalClaim {
  source: string; provider: Party; tin: string | null; patientControl: string; typeOfBill: string; from: string; to: string;
  admission: string | null; patient: { last: string; first: string }; memberId: string | null; payer: string | null;
  principal: string | null; otherDiagnoses: string[]; drg: string | null; attending: { last: string; first: string; npi: string | null } | null;
  lines: InstitutionalLine[]; totalCents: number;
}

const REVENUE_WORDS: Record<string, string> = {
  '0110': 'ROOM-BOARD/PVT', '0120': 'ROOM-BOARD/SEMI', '0250': 'PHARMACY', '0270': 'MED-SUR SUPPLIES', '0300': 'LABORATORY',
  '0301': 'LAB/CHEMISTRY', '0305': 'LAB/HEMATOLOGY', '0320': 'DX X-RAY', '0360': 'OR SERVICES', '0450': 'EMERG ROOM',
  '0471': 'AUDIOLOGY/DIAGNOS', '0636': 'DRUGS/DETAIL CODE', '0730': 'EKG/ECG', '0710': 'RECOVERY ROOM',
};

function read837i(file: string): InstitutionalClaim[] {
  const segs = segments(readFileSync(file, 'latin1'));
  const claims: InstitutionalClaim[] = [];
  const provider: Party = { name: '', npi: null, street: null, city: null, state: null, zip: null };
  let tin: string | null = null;
  let ctx = '';
  let patient = { last: '', first: '' };
  let memberId: string | null = null;
  let payer: string | null = null;
  let claim: InstitutionalClaim | null = null;
  let line: InstitutionalLine | null = null;
  for (const s of segs) {
    const v = (i: number, c = 0): string => s.e[i]?.[c] ?? '';
    if (s.id === 'NM1') {
      ctx = v(1);
      if (ctx === '85') { provider.name = v(3); provider.npi = v(9) || null; }
      if (ctx === 'IL') { memberId = v(9) || null; patient = { last: v(3), first: v(4) }; }
      if (ctx === 'QC') patient = { last: v(3), first: v(4) };
      if (ctx === 'PR') payer = v(3);
      if (ctx === '71' && claim) claim.attending = { last: v(3), first: v(4), npi: v(9) || null };
    } else if (s.id === 'N3' && ctx === '85') provider.street = v(1);
    else if (s.id === 'N4' && ctx === '85') { provider.city = v(1); provider.state = v(2); provider.zip = v(3); }
    else if (s.id === 'REF' && v(1) === 'EI' && ctx === '85') tin = v(2).replace(/-/g, '');
    else if (s.id === 'CLM') {
      claim = {
        source: file.split('/').slice(-2).join('/'), provider: { ...provider }, tin, patientControl: v(1),
        typeOfBill: `0${v(5, 0)}${v(5, 2)}`, from: '', to: '', admission: null, patient, memberId, payer, principal: null,
        otherDiagnoses: [], drg: null, attending: null, lines: [], totalCents: cents(v(2)),
      };
      claims.push(claim);
      line = null;
    } else if (s.id === 'DTP' && claim) {
      if (v(1) === '434') { const [a, b] = v(3).split('-'); claim.from = isoFrom(a!); claim.to = isoFrom(b ?? a!); }
      if (v(1) === '435') claim.admission = isoFrom(v(3).slice(0, 8));
      if (v(1) === '472' && line) line.date = isoFrom(v(3).slice(0, 8));
    } else if (s.id === 'HI' && claim) {
      for (let i = 1; i < s.e.length; i++) {
        const [qual, code] = s.e[i]!;
        if (qual === 'BK' || qual === 'ABK') claim.principal = code!;
        if (qual === 'BF' || qual === 'ABF') claim.otherDiagnoses.push(code!);
        if (qual === 'DR') claim.drg = code!;
      }
    } else if (s.id === 'SV2' && claim) {
      const rev = v(1).padStart(4, '0');
      line = {
        revenueCode: rev, code: v(2, 1) || null, modifiers: (s.e[2] ?? []).slice(2, 6).filter(Boolean),
        description: REVENUE_WORDS[rev] ?? 'SERVICES', date: null, units: Number(v(5)), chargeCents: cents(v(3)),
      };
      claim.lines.push(line);
    }
  }
  for (const c of claims) if (!c.from) { const d = c.lines.map((l) => l.date).filter(Boolean).sort(); c.from = d[0]!; c.to = d[d.length - 1]!; }
  return claims;
}

function shiftInstitutional(claim: InstitutionalClaim, year: number): InstitutionalClaim {
  const shift = (d: string | null): string | null => (d ? `${year}${d.slice(4)}` : d);
  return { ...claim, from: shift(claim.from)!, to: shift(claim.to)!, admission: shift(claim.admission), lines: claim.lines.map((l) => ({ ...l, date: shift(l.date) })) };
}

/** A long inpatient stay (synthetic, 30 lines over two pages) for the multi-page reader. */
function syntheticInpatientStay(): InstitutionalClaim {
  const lines: InstitutionalLine[] = [];
  const services: [string, string | null, number][] = [
    ['0300', '85025', 4500], ['0301', '80053', 8900], ['0305', '85610', 3100], ['0320', '71046', 24000], ['0250', null, 1250],
    ['0730', '93005', 7654], ['0270', null, 3399], ['0636', 'J1100', 1875], ['0301', '82947', 2150], ['0300', '36415', 1500],
  ];
  for (let day = 0; day < 3; day++) {
    lines.push({ revenueCode: '0120', code: null, modifiers: [], description: REVENUE_WORDS['0120']!, date: `2025-06-${String(10 + day).padStart(2, '0')}`, units: 1, chargeCents: 185000 });
    for (const [i, [rev, code, charge]] of services.entries()) {
      if ((day + i) % 3 === 2 && lines.length > 3) continue;
      lines.push({ revenueCode: rev, code, modifiers: [], description: REVENUE_WORDS[rev] ?? 'SERVICES', date: `2025-06-${String(10 + day).padStart(2, '0')}`, units: 1 + ((i + day) % 2), chargeCents: charge * (1 + ((i + day) % 2)) });
    }
  }
  lines.sort((a, b) => (a.revenueCode + (a.date ?? '')).localeCompare(b.revenueCode + (b.date ?? '')));
  return {
    source: 'synthetic inpatient stay (no X12 source)', provider: { name: 'GOOD HEALTH HOSPITAL', npi: '1234567893', street: '1200 HOSPITAL DRIVE', city: 'COLUMBUS', state: 'OH', zip: '43215' },
    tin: '311234567', patientControl: 'IP-20250610-07', typeOfBill: '0111', from: '2025-06-10', to: '2025-06-12', admission: '2025-06-10',
    patient: { last: 'DOE', first: 'JANE' }, memberId: 'XYZ123456789', payer: 'ACME HEALTH PLAN', principal: 'J189', otherDiagnoses: ['I10', 'E119'],
    drg: '194', attending: { last: 'RIVERS', first: 'DAWN', npi: '1122334455' }, lines, totalCents: lines.reduce((s, l) => s + l.chargeCents, 0),
  };
}

const mmddyy = (iso: string | null): string => (iso ? `${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(2, 4)}` : '');

/** Draws text into a template cell of the UB-04 blank (its page space runs from y = -792 at the bottom to 0 at the top). */
function drawCell(page: PDFPage, font: PDFFont, rect: { x: number; y: number; w: number; h: number }, text: string, align: 'left' | 'right' = 'left'): void {
  if (!text) return;
  const size = 8;
  const width = font.widthOfTextAtSize(text, size);
  const x = align === 'right' ? rect.x + rect.w - width - 3 : rect.x + 3;
  page.drawText(text, { x, y: -(rect.y + rect.h - 3), size, font, color: rgb(0, 0, 0) });
}

/** A UB-04 filled from the claim, on the NUBC sample form or (onForm false) on blank paper, to lay over another form. */
async function fillUb04(claim: InstitutionalClaim, moneyStyle: 'point' | 'split', onForm = true): Promise<Uint8Array> {
  const { UB04_HEADER, UB04_OTHER_DIAGNOSES, ub04LineCell, UB04_LINES_PER_PAGE } = await import('../shared/extract/documents/ub04/template.ts');
  const blank = await PDFDocument.load(readFileSync(join(blankDir, 'doc2data_ub04_blank_SAMPLE_watermark.pdf')));
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  const amount = (c: number): string => (moneyStyle === 'point' ? (c / 100).toFixed(2) : `${Math.floor(c / 100).toLocaleString('en-US')} ${String(c % 100).padStart(2, '0')}`);
  const pageCount = Math.ceil(claim.lines.length / UB04_LINES_PER_PAGE);
  for (let p = 0; p < pageCount; p++) {
    const [page] = onForm ? await doc.copyPages(blank, [0]) : [doc.addPage([612, 792])];
    if (onForm) doc.addPage(page!);
    // The sample form's content leaves its origin at the top left, where the cells below are drawn from.
    else page!.translateContent(0, 792);
    const cell = (key: keyof typeof UB04_HEADER): { x: number; y: number; w: number; h: number } => UB04_HEADER[key]!.rect;
    drawCell(page!, font, cell('providerLine1'), claim.provider.name.toUpperCase());
    drawCell(page!, font, cell('providerLine2'), (claim.provider.street ?? '').toUpperCase());
    const zip = claim.provider.zip ?? '';
    drawCell(page!, font, cell('providerLine3'), `${(claim.provider.city ?? '').toUpperCase()}, ${claim.provider.state ?? ''} ${zip.length === 9 ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip}`);
    drawCell(page!, font, cell('patientControl'), claim.patientControl);
    drawCell(page!, font, cell('typeOfBill'), claim.typeOfBill);
    drawCell(page!, font, cell('taxId'), claim.tin ? `${claim.tin.slice(0, 2)}-${claim.tin.slice(2)}` : '');
    drawCell(page!, font, cell('statementFrom'), mmddyy(claim.from));
    drawCell(page!, font, cell('statementThrough'), mmddyy(claim.to));
    drawCell(page!, font, cell('patientName'), `${claim.patient.last}, ${claim.patient.first}`.toUpperCase());
    drawCell(page!, font, cell('admissionDate'), mmddyy(claim.admission));
    drawCell(page!, font, cell('payerName'), (claim.payer ?? '').toUpperCase());
    drawCell(page!, font, cell('billingNpi'), claim.provider.npi ?? '');
    drawCell(page!, font, cell('insuredId'), claim.memberId ?? '');
    drawCell(page!, font, cell('principalDiagnosis'), claim.principal ?? '');
    claim.otherDiagnoses.slice(0, 17).forEach((d, i) => drawCell(page!, font, UB04_OTHER_DIAGNOSES[i]!, d));
    drawCell(page!, font, cell('drg'), claim.drg ?? '');
    if (claim.attending) {
      drawCell(page!, font, cell('attendingNpi'), claim.attending.npi ?? '');
      drawCell(page!, font, cell('attendingLast'), claim.attending.last.toUpperCase());
      drawCell(page!, font, cell('attendingFirst'), claim.attending.first.toUpperCase());
    }
    const slice = claim.lines.slice(p * UB04_LINES_PER_PAGE, (p + 1) * UB04_LINES_PER_PAGE);
    slice.forEach((l, i) => {
      const n = i + 1;
      drawCell(page!, font, ub04LineCell(n, 'revenueCode'), l.revenueCode);
      drawCell(page!, font, ub04LineCell(n, 'description'), l.description);
      drawCell(page!, font, ub04LineCell(n, 'hcpcs'), [l.code ?? '', ...l.modifiers].join(' ').trim());
      drawCell(page!, font, ub04LineCell(n, 'serviceDate'), mmddyy(l.date));
      drawCell(page!, font, ub04LineCell(n, 'units'), String(l.units), 'right');
      drawCell(page!, font, ub04LineCell(n, 'totalCharge'), amount(l.chargeCents), 'right');
    });
    const totals = UB04_LINES_PER_PAGE + 1;
    drawCell(page!, font, ub04LineCell(totals, 'description'), `    ${p + 1}        ${pageCount}`);
    if (p === pageCount - 1) {
      drawCell(page!, font, ub04LineCell(totals, 'revenueCode'), '0001');
      drawCell(page!, font, ub04LineCell(totals, 'serviceDate'), '010125');
      drawCell(page!, font, ub04LineCell(totals, 'totalCharge'), amount(claim.totalCents), 'right');
    }
  }
  doc.setTitle('UB-04 claim (synthetic, drawn on the NUBC sample form)');
  doc.setProducer('parley make-form-fixtures');
  doc.setCreator('parley');
  doc.setCreationDate(new Date('2025-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2025-01-01T00:00:00Z'));
  return doc.save({ useObjectStreams: true });
}

function institutionalTruth(claim: InstitutionalClaim): FormTruth {
  return {
    source: claim.source,
    sourceFormat: 'ub04',
    accountNumber: claim.patientControl,
    totalChargeCents: claim.totalCents,
    billingNpi: claim.provider.npi,
    tin: claim.tin,
    billingZip: claim.provider.zip?.slice(0, 5) ?? null,
    diagnoses: [claim.principal, ...claim.otherDiagnoses].filter((d): d is string => !!d).slice(0, 18),
    typeOfBill: claim.typeOfBill,
    lines: claim.lines.map((l) => ({
      serviceDate: l.date!, serviceDateTo: null, code: l.code, revenueCode: l.revenueCode, modifiers: l.modifiers, units: l.units,
      chargeCents: l.chargeCents, placeOfService: null, renderingNpi: null,
    })),
  };
}

// ---------- what gets written ----------
const formScansDir = flag('--form-scans');
if (formScansDir) {
  await makeFormScans(resolve(formScansDir), Number(flag('--seed') ?? 7));
  process.exit(0);
}
if (devScansDir) {
  const chargeSize = flag('--charge-size');
  await makeDevScans(resolve(devScansDir), Number(flag('--count') ?? 4), Number(flag('--seed') ?? 7), chargeSize ? Number(chargeSize) : undefined);
  process.exit(0);
}
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

// UB-04s from the 837I examples (dates moved into 2025), and one long synthetic stay that spans two pages.
function institutionalClaims(): [string, InstitutionalClaim, 'point' | 'split'][] {
  const x12i = join(dataDir, 'x12/837_005010X223A3');
  return [
    ['ub04-institutional-claim', shiftInstitutional(read837i(join(x12i, 'institutional-claim.837i'))[0]!, 2025), 'point'],
    ['ub04-ppo-repriced-claim', shiftInstitutional(read837i(join(x12i, 'ppo-repriced-claim.837i'))[0]!, 2025), 'split'],
    ['ub04-out-of-network-claim', shiftInstitutional(read837i(join(x12i, 'out-of-network-repriced-claim.837i'))[0]!, 2025), 'point'],
    ['ub04-inpatient-two-pages', syntheticInpatientStay(), 'split'],
  ];
}
{
  for (const [base, claim, style] of institutionalClaims()) {
    writeFileSync(join(outDir, `${base}.pdf`), await fillUb04(claim, style));
    writeFileSync(join(outDir, `${base}.truth.json`), JSON.stringify(institutionalTruth(claim), null, 1) + '\n');
    console.log(`wrote ${base} (${claim.lines.length} lines)`);
  }
}

// ---------- itemized statements: three layouts a reader has never been tuned to ----------
interface StatementLine { date: string; revenueCode: string | null; code: string | null; modifiers: string[]; description: string; units: number; chargeCents: number }
interface Statement {
  source: string; provider: Party; tin: string | null; account: string; patient: string; from: string; to: string; lines: StatementLine[];
}

function pdfkitBytes(draw: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const doc = new PDFKit({ size: 'LETTER', margin: 40, info: { Title: 'Itemized statement (synthetic)', Producer: 'parley make-form-fixtures', Creator: 'parley', CreationDate: new Date('2025-01-01T00:00:00Z') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  draw(doc);
  doc.end();
  return done;
}

const usd = (c: number): string => `${c < 0 ? '-' : ''}${(Math.abs(c) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const mdy = (iso: string, digits: 2 | 4): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${digits === 4 ? iso.slice(0, 4) : iso.slice(2, 4)}`;

/** A table with a header that repeats on each page; columns are [label, x, width, align]. */
function drawTable(doc: PDFKit.PDFDocument, columns: [string, number, number, 'left' | 'right'][], rows: string[][], top: number, bottomLimit = 700): number {
  let y = top;
  const header = (): void => {
    doc.font('Helvetica-Bold').fontSize(8.5);
    for (const [label, x, w, align] of columns) doc.text(label, x, y, { width: w, align, lineBreak: false });
    y += 16;
    doc.moveTo(40, y - 4).lineTo(572, y - 4).lineWidth(0.5).stroke();
    doc.font('Helvetica').fontSize(8.5);
  };
  header();
  for (const row of rows) {
    if (y > bottomLimit) {
      doc.addPage();
      y = 50;
      header();
    }
    row.forEach((cell, i) => {
      const [, x, w, align] = columns[i]!;
      doc.text(cell, x, y, { width: w, align, lineBreak: false });
    });
    y += 13;
  }
  return y;
}

function statementTruth(st: Statement, total: number): FormTruth {
  return {
    source: st.source, sourceFormat: 'itemized-statement', accountNumber: st.account, totalChargeCents: total,
    billingNpi: st.provider.npi, tin: st.tin, billingZip: st.provider.zip?.slice(0, 5) ?? null, diagnoses: [],
    lines: st.lines.map((l) => ({ serviceDate: l.date, serviceDateTo: null, code: l.code, revenueCode: l.revenueCode, modifiers: l.modifiers, units: l.units, chargeCents: l.chargeCents, placeOfService: null, renderingNpi: null })),
  };
}

async function hospitalStatement(st: Statement): Promise<Uint8Array> {
  const total = st.lines.reduce((s, l) => s + l.chargeCents, 0);
  return pdfkitBytes((doc) => {
    doc.font('Helvetica-Bold').fontSize(13).text(st.provider.name, 40, 40);
    doc.font('Helvetica').fontSize(9).text(st.provider.street ?? '', 40, 58).text(`${st.provider.city}, ${st.provider.state} ${st.provider.zip}`, 40, 70);
    doc.text(`NPI: ${st.provider.npi}     Tax ID: ${st.tin!.slice(0, 2)}-${st.tin!.slice(2)}`, 40, 84);
    doc.font('Helvetica-Bold').fontSize(12).text('ITEMIZED STATEMENT OF HOSPITAL CHARGES', 300, 40, { width: 272, align: 'right' });
    doc.font('Helvetica').fontSize(9).text(`Patient: ${st.patient}`, 300, 62, { width: 272, align: 'right' });
    doc.text(`Account #: ${st.account}`, 300, 74, { width: 272, align: 'right' });
    doc.text(`Statement period: ${mdy(st.from, 4)} - ${mdy(st.to, 4)}`, 300, 86, { width: 272, align: 'right' });
    const y = drawTable(doc, [['Date of Service', 40, 70, 'left'], ['Rev Code', 115, 45, 'left'], ['CPT/HCPCS', 165, 60, 'left'], ['Description', 230, 200, 'left'], ['Qty', 430, 35, 'right'], ['Charges', 480, 92, 'right']],
      st.lines.map((l) => [mdy(l.date, 4), l.revenueCode ?? '', [l.code ?? '', ...l.modifiers].join(' ').trim(), l.description, String(l.units), usd(l.chargeCents)]), 120);
    doc.font('Helvetica-Bold').text('Total Charges', 330, y + 12, { width: 140 }).text(`$${usd(total)}`, 480, y + 12, { width: 92, align: 'right' });
    doc.font('Helvetica').text('Payments/Adjustments', 330, y + 26, { width: 140 }).text('$0.00', 480, y + 26, { width: 92, align: 'right' });
    doc.font('Helvetica-Bold').text('Balance Due', 330, y + 40, { width: 140 }).text(`$${usd(total)}`, 480, y + 40, { width: 92, align: 'right' });
  });
}

async function clinicStatement(st: Statement): Promise<Uint8Array> {
  const total = st.lines.reduce((s, l) => s + l.chargeCents, 0);
  return pdfkitBytes((doc) => {
    doc.font('Times-Bold').fontSize(15).text('Statement of Services', 40, 40, { width: 532, align: 'center' });
    doc.font('Times-Roman').fontSize(10);
    doc.text(`Account Number: ${st.account}`, 40, 80).text(`Patient Name: ${st.patient}`, 40, 94);
    doc.text(st.provider.name, 360, 80, { width: 212, align: 'right' }).text(st.provider.street ?? '', 360, 94, { width: 212, align: 'right' }).text(`${st.provider.city}, ${st.provider.state} ${st.provider.zip}`, 360, 108, { width: 212, align: 'right' });
    doc.text(`Provider NPI ${st.provider.npi}`, 360, 122, { width: 212, align: 'right' }).text(`Federal Tax ID: ${st.tin!.slice(0, 2)}-${st.tin!.slice(2)}`, 360, 136, { width: 212, align: 'right' });
    const y = drawTable(doc, [['Service Date', 40, 70, 'left'], ['Description', 115, 190, 'left'], ['Code', 310, 50, 'left'], ['Mod', 362, 40, 'left'], ['Units', 405, 40, 'right'], ['Unit Price', 450, 55, 'right'], ['Amount', 510, 62, 'right']],
      st.lines.map((l) => [mdy(l.date, 4), l.description, l.code ?? '', l.modifiers.join(' '), String(l.units), usd(Math.round(l.chargeCents / l.units)), usd(l.chargeCents)]), 160);
    doc.font('Times-Bold').fontSize(10).text('TOTAL', 405, y + 14, { width: 100, align: 'right' }).text(usd(total), 510, y + 14, { width: 62, align: 'right' });
  });
}

async function ledgerStatement(st: Statement): Promise<Uint8Array> {
  const total = st.lines.reduce((s, l) => s + l.chargeCents, 0);
  return pdfkitBytes((doc) => {
    doc.font('Courier-Bold').fontSize(11).text(st.provider.name, 40, 40);
    doc.font('Courier').fontSize(9).text(st.provider.street ?? '', 40, 54).text(`${st.provider.city}, ${st.provider.state} ${st.provider.zip}`, 40, 66);
    doc.text(`TIN ${st.tin}   NPI# ${st.provider.npi}`, 40, 80);
    doc.text(`ACCT ${st.account}`, 360, 54, { width: 212, align: 'right' }).text(`PATIENT: ${st.patient}`, 360, 66, { width: 212, align: 'right' });
    doc.font('Courier-Bold').fontSize(10).text('DETAIL OF CHARGES', 40, 104);
    doc.font('Courier');
    const y = drawTable(doc, [['POSTED', 40, 55, 'left'], ['DOS', 100, 55, 'left'], ['PROCEDURE', 160, 75, 'left'], ['DESCRIPTION', 240, 150, 'left'], ['QTY', 395, 30, 'right'], ['BILLED', 430, 45, 'right'], ['PAID', 480, 40, 'right'], ['BALANCE', 525, 47, 'right']],
      st.lines.map((l) => [mdy(st.to, 2), mdy(l.date, 2), [l.code ?? '', ...l.modifiers].join('-'), l.description.slice(0, 24), String(l.units), usd(l.chargeCents), '0.00', usd(l.chargeCents)]), 124);
    doc.font('Courier-Bold').text(`TOTAL BILLED`, 240, y + 14, { width: 150 }).text(usd(total), 420, y + 14, { width: 55, align: 'right' });
    doc.text('AMOUNT DUE', 240, y + 28, { width: 150 }).text(usd(total), 517, y + 28, { width: 55, align: 'right' });
  });
}

{
  const HCPCS_WORDS: Record<string, string> = { S9500: 'HOME INFUSION THERAPY, PER DIEM', S5001: 'PRESCRIPTION DRUG, BRAND NAME', S5000: 'PRESCRIPTION DRUG, GENERIC', A0427: 'ALS1-EMERGENCY TRANSPORT', A0425: 'GROUND MILEAGE, PER STATUTE MILE', A0422: 'AMBULANCE O2 AND SUPPLIES', A0382: 'BLS DISPOSABLE SUPPLIES' };
  const fromProfessional = (file: string, year: number): Statement => {
    const c = shiftYear(read837p(join(x12, file)), year);
    const dates = c.lines.map((l) => l.from).sort();
    return {
      source: c.source, provider: c.billing, tin: c.tin, account: c.accountNumber, patient: `${c.patient.last}, ${c.patient.first}`.toUpperCase(),
      from: dates[0]!, to: dates[dates.length - 1]!,
      lines: c.lines.map((l) => ({ date: l.from, revenueCode: null, code: l.code, modifiers: l.modifiers, description: HCPCS_WORDS[l.code] ?? 'PROFESSIONAL SERVICE', units: l.units, chargeCents: l.chargeCents })),
    };
  };
  const stay = syntheticInpatientStay();
  const longStay: Statement = {
    source: stay.source, provider: stay.provider, tin: stay.tin, account: stay.patientControl, patient: 'DOE, JANE', from: '2025-06-10', to: '2025-06-14',
    lines: [0, 2].flatMap((shiftDays) => stay.lines.map((l) => ({ date: `2025-06-${String(Number(l.date!.slice(8)) + shiftDays).padStart(2, '0')}`, revenueCode: l.revenueCode, code: l.code, modifiers: l.modifiers, description: l.description, units: l.units, chargeCents: l.chargeCents }))),
  };
  const statements: [string, Statement, (s: Statement) => Promise<Uint8Array>][] = [
    ['statement-hospital-two-pages', longStay, hospitalStatement],
    ['statement-clinic-home-infusion', fromProfessional('demo.drug.example10.2.837', 2025), clinicStatement],
    ['statement-ledger-ambulance', fromProfessional('demo.ambulance.example5.837', 2025), ledgerStatement],
  ];
  for (const [base, st, draw] of statements) {
    writeFileSync(join(outDir, `${base}.pdf`), await draw(st));
    writeFileSync(join(outDir, `${base}.truth.json`), JSON.stringify(statementTruth(st, st.lines.reduce((s, l) => s + l.chargeCents, 0)), null, 1) + '\n');
    console.log(`wrote ${base} (${st.lines.length} lines)`);
  }
}

// ---------- scanned-looking images of the born-digital CMS-1500s, in quality tiers ----------
/** A page of UB-04 data (black on white, 1700 x 2200) laid over the red drop-out form. */
async function onRedUb04(data: { width: number; height: number; data: Buffer }): Promise<{ width: number; height: number; data: Buffer }> {
  const red = await sharp(join(blankDir, 'oopfactory_UB04_Red.gif')).resize(data.width, data.height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  return { ...data, data: Buffer.from(data.data.map((v, i) => Math.min(v, red[i]!))) };
}

async function renderPdfPage(bytes: Uint8Array, pageNumber = 1): Promise<{ width: number; height: number; data: Buffer }> {
  const { openPdf } = await import('../shared/extract/documents/pdf.ts');
  const { renderPage } = await import('../shared/extract/documents/pdf-raster.ts');
  const pdf = await openPdf(bytes);
  try {
    const r = await renderPage(pdf.doc, pageNumber);
    return { width: r.width, height: r.height, data: Buffer.from(r.data) };
  } finally {
    await pdf.close();
  }
}

function addNoise(data: Buffer, channels: number, sigma: number, random: () => number): void {
  for (let i = 0; i < data.length; i += channels) {
    const n = (random() + random() + random() - 1.5) * sigma * 1.4;
    for (let c = 0; c < channels; c++) data[i + c] = Math.max(0, Math.min(255, data[i + c]! + n));
  }
}


async function degrade(page: { width: number; height: number; data: Buffer }, tier: Tier, seed: number): Promise<{ bytes: Buffer; ext: string }> {
  const random = seededRandom(seed);
  const raw = { raw: { width: page.width, height: page.height, channels: 3 as const } };
  const white = { r: 255, g: 255, b: 255 };
  const toRaw = async (img: Sharp): Promise<{ data: Buffer; info: OutputInfo }> => img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (tier === 'pristine') return { bytes: await sharp(page.data, raw).png({ compressionLevel: 9, palette: true, colours: 64 }).toBuffer(), ext: 'png' };
  if (tier === 'fax') {
    // A fax machine thresholds the page (the red form prints mid-grey, so it survives as black) at about 100 dpi.
    const { data, info } = await toRaw(sharp(page.data, raw).rotate(0.7, { background: white }).greyscale().resize({ width: Math.round(page.width / 2), kernel: 'cubic' }));
    for (let i = 0; i < data.length; i++) data[i] = data[i]! < 200 + (random() - 0.5) * 30 ? 0 : 255;
    const streak = Math.floor(info.width * (0.3 + random() * 0.4));
    for (let y = 0; y < info.height; y++) data[y * info.width + streak] = 0;
    const bytes = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).resize({ width: page.width, kernel: 'nearest' }).png({ compressionLevel: 9, colours: 2 }).toBuffer();
    return { bytes, ext: 'png' };
  }
  const settings = {
    clean_scan: { angle: 0.5, blur: 0.5, noise: 6, fade: 1, shear: 0, light: 0, quality: 85 },
    worn_scan: { angle: -1.2, blur: 0.9, noise: 14, fade: 0.82, shear: 0, light: 0, quality: 75 },
    phone_photo: { angle: 2.2, blur: 0.8, noise: 8, fade: 0.92, shear: 0.012, light: 0.28, quality: 62 },
    worst: { angle: -3.5, blur: 1.5, noise: 22, fade: 0.7, shear: 0.02, light: 0.35, quality: 38 },
  }[tier];
  let img = sharp(page.data, raw);
  if (settings.shear) img = sharp(await img.affine([[1, settings.shear], [-settings.shear * 0.6, 1 - settings.shear]], { background: white }).png().toBuffer());
  img = img.rotate(settings.angle, { background: tier === 'phone_photo' || tier === 'worst' ? { r: 120, g: 118, b: 112 } : white });
  if (settings.blur >= 0.3) img = img.blur(settings.blur);
  img = img.linear(settings.fade, 255 * (1 - settings.fade) * 0.8);
  const { data, info } = await toRaw(img);
  if (settings.light) {
    // Uneven lighting: a photo is darker towards one corner.
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++) {
        const k = 1 - settings.light * ((x / info.width) * 0.6 + (y / info.height) * 0.4);
        const i = (y * info.width + x) * info.channels;
        for (let c = 0; c < info.channels; c++) data[i + c] = data[i + c]! * k;
      }
  }
  addNoise(data, info.channels, settings.noise, random);
  const bytes = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels as 3 } }).jpeg({ quality: settings.quality, mozjpeg: true }).toBuffer();
  return { bytes, ext: 'jpg' };
}

{
  const scansDir = join(outDir, 'scans');
  mkdirSync(scansDir, { recursive: true });
  const sources = ['cms1500-example1', 'cms1500-drug-example10-2', 'cms1500-cob-example3-A'];
  for (const [k, base] of sources.entries()) {
    const page = await renderPdfPage(new Uint8Array(readFileSync(join(outDir, `${base}-flat.pdf`))));
    for (const [t, tier] of TIERS.entries()) {
      const { bytes, ext } = await degrade(page, tier, 1000 + k * 10 + t);
      writeFileSync(join(scansDir, `${base}-${tier}.${ext}`), bytes);
      writeFileSync(join(scansDir, `${base}-${tier}.truth.json`), readFileSync(join(outDir, `${base}.truth.json`)));
    }
    console.log(`wrote scans of ${base}`);
  }
  // A UB-04 and a statement in every tier, and a two-page UB-04 scanned into one PDF of images (pages of one claim,
  // read as one bill).
  for (const [k, base] of ['ub04-ppo-repriced-claim', 'statement-clinic-home-infusion'].entries()) {
    const page = await renderPdfPage(new Uint8Array(readFileSync(join(outDir, `${base}.pdf`))));
    for (const [t, tier] of TIERS.entries()) {
      const { bytes, ext } = await degrade(page, tier, 1100 + k * 10 + t);
      writeFileSync(join(scansDir, `${base}-${tier}.${ext}`), bytes);
      writeFileSync(join(scansDir, `${base}-${tier}.truth.json`), readFileSync(join(outDir, `${base}.truth.json`)));
    }
  }
  // The UB-04 printed on the red drop-out form billing offices load (oopfactory's artwork), scanned and photographed.
  const [, ppo, ppoStyle] = institutionalClaims().find(([name]) => name === 'ub04-ppo-repriced-claim')!;
  const redPage = await onRedUb04(await renderPdfPage(await fillUb04(ppo, ppoStyle, false)));
  for (const [t, tier] of (['clean_scan', 'phone_photo'] as const).entries()) {
    const { bytes, ext } = await degrade(redPage, tier, 1300 + t);
    writeFileSync(join(scansDir, `ub04-red-ppo-repriced-claim-${tier}.${ext}`), bytes);
    writeFileSync(join(scansDir, `ub04-red-ppo-repriced-claim-${tier}.truth.json`), readFileSync(join(outDir, 'ub04-ppo-repriced-claim.truth.json')));
  }
  const twoPages = 'ub04-inpatient-two-pages';
  const scanned = await PDFDocument.create();
  scanned.setCreationDate(new Date('2025-01-01T00:00:00Z'));
  scanned.setModificationDate(new Date('2025-01-01T00:00:00Z'));
  for (const n of [1, 2]) {
    const { bytes } = await degrade(await renderPdfPage(new Uint8Array(readFileSync(join(outDir, `${twoPages}.pdf`))), n), 'worn_scan', 1200 + n);
    const image = await scanned.embedJpg(bytes);
    scanned.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
  }
  writeFileSync(join(scansDir, `${twoPages}-worn_scan.pdf`), await scanned.save({ useObjectStreams: false }));
  writeFileSync(join(scansDir, `${twoPages}-worn_scan.truth.json`), readFileSync(join(outDir, `${twoPages}.truth.json`)));
  console.log(`wrote scans of a UB-04, a statement and ${twoPages}`);
}

// ---------- a held-out-style dev set: random claims, degraded like the public benchmark's tiers ----------

function luhnNpi(random: () => number): string {
  for (;;) {
    const body = `${1 + Math.floor(random() * 2)}${Array.from({ length: 8 }, () => Math.floor(random() * 10)).join('')}`;
    for (let check = 0; check <= 9; check++) {
      const digits = `80840${body}${check}`;
      let sum = 0;
      for (let i = 0; i < digits.length; i++) {
        let d = Number(digits[digits.length - 1 - i]);
        if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      if (sum % 10 === 0) return `${body}${check}`;
    }
  }
}

function randomClaim(random: () => number, k: number): Claim {
  const codeSet = JSON.parse(readFileSync(resolve('shared/extract/documents/code-set.json'), 'utf8')) as { codes: string; modifiers: string };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const codes = codeSet.codes.split(' ').filter((c) => !/[FTUM]$/.test(c));
  const hcpcs = codes.filter((c) => /^[A-Z]/.test(c));
  const cpt = codes.filter((c) => /^\d{5}$/.test(c));
  const modifiers = codeSet.modifiers.split(' ').filter((m) => /^[A-Z0-9]{2}$/.test(m));
  const n = 1 + Math.floor(random() * 6);
  const year = 2025 + Math.floor(random() * 2);
  const day = (): string => `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const pos = pick(['11', '21', '22', '23', '12', '19', '10', '31', '81', '49', '56', '07', '04', '13', '54']);
  const npi = luhnNpi(random);
  const lines: ClaimLine[] = Array.from({ length: n }, () => {
    const from = day();
    const mods = random() < 0.35 ? Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(modifiers)) : [];
    const units = random() < 0.7 ? 1 : 1 + Math.floor(random() * 30);
    return {
      code: random() < 0.5 ? pick(cpt) : pick(hcpcs), modifiers: mods, chargeCents: 500 + Math.floor(random() * 300000),
      units, pos, pointers: [1 + Math.floor(random() * 2)], from, to: random() < 0.8 ? from : day(), renderingNpi: npi,
    };
  });
  const city = pick(['MIAMI', 'SPRINGFIELD', 'LAKE TONY', 'NORTH SARAH', 'GONZALEZSTAD', 'EAST JENNIFERBERG']);
  const billing: Party = { name: pick(['RIVERSIDE CLINIC', 'OAK STREET FAMILY PRACTICE', 'JAMES ACEVEDO MD', 'VALLEY HEALTH GROUP']), npi: luhnNpi(random), street: `${100 + Math.floor(random() * 9000)} MAIN ST`, city, state: pick(['FL', 'OH', 'TX', 'MN']), zip: String(10000 + Math.floor(random() * 89999)) };
  return {
    source: `dev-${k}`, payer: pick(['ANTHEM', 'MOLINA HEALTHCARE', 'CENTENE', 'AETNA']), memberId: `OU${Math.floor(random() * 1e9)}`,
    patient: { last: pick(['AUSTIN', 'MEDINA', 'WALKER', 'SMITH']), first: pick(['JENNIFER', 'KAREN', 'TED']), middle: 'X' },
    accountNumber: `ACC-${100000 + Math.floor(random() * 899999)}`, totalCents: lines.reduce((a, l) => a + l.chargeCents, 0), pos, icd: '0',
    diagnoses: ['K449', 'F319'], tin: String(100000000 + Math.floor(random() * 899999999)), billing, facility: null, renderingNpi: npi, lines,
  };
}

/** Gaussian-ish noise, fade towards grey, salt and pepper, in place on raw RGB. */
function speckle(data: Buffer, random: () => number, o: { sigma?: number; blackPoint?: number; saltPepper?: number }): void {
  for (let i = 0; i < data.length; i += 3) {
    const n = o.sigma ? (random() + random() + random() + random() - 2) * o.sigma * 1.7 : 0;
    for (let c = 0; c < 3; c++) {
      let v = data[i + c]! + n;
      if (o.blackPoint) v = o.blackPoint + (v / 255) * (255 - o.blackPoint);
      data[i + c] = Math.max(0, Math.min(255, v));
    }
    if (o.saltPepper && random() < o.saltPepper) data[i] = data[i + 1] = data[i + 2] = random() < 0.5 ? 0 : 255;
  }
}

/** Maps every output pixel back through a function into the source (bilinear), white outside. */
function remap(src: { width: number; height: number; data: Buffer }, back: (x: number, y: number) => [number, number]): Buffer {
  const { width, height, data } = src;
  const out = Buffer.alloc(data.length, 255);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [sx, sy] = back(x, y);
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) continue;
      const tx = sx - x0, ty = sy - y0;
      for (let c = 0; c < 3; c++) {
        const p = (yy: number, xx: number): number => data[(yy * width + xx) * 3 + c]!;
        out[(y * width + x) * 3 + c] = (p(y0, x0) * (1 - tx) + p(y0, x0 + 1) * tx) * (1 - ty) + (p(y0 + 1, x0) * (1 - tx) + p(y0 + 1, x0 + 1) * tx) * ty;
      }
    }
  return out;
}

/** The homography taking the unit square's corners to four points (for a perspective warp). */
function squareTo(q: [number, number][]): number[] {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q as [[number, number], [number, number], [number, number], [number, number]];
  const dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3, dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
  const det = dx1 * dy2 - dx2 * dy1;
  const g = (dx3 * dy2 - dx2 * dy3) / det, h = (dx1 * dy3 - dx3 * dy1) / det;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h];
}

async function devDegrade(page: { width: number; height: number; data: Buffer }, tier: Tier, random: () => number): Promise<{ bytes: Buffer; ext: string }> {
  const raw = (w = page.width, h = page.height) => ({ raw: { width: w, height: h, channels: 3 as const } });
  const u = (a: number, b: number): number => a + random() * (b - a);
  const rotated = async (data: Buffer, deg: number): Promise<Buffer> => {
    const r = await sharp(data, raw()).rotate(deg, { background: '#ffffff' }).resize({ width: page.width, height: page.height, fit: 'cover' }).removeAlpha().raw().toBuffer();
    return r;
  };
  const jpeg = async (data: Buffer, quality: number) => ({ bytes: await sharp(data, raw()).jpeg({ quality }).toBuffer(), ext: 'jpg' });
  const shade = (data: Buffer, strength: number, side: number, depth: number): void => {
    const angle = u(0, 2 * Math.PI), cx = Math.cos(angle), cy = Math.sin(angle);
    for (let y = 0; y < page.height; y++)
      for (let x = 0; x < page.width; x++) {
        const g = 1 - strength + strength * 2 * ((cx * (x / page.width) + cy * (y / page.height) + 1.42) / 2.84);
        const t = [x / page.width, 1 - x / page.width, y / page.height, 1 - y / page.height][side]!;
        const k = g * (1 - depth * (1 - t));
        const i = (y * page.width + x) * 3;
        for (let c = 0; c < 3; c++) data[i + c] = Math.min(255, data[i + c]! * k);
      }
  };
  let data: Buffer = Buffer.from(page.data);
  switch (tier) {
    case 'pristine':
      return { bytes: await sharp(data, raw()).png().toBuffer(), ext: 'png' };
    case 'clean_scan':
      data = await rotated(data, u(-1, 1));
      speckle(data, random, { sigma: 2, blackPoint: 10 });
      return { bytes: await sharp(data, raw()).png().toBuffer(), ext: 'png' };
    case 'worn_scan':
      data = await rotated(data, u(-3, 3));
      speckle(data, random, { sigma: 5, blackPoint: 40, saltPepper: 0.0008 });
      return jpeg(data, 60);
    case 'fax': {
      data = await rotated(data, u(-2, 2));
      for (let i = 0; i < data.length; i += 3) data[i] = data[i + 1] = data[i + 2] = (data[i]! * 299 + data[i + 1]! * 587 + data[i + 2]! * 114) / 1000 > 160 ? 255 : 0;
      const streaks = 6 + Math.floor(random() * 10);
      for (let s = 0; s < streaks; s++) {
        const x = Math.floor(random() * page.width), w = 1 + Math.floor(random() * 3), dark = Math.floor(random() * 80);
        for (let y = 0; y < page.height; y++) for (let k = Math.max(0, x - (w >> 1)); k < Math.min(page.width, x + (w >> 1) + 1); k++) for (let c = 0; c < 3; c++) data[(y * page.width + k) * 3 + c] = Math.min(data[(y * page.width + k) * 3 + c]!, dark);
      }
      const small = await sharp(data, raw()).resize({ width: page.width >> 1, height: page.height >> 1, kernel: 'linear' }).raw().toBuffer();
      return { bytes: await sharp(small, raw(page.width >> 1, page.height >> 1)).resize({ width: page.width, height: page.height, kernel: 'nearest' }).png().toBuffer(), ext: 'png' };
    }
    case 'phone_photo': {
      const { width: w, height: h } = page;
      const s = (): number => u(-0.03, 0.03);
      const hm = squareTo([[w * s(), h * s()], [w * (1 + s()), h * s()], [w * (1 + s()), h * (1 + s())], [w * s(), h * (1 + s())]]);
      // Inverse by Newton-free search: solve the 2x2 for (a, b) in the unit square from the homography.
      const [a, b, c, d, e, f, g, hh] = hm as [number, number, number, number, number, number, number, number];
      const A = e - f * hh, B = c * hh - b, C = b * f - c * e, D = f * g - d, E = a - c * g, F = c * d - a * f, G = d * hh - e * g, H = b * g - a * hh, I = a * e - b * d;
      data = remap({ ...page, data }, (x, y) => {
        const z = G * x + H * y + I;
        return [((A * x + B * y + C) / z) * w, ((D * x + E * y + F) / z) * h];
      });
      data = await rotated(data, u(-1.5, 1.5));
      shade(data, 0.2, Math.floor(random() * 4), 0.25);
      const blurred = await sharp(data, raw()).blur(0.8).raw().toBuffer();
      return jpeg(blurred, 80);
    }
    case 'worst': {
      const { width: w, height: h } = page;
      const fx = (u(0.5, 2) / w) * 6 * Math.PI, fy = (u(0.5, 2) / h) * 6 * Math.PI, phase = u(0, 2 * Math.PI);
      data = remap({ ...page, data }, (x, y) => [x + 4 * Math.sin(y * fy + phase), y + 4 * Math.cos(x * fx + phase)]);
      data = await rotated(data, u(-5, 5));
      speckle(data, random, { sigma: 6, blackPoint: 50 });
      shade(data, 0, random() < 0.5 ? 0 : 1, 0.3);
      const cx = u(0.2, 0.8) * w, cy = u(0.2, 0.8) * h, radius = u(0.05, 0.15) * Math.min(w, h);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const m = Math.max(0, 1 - Math.hypot(x - cx, y - cy) / radius) ** 2 * 0.35;
          if (m === 0) continue;
          const i = (y * w + x) * 3;
          data[i] = data[i]! * (1 - m * 0.4);
          data[i + 1] = data[i + 1]! * (1 - m * 0.7);
          data[i + 2] = data[i + 2]! * (1 - m * 0.8);
        }
      const bars = 1 + Math.floor(random() * 3);
      for (let k = 0; k < bars; k++) {
        const bw = Math.floor(u(0.05, 0.2) * w), bh = Math.floor(u(8, 22)), bx = Math.floor(random() * (w - bw)), by = Math.floor(u(0.1, 0.9) * h);
        for (let y = by; y < Math.min(h, by + bh); y++) data.fill(0, (y * w + bx) * 3, (y * w + bx + bw) * 3);
      }
      return jpeg(data, 50);
    }
  }
}

async function makeDevScans(dir: string, count: number, seed: number, chargeSize?: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(seed);
  for (let k = 0; k < count; k++) {
    for (const tier of TIERS) {
      const claim = randomClaim(random, k);
      const page = await renderPdfPage(await fillCms1500(claim, true, chargeSize));
      const { bytes, ext } = await devDegrade(page, tier, random);
      const base = `dev${seed}-${k}-${tier}`;
      writeFileSync(join(dir, `${base}.${ext}`), bytes);
      writeFileSync(join(dir, `${base}.truth.json`), JSON.stringify(truthOf(claim), null, 1) + '\n');
    }
    console.log(`wrote dev scans ${k + 1}/${count}`);
  }
}

/** Degraded images, tier by tier, of the committed one-page UB-04 and statement PDFs, with their truth. */
async function makeFormScans(dir: string, seed: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(seed);
  for (const f of readdirSync(outDir).filter((x) => /^(ub04|statement)-.*\.pdf$/.test(x) && !/two-pages/.test(x))) {
    const base = f.replace(/\.pdf$/, '');
    const page = await renderPdfPage(new Uint8Array(readFileSync(join(outDir, f))));
    for (const tier of TIERS) {
      const { bytes, ext } = await devDegrade(page, tier, random);
      writeFileSync(join(dir, `${base}-${tier}.${ext}`), bytes);
      writeFileSync(join(dir, `${base}-${tier}.truth.json`), readFileSync(join(outDir, `${base}.truth.json`)));
    }
    console.log(`wrote form scans of ${base}`);
  }
  // The same UB-04s printed on the red drop-out form a billing office loads in its printer (oopfactory's artwork of
  // the same NUBC layout), in every tier: the data drawn alone, laid over the form.
  for (const [base, claim, style] of institutionalClaims().filter(([name]) => !/two-pages/.test(name))) {
    const page = await onRedUb04(await renderPdfPage(await fillUb04(claim, style, false)));
    const name = base.replace(/^ub04-/, 'ub04-red-');
    for (const tier of TIERS) {
      const { bytes, ext } = await devDegrade(page, tier, random);
      writeFileSync(join(dir, `${name}-${tier}.${ext}`), bytes);
      writeFileSync(join(dir, `${name}-${tier}.truth.json`), JSON.stringify(institutionalTruth(claim), null, 1) + '\n');
    }
    console.log(`wrote form scans of ${name}`);
  }
}
