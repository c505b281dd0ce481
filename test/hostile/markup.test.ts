// HTML, script, spreadsheet formulas and Unicode edge cases in every free-text field an 837 carries into a letter,
// a console page or an export: the letter prints them literally and harmlessly, the pages escape them, the CSV
// neutralizes them. Driven through the pipeline and the same router `parley start` serves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { PDFDocument } from 'pdf-lib';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime/runtime.ts';
import { localCaseService } from '#local/runtime/case-service.ts';
import { localConsoleOptions } from '#local/server/local-console.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import type { StoredCase } from '#shared/model/case.ts';
import { LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { signInAs, type SignedIn } from '../api/auth-support.ts';
import { readPdfText } from '../letters/read-pdf.ts';
import { claimBody, interchange, x12Text, type ClaimFields } from './generate/x12.ts';
import { HANG_GUARD_MS, startHostileRuntime, submit, verdicts, watchUncaught, type Verdict } from './support/pipeline.ts';

/** One payload per claim, written into every free-text field of that claim. */
const PAYLOADS = {
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  link: 'javascript:alert(document.cookie)',
  formula: '=HYPERLINK("http://evil.example/x","click")',
  plus: '+SUM(1+1)',
  at: '@SUM(1+1)',
  minus: '-2+3+cmd|',
  rtl: 'ACME \u202Efdp.exe\u202C CLINIC',
  zeroWidth: 'ME\u200DDI\u200BCAL \u2060GROUP',
  combining: 'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358A\u0300\u0301\u0302\u0303\u0304LGO',
  emoji: 'SMILE 😀🏥 CLINIC 👩‍⚕️',
  nul: 'NUL\u0000BYTE\u0007BELL',
  brokenUtf8: 'OVERLONG \uE000 SURROGATE \uE001 END',
} as const;
type PayloadName = keyof typeof PAYLOADS;
const NAMES = Object.keys(PAYLOADS) as PayloadName[];

/** Bytes no UTF-8 encoder writes: an overlong "/" (C0 AF) and a lone surrogate half (ED A0 80). */
const RAW_BYTES: Record<string, number[]> = { '\uE000': [0xc0, 0xaf], '\uE001': [0xed, 0xa0, 0x80] };

function hostileFields(text: string, n: number): Partial<ClaimFields> {
  return {
    billingName: text,
    billingStreet: text,
    billingCity: text,
    subscriberLast: text,
    subscriberFirst: text,
    memberId: text,
    payerName: text,
    payerId: text,
    claimNumber: `${text} ${n}`,
  };
}

/** One 837, one claim per payload, every free-text field carrying it; raw bytes spliced in where asked. */
function hostile837(): Uint8Array {
  const text = x12Text(interchange(NAMES.map((name, i) => claimBody(hostileFields(PAYLOADS[name], i)))));
  const parts: number[] = [];
  for (const ch of text) {
    const raw = RAW_BYTES[ch];
    if (raw) parts.push(...raw);
    else parts.push(...Buffer.from(ch, 'utf8'));
  }
  return new Uint8Array(parts);
}

/** The fillable CMS-1500 fixture with hostile text typed into its boxes (as a provider's PDF software would save it). */
async function hostileCms1500(): Promise<Uint8Array> {
  const doc = await PDFDocument.load(readFileSync(join(PROJECT_ROOT, 'test/fixtures/forms/generated/cms1500-example1-fillable.pdf')));
  const form = doc.getForm();
  form.getTextField('doc_name').setText(PAYLOADS.script); // box 33, billing provider
  form.getTextField('doc_street').setText(PAYLOADS.attribute); // box 33, street
  form.getTextField('pt_account').setText('=HYPERLINK("x")'); // box 26, patient account (the claim number)
  form.getTextField('insurance_name').setText('javascript:alert(1)'); // payer
  form.getTextField('pt_name').setText('@SUM(1+1), +CMD'); // box 2, patient
  return doc.save();
}

let runtime: LocalRuntime;
let pdfCase: StoredCase;
let app: Hono;
let negotiator: SignedIn;
let verdict: Verdict;
const cases = new Map<PayloadName, StoredCase>();
const uncaught = watchUncaught();

beforeAll(async () => {
  runtime = await startHostileRuntime('markup');
  const consoleOptions = localConsoleOptions({ db: runtime.db, dataDir: runtime.dataDir, uploadsEndpoint: runtime.endpoints.uploads });
  app = createReviewRouter({ cases: runtime.cases, objects: runtime.objects, uploads: runtime.uploads, console: consoleOptions, negotiation: { service: localCaseService(runtime) } });
  negotiator = await signInAs(app, consoleOptions.store as never, { now: () => new Date(), advanceMinutes: () => undefined }, 'negotiator');
  const body = hostile837();
  const form = await hostileCms1500();
  const submitted = [await submit(runtime, 'hostile-fields.837', body), await submit(runtime, 'hostile-form.pdf', form)];
  let pdfVerdict: Verdict;
  [verdict, pdfVerdict] = (await verdicts(runtime, submitted, [body.length, form.length])) as [Verdict, Verdict];
  pdfCase = pdfVerdict.cases[0]!;
  for (const record of verdict.cases) cases.set(NAMES[record.claimIndex]!, record);
}, 120_000);

afterAll(async () => {
  uncaught.stop();
  await runtime?.stop();
});

/** What the letter must print for each payload: markup and formulas literally, Unicode made printable WinAnsi. */
const IN_LETTER: Record<PayloadName, string> = {
  ...PAYLOADS,
  rtl: 'ACME fdp.exe CLINIC',
  zeroWidth: 'MEDICAL GROUP',
  combining: 'ZÀLGO',
  emoji: 'SMILE ?? CLINIC ??',
  nul: 'NUL BYTE BELL',
  brokenUtf8: 'OVERLONG ?? SURROGATE ??? END',
};

/** What the case page must show for each payload (HTML-escaped), and what must never appear in it raw. */
const ESCAPED: Partial<Record<PayloadName, { shown: string; never: string[] }>> = {
  script: { shown: '&lt;script&gt;alert(1)&lt;/script&gt;', never: ['<script>alert(1)'] },
  attribute: { shown: '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;', never: ['<img src=x', '"><img'] },
  formula: { shown: '=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;click&quot;)', never: ['"http://evil.example'] },
};

const INVISIBLE_OR_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u200b-\u200f\u202a-\u202e\u2060-\u2069]/;

describe('an 837 whose every free-text field is hostile', () => {
  it('is read and priced like any other: one case per claim, each with its offer letter, nothing sent to review', () => {
    expect(verdict.elapsedMs).toBeLessThan(HANG_GUARD_MS);
    expect(verdict.document.status).toBe('OFFER_DRAFTED');
    expect(verdict.cases.map((c) => c.status)).toEqual(NAMES.map(() => 'OFFER_DRAFTED'));
    for (const record of verdict.cases) expect(record.letter).not.toBeNull();
  });

  it('keeps markup as data, and no control, zero-width or bidi character in any field of any case', () => {
    expect(cases.get('script')!.bill.providers[0]!.name).toBe(PAYLOADS.script);
    expect(cases.get('rtl')!.bill.providers[0]!.name).toBe('ACME fdp.exe CLINIC');
    expect(cases.get('zeroWidth')!.bill.payer?.name).toBe('MEDICAL GROUP');
    expect(cases.get('nul')!.bill.claimNumber).toBe('NUL BYTE BELL 11');
    for (const record of verdict.cases) expect(JSON.stringify({ ...record.bill, provenance: {} })).not.toMatch(INVISIBLE_OR_CONTROL);
  });
});

describe('the offer letter', () => {
  it.each(NAMES)('%s: printed literally where the bill puts it, with no action, script, link or attachment in the PDF', async (name) => {
    const record = cases.get(name)!;
    const pdf = await runtime.objects.get({ bucket: LETTERS_BUCKET.name, key: record.letter!.key });
    const raw = Buffer.from(pdf).toString('latin1');
    for (const active of ['/JavaScript', '/JS', '/Launch', '/URI', '/OpenAction', '/AA', '/SubmitForm', '/EmbeddedFile']) expect(raw).not.toContain(active);
    const lines = (await readPdfText(pdf)).pages.flatMap((p) => p.lines);
    const expected = IN_LETTER[name];
    expect(lines).toContain(expected); // the provider's name (and street) on a line of its own
    expect(lines).toContain(`${expected}, NY 10001`); // city, state ZIP
    expect(lines.some((l) => l.includes(`out-of-network claim ${expected} ${NAMES.indexOf(name)}`))).toBe(true);
  });
});

describe('the console case page (the router `parley start` serves)', () => {
  it.each(NAMES)('%s: escaped, with no script, handler or javascript: URL of the bill\'s own', async (name) => {
    const record = cases.get(name)!;
    const response = await negotiator.get(`/cases/${record.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    // Only the console's own module script; no inline handlers; no javascript: in any URL attribute.
    expect([...page.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0])).toEqual(['<script type="module" src="/assets/console.js?v=1">']);
    expect(page).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
    expect(page).not.toMatch(/(href|src|action|formaction)\s*=\s*["']?\s*javascript:/i);
    const escaped = ESCAPED[name];
    if (escaped) {
      expect(page).toContain(escaped.shown);
      for (const raw of escaped.never) expect(page).not.toContain(raw);
    }
    // The case's own fields carry no control or bidi character (the source pane shows the file's bytes, escaped).
    const fields = page.replace(/<div class="x12-source"[\s\S]*?<\/div>/, '');
    expect(fields).not.toMatch(INVISIBLE_OR_CONTROL);
  });

  it('the queue lists every hostile case, escaped', async () => {
    const page = await (await negotiator.get('/queue?status=OFFER_DRAFTED')).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
  });

  it('the JSON API answers JSON, never HTML', async () => {
    const response = await negotiator.get(`/api/cases/${cases.get('script')!.id}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as { provider: { name: string } }).provider.name).toBe(PAYLOADS.script);
  });
});

describe('a fillable CMS-1500 whose boxes carry markup and formulas', () => {
  it('is read as written and priced', () => {
    expect(pdfCase.status).toBe('OFFER_DRAFTED');
    expect(pdfCase.bill.providers[0]).toMatchObject({ name: PAYLOADS.script, address: { line1: PAYLOADS.attribute } });
    expect(pdfCase.bill.payer?.name).toBe('javascript:alert(1)');
    expect(pdfCase.bill.claimNumber).toBe('=HYPERLINK("x")');
  });

  it('its letter prints the boxes literally, and its case page escapes them', async () => {
    const pdf = await runtime.objects.get({ bucket: LETTERS_BUCKET.name, key: pdfCase.letter!.key });
    const lines = (await readPdfText(pdf)).pages.flatMap((p) => p.lines);
    expect(lines).toContain(PAYLOADS.script);
    expect(lines).toContain(PAYLOADS.attribute);
    expect(lines.some((l) => l.includes('out-of-network claim =HYPERLINK("x")'))).toBe(true);
    const page = await (await negotiator.get(`/cases/${pdfCase.id}`)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  });
});

/** RFC 4180 fields of a CSV document (quoted fields may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  return rows;
}

describe('the CSV export', () => {
  it('every cell that a spreadsheet would run as a formula is neutralized with a leading quote; the rest is as billed', async () => {
    const response = await negotiator.get('/api/exports/cases.csv');
    expect(response.status).toBe(200);
    const [header, ...rows] = csvRows(await response.text());
    const column = (name: string) => header!.indexOf(name);
    const byClaim = new Map(rows.map((r) => [r[column('case_id')]!, r]));
    for (const row of rows) {
      for (const cell of row) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^-?\d+(\.\d+)?$/);
      expect(row.join('')).not.toMatch(INVISIBLE_OR_CONTROL);
    }
    expect(byClaim.get(cases.get('formula')!.id)![column('provider_name')]).toBe(`'${PAYLOADS.formula}`);
    expect(byClaim.get(cases.get('plus')!.id)![column('payer')]).toBe(`'${PAYLOADS.plus}`);
    expect(byClaim.get(cases.get('at')!.id)![column('claim_number')]).toBe(`'${PAYLOADS.at} 5`);
    expect(byClaim.get(cases.get('minus')!.id)![column('patient_account_number')]).toBe(`'${PAYLOADS.minus} 6`);
    expect(byClaim.get(cases.get('script')!.id)![column('provider_name')]).toBe(PAYLOADS.script);
    expect(rows).toHaveLength(NAMES.length + 1);
    const pdfRow = byClaim.get(pdfCase.id)!;
    expect(pdfRow[column('claim_number')]).toBe(`'=HYPERLINK("x")`);
    expect(pdfRow[column('provider_name')]).toBe(PAYLOADS.script);
  });

  it('nothing was thrown that nobody caught', () => {
    expect(uncaught.errors).toEqual([]);
  });
});
