// The Lambda packages work outside the source tree: built with the stack's esbuild options and asset copies
// (infra/bundling.ts), the Extract package reads a born-digital PDF with its copied pdfjs and DOMMatrix preload,
// the DraftOffer package renders a letter with pdfkit's copied font metrics, and the EmailIntake package reads mail
// in double-byte charsets with iconv-lite's tables copied beside it, as the unbundled mailparser reads it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { assetCommands, assetEnvironment, esbuildOptions, PROJECT_ROOT, STEP_ASSETS, TASK_ROOT, type FunctionBundle } from '#infra/bundling.ts';
import { EMAIL_INTAKE_BUNDLE } from '#infra/intake.ts';

const root = mkdtempSync(join(tmpdir(), 'parley-package-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Bundles `contents` (resolved from functions/) exactly as the stack bundles a function with `assets`. */
async function packageOf(name: string, assets: FunctionBundle['assets'], contents: string): Promise<{ dir: string; env: Record<string, string> }> {
  const bundle: FunctionBundle = { name, entry: 'functions/unused.ts', assets };
  const dir = join(root, name);
  const { entryPoints: _entry, ...options } = esbuildOptions(bundle, dir);
  await build({ ...options, stdin: { contents, resolveDir: join(PROJECT_ROOT, 'functions'), loader: 'ts', sourcefile: `${name}.ts` }, logLevel: 'error' });
  for (const command of assetCommands(bundle, PROJECT_ROOT, dir)) execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT });
  const env = Object.fromEntries(Object.entries(assetEnvironment(bundle)).map(([k, v]) => [k, v.replaceAll(TASK_ROOT, dir)]));
  return { dir, env };
}

/** Runs `script` (an ES module body with `m` = the package's index.mjs) in a fresh Node process, from the package folder. */
function runIn(pkg: { dir: string; env: Record<string, string> }, script: string): unknown {
  const body = `const m = await import(${JSON.stringify(join(pkg.dir, 'index.mjs'))});\n${script}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', body], {
    cwd: pkg.dir,
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', ...pkg.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

describe('Lambda packages', () => {
  it('Extract reads a born-digital CMS-1500 with the pdfjs copied beside the bundle', async () => {
    const pkg = await packageOf('extract', STEP_ASSETS.Extract!, "export { awsDocumentReader } from './runtime/document-reader.ts';");
    const pdf = join(PROJECT_ROOT, 'test/fixtures/forms/generated/cms1500-example1-flat.pdf');
    const truth = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/forms/generated/cms1500-example1.truth.json'), 'utf8'));
    const result = runIn(
      pkg,
      `const { readFileSync } = await import('node:fs');
       const read = m.awsDocumentReader({ send: async () => { throw new Error('no Textract for PDFs'); } });
       const r = await read(new Uint8Array(readFileSync(${JSON.stringify(pdf)})), 'pdf');
       console.log(JSON.stringify({ bills: r.bills.length, lines: r.bills[0].lines.length, total: r.bills[0].totalChargeCents }));`,
    ) as { bills: number; lines: number; total: number };
    expect(result).toEqual({ bills: 1, lines: truth.lines.length, total: truth.totalChargeCents });
  });

  it('DraftOffer renders an offer letter with the pdfkit font metrics copied beside the bundle', async () => {
    const pkg = await packageOf(
      'draft-offer',
      STEP_ASSETS.DraftOffer!,
      "export { renderOfferLetter } from '#shared/letters/offer-letter.ts';\nexport { sampleOffer } from '../test/letters/sample-letters.ts';",
    );
    const result = runIn(pkg, `const pdf = await m.renderOfferLetter(m.sampleOffer()); console.log(JSON.stringify({ head: Buffer.from(pdf.slice(0, 5)).toString(), bytes: pdf.length }));`) as {
      head: string;
      bytes: number;
    };
    expect(result.head).toBe('%PDF-');
    expect(result.bytes).toBeGreaterThan(2_000);
  });

  it('EmailIntake reads mail in double-byte charsets as the unbundled mailparser does, its tables read from beside the bundle', async () => {
    const pkg = await packageOf('email-intake', EMAIL_INTAKE_BUNDLE.assets, "export { simpleParser } from 'mailparser';");
    const messages = DOUBLE_BYTE_SAMPLES.map(([charset, subject, body]) => mailIn(charset, subject, body));
    const summary = `const out = [];
       for (const raw of ${JSON.stringify(messages.map((m) => m.toString('base64')))}) {
         const p = await m.simpleParser(Buffer.from(raw, 'base64'));
         out.push({ subject: p.subject, text: p.text, html: p.html, files: p.attachments.map((a) => [a.filename, a.contentType, a.size, a.checksum]) });
       }
       console.log(JSON.stringify(out));`;
    const bundled = runIn(pkg, summary) as { subject: string; text: string }[];
    const unbundled = [];
    for (const raw of messages) {
      const p = await simpleParser(raw);
      unbundled.push({ subject: p.subject, text: p.text, html: p.html, files: p.attachments.map((a) => [a.filename, a.contentType, a.size, a.checksum]) });
    }
    expect(bundled).toEqual(JSON.parse(JSON.stringify(unbundled)));
    expect(bundled.map((m) => m.subject)).toEqual(DOUBLE_BYTE_SAMPLES.map(([, subject]) => subject));
    expect(bundled.map((m) => m.text.trim())).toEqual(DOUBLE_BYTE_SAMPLES.map(([, , body]) => body));
  });
});

/** charset, subject, body: one message per iconv-lite table (and ISO-2022-JP, which libmime decodes itself). */
const DOUBLE_BYTE_SAMPLES: [string, string, string][] = [
  ['Shift_JIS', '請求書の再審査', '添付の請求書をご確認ください。'],
  ['EUC-JP', '医療費の明細', '明細書を送付いたします。'],
  ['ISO-2022-JP', '支払いのご案内', '請求額についてのご連絡です。'],
  ['GBK', '医疗账单复核', '请查收附件中的账单。'],
  ['GB18030', '医疗费用明细', '附件是费用明细。'],
  ['Big5', '醫療帳單複核', '請查收附件中的帳單。'],
  ['EUC-KR', '의료비 청구서', '첨부된 청구서를 확인해 주십시오.'],
];

// What libmime decodes ISO-2022-JP with (iconv-lite has no encoder for it).
const japanese = createRequire(import.meta.url)('encoding-japanese') as { convert(data: number[], options: { to: string; from: string }): number[]; stringToCode(text: string): number[] };

function mailIn(charset: string, subject: string, body: string): Buffer {
  const encoded = (text: string) =>
    charset === 'ISO-2022-JP' ? Buffer.from(japanese.convert(japanese.stringToCode(text), { to: 'JIS', from: 'UNICODE' })) : iconv.encode(text, charset);
  const head = [
    'From: Billing <billing@clinic.example>',
    'To: intake@parley.example',
    `Subject: =?${charset}?B?${encoded(subject).toString('base64')}?=`,
    'Message-ID: <sample@clinic.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    `Content-Type: text/plain; charset=${charset}`,
    'Content-Transfer-Encoding: base64',
    '',
    encoded(body).toString('base64'),
    '--b1',
    'Content-Type: application/pdf',
    `Content-Disposition: attachment; filename="=?${charset}?B?${encoded(`${subject}.pdf`).toString('base64')}?="`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64'),
    '--b1--',
    '',
  ];
  return Buffer.from(head.join('\r\n'), 'latin1');
}
