// Hostile files through the whole pipeline (upload -> Classify -> Extract -> ...): broken, encrypted, scripted and
// bomb-carrying PDFs, images that declare absurd sizes or thousands of pages, empty files and files whose name lies.
// Each ends in a final status whose reason names what is wrong and where, within the hang guard, the original kept.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime/runtime.ts';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import * as pdf from './generate/pdf.ts';
import * as image from './generate/images.ts';
import { claimFile } from './generate/x12.ts';
import { HANG_GUARD_MS, startHostileRuntime, submit, verdicts, watchUncaught, type Verdict } from './support/pipeline.ts';

interface HostileFile {
  kind: string;
  fileName: string;
  make: () => Uint8Array | string | Promise<Uint8Array | string>;
  status: 'OFFER_DRAFTED' | 'NEEDS_REVIEW' | 'REJECTED';
  /** The whole reason list, joined with " | ", must match. */
  reason: RegExp;
}

const LAUNCH_MARKER = join(tmpdir(), `parley-hostile-launch-${process.pid}`);
const flatCms1500 = () => new Uint8Array(readFileSync(join(PROJECT_ROOT, 'test/fixtures/forms/generated/cms1500-example1-flat.pdf')));

/** The flat CMS-1500 fixture with JavaScript in its OpenAction and a Launch action on open: a real bill that scripts. */
async function scriptedBill(): Promise<Uint8Array> {
  const doc = await PDFDocument.load(flatCms1500());
  const js = doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of("app.launchURL('http://127.0.0.1:9/x'); globalThis.__parleyHostilePwned = 1;") });
  const launch = doc.context.obj({ Type: 'Action', S: 'Launch', F: PDFString.of('/usr/bin/touch'), Unix: doc.context.obj({ F: PDFString.of('/usr/bin/touch'), P: PDFString.of(LAUNCH_MARKER) }) });
  js.set(PDFName.of('Next'), doc.context.register(launch));
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(js));
  return doc.save();
}

const CORRUPT = /^the file is not a readable PDF \(corrupt or truncated structure\) \(document \(PDF structure\)\)$/;
const ENCRYPTED = /^the PDF is encrypted with a password and cannot be read \(document \(encryption\)\)$/;
const BOMB = (object: string) =>
  new RegExp(`^a compressed stream of the PDF expands to more than 128 MB: a decompression bomb, not a bill \\(document \\(${object} FlateDecode stream\\)\\)$`);
const TOO_MANY_PIXELS = (w: string, h: string) =>
  new RegExp(`^the image could not be decoded \\(the image declares ${w} x ${h} pixels; at most 60,000,000 pixels are read\\) \\(page 1\\)$`);
const READ_NOT_A_BILL = (pages: string) =>
  new RegExp(`^not a bill: no page is a CMS-1500, UB-04 or itemized statement \\(pages read as: other\\) \\(pages ${pages}\\)$`);

const FILES: HostileFile[] = [
  // Broken PDFs
  { kind: 'PDF truncated at 60%', fileName: 'cut.pdf', make: () => pdf.truncated(pdf.letterPdf(), 0.6), status: 'REJECTED', reason: CORRUPT },
  { kind: 'PDF that is only its header line', fileName: 'header.pdf', make: () => '%PDF-1.7\n', status: 'REJECTED', reason: CORRUPT },
  { kind: 'PDF with 40 random byte flips', fileName: 'flipped.pdf', make: () => pdf.flipBytes(pdf.letterPdf(), 40, 1), status: 'REJECTED', reason: CORRUPT },
  { kind: 'PDF whose xref offsets and startxref are wrong (recovered, then read)', fileName: 'xref.pdf', make: pdf.brokenXrefPdf, status: 'REJECTED', reason: READ_NOT_A_BILL('1-1') },
  { kind: 'PDF whose object stream is garbage', fileName: 'objstm.pdf', make: pdf.badObjectStreamPdf, status: 'REJECTED', reason: CORRUPT },
  // Encrypted PDFs
  {
    kind: 'PDF encrypted with RC4 and a user password',
    fileName: 'rc4.pdf',
    make: () => pdf.encryptedPdf(pdf.onePageObjects(), '/Root 1 0 R', { cipher: 'rc4', userPassword: 'secret', ownerPassword: 'owner' }),
    status: 'NEEDS_REVIEW',
    reason: ENCRYPTED,
  },
  {
    kind: 'PDF encrypted with AES-128 and a user password',
    fileName: 'aes.pdf',
    make: () => pdf.encryptedPdf(pdf.onePageObjects(), '/Root 1 0 R', { cipher: 'aes', userPassword: 'secret', ownerPassword: 'owner' }),
    status: 'NEEDS_REVIEW',
    reason: ENCRYPTED,
  },
  {
    kind: 'PDF encrypted with RC4, owner password only (opens without one: read)',
    fileName: 'rc4-owner.pdf',
    make: () => pdf.encryptedPdf(pdf.onePageObjects(), '/Root 1 0 R', { cipher: 'rc4', userPassword: '', ownerPassword: 'owner' }),
    status: 'REJECTED',
    reason: READ_NOT_A_BILL('1-1'),
  },
  {
    kind: 'PDF encrypted with AES-128, owner password only (opens without one: read)',
    fileName: 'aes-owner.pdf',
    make: () => pdf.encryptedPdf(pdf.onePageObjects(), '/Root 1 0 R', { cipher: 'aes', userPassword: '', ownerPassword: 'owner' }),
    status: 'REJECTED',
    reason: READ_NOT_A_BILL('1-1'),
  },
  // Active content
  {
    kind: 'PDF with JavaScript OpenAction, page actions, a Launch action and a javascript: link',
    fileName: 'scripted.pdf',
    make: () => pdf.scriptedPdf(LAUNCH_MARKER),
    status: 'REJECTED',
    reason: READ_NOT_A_BILL('1-1'),
  },
  { kind: 'a real CMS-1500 bill carrying JavaScript and a Launch action (read like any bill)', fileName: 'scripted-bill.pdf', make: scriptedBill, status: 'OFFER_DRAFTED', reason: /^$/ },
  // Page-tree bombs
  { kind: 'PDF claiming 10,000 pages in its page tree (holds one)', fileName: 'claims-10000.pdf', make: () => pdf.lyingPageCountPdf(10_000), status: 'REJECTED', reason: READ_NOT_A_BILL('1-1') },
  { kind: 'PDF claiming 2^31-1 pages', fileName: 'claims-2g.pdf', make: () => pdf.lyingPageCountPdf(2 ** 31 - 1), status: 'REJECTED', reason: READ_NOT_A_BILL('1-1') },
  { kind: 'PDF claiming -5 pages', fileName: 'negative.pdf', make: () => pdf.lyingPageCountPdf(-5), status: 'REJECTED', reason: /^the PDF has no pages \(its page tree is empty or damaged\) \(document \(page tree\)\)$/ },
  { kind: 'PDF whose page tree is its own grandchild (a cycle)', fileName: 'cycle.pdf', make: pdf.cyclicPageTreePdf, status: 'REJECTED', reason: READ_NOT_A_BILL('1-1') },
  { kind: 'PDF with 10,000 real pages (only the first 50 are read)', fileName: 'pages-10000.pdf', make: () => pdf.manyPagesPdf(10_000), status: 'REJECTED', reason: READ_NOT_A_BILL('1-50') },
  // Decompression bombs
  { kind: 'PDF whose content stream inflates to 1 GB', fileName: 'flate-bomb.pdf', make: () => pdf.flateBombPdf(1 << 30), status: 'REJECTED', reason: BOMB('object 4,') },
  { kind: 'PDF whose bomb hides behind ASCIIHexDecode', fileName: 'hex-bomb.pdf', make: () => pdf.hexFlateBombPdf(1 << 30), status: 'REJECTED', reason: BOMB('object 4,') },
  { kind: 'PDF whose stream is deflated twice (a bomb inside a bomb)', fileName: 'double-bomb.pdf', make: () => pdf.doubleFlateBombPdf(8 * 2 ** 30), status: 'REJECTED', reason: BOMB('object 4,') },
  // Images
  { kind: 'PNG declaring 100,000 x 100,000 pixels', fileName: 'huge.png', make: () => image.hugePng(100_000, 100_000), status: 'REJECTED', reason: TOO_MANY_PIXELS('100000', '100000') },
  { kind: 'JPEG declaring 65,500 x 65,500 pixels', fileName: 'huge.jpg', make: () => image.hugeJpeg(65_500, 65_500), status: 'REJECTED', reason: TOO_MANY_PIXELS('65500', '65500') },
  { kind: 'TIFF declaring 100,000 x 100,000 pixels', fileName: 'huge.tif', make: () => image.tiff(1, 100_000, 100_000), status: 'REJECTED', reason: TOO_MANY_PIXELS('100000', '100000') },
  { kind: 'PNG of 1000 x 1000 whose IDAT inflates to 1 GB', fileName: 'idat.png', make: () => image.idatBombPng(1000, 1000, 1 << 30), status: 'REJECTED', reason: /^no text could be read from any page \(pages 1-1\)$/ },
  { kind: 'PNG cut in half', fileName: 'half.png', make: () => image.idatBombPng(600, 600, 600 * 601).subarray(0, 300), status: 'REJECTED', reason: /^the image could not be decoded \(.+\) \(page 1\)$/ },
  { kind: 'TIFF of 3,000 blank pages (only the first 50 are looked at)', fileName: 'pages.tif', make: () => image.tiff(3000, 85, 110), status: 'REJECTED', reason: /^no text could be read from any page \(pages 1-50\)$/ },
  // Empty files and names that lie
  { kind: 'a zero-byte file', fileName: 'empty.pdf', make: () => new Uint8Array(0), status: 'REJECTED', reason: /^not a bill: the file is empty \(0 bytes\)$/ },
  { kind: 'an 837 named .pdf (read as the 837 it is)', fileName: 'bill.pdf', make: () => claimFile({ claimNumber: 'LIE-PDF-1' }), status: 'OFFER_DRAFTED', reason: /^$/ },
  { kind: 'HTML named .pdf', fileName: 'invoice.pdf', make: () => '<html><body><script>alert(1)</script>Invoice</body></html>', status: 'REJECTED', reason: /^not a bill: plain text that is not an X12 interchange \(no ISA header\)$/ },
  { kind: 'a ZIP named .png', fileName: 'scan.png', make: () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(0)]), status: 'REJECTED', reason: /^not a bill: a ZIP archive, not a bill$/ },
  {
    kind: 'an ELF executable named bill.pdf.exe',
    fileName: 'bill.pdf.exe',
    make: () => new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(120).fill(0)]),
    status: 'REJECTED',
    reason: /^not a bill: not a PDF, PNG, JPEG, TIFF or X12 file \(unrecognized leading bytes\)$/,
  },
  { kind: 'an 835 remittance named claims.837', fileName: 'claims.837', make: () => claimFile().replace('ST*837*0001*005010X222A1', 'ST*835*0001*005010X221A1'), status: 'REJECTED', reason: /^X12 transaction set 835 is not a claim: Parley reads 837 claims only \(segment ST\)$/ },
];

let runtime: LocalRuntime;
const uncaught = watchUncaught();
const results = new Map<string, Verdict>();

beforeAll(async () => {
  runtime = await startHostileRuntime('files');
  const bodies = await Promise.all(FILES.map(async (f) => f.make()));
  const submitted = await Promise.all(FILES.map((f, i) => submit(runtime, f.fileName, bodies[i]!)));
  const sizes = bodies.map((b) => (typeof b === 'string' ? Buffer.byteLength(b) : b.length));
  const found = await verdicts(runtime, submitted, sizes);
  FILES.forEach((f, i) => results.set(f.kind, found[i]!));
}, 120_000);

afterAll(async () => {
  uncaught.stop();
  await runtime?.stop();
});

describe('hostile files through the pipeline', () => {
  it.each(FILES.map((f) => [f.kind, f] as const))('%s', (_kind, file) => {
    const verdict = results.get(file.kind)!;
    console.log(JSON.stringify({ kind: file.kind, status: verdict.document.status, reasons: verdict.reasons, ms: verdict.elapsedMs }));
    expect(verdict.document.status).toBe(file.status);
    expect(verdict.reasons.join(' | ')).toMatch(file.reason);
    expect(verdict.elapsedMs).toBeLessThan(HANG_GUARD_MS);
    expect(verdict.originalKept).toBe(true);
  });

  it('ran no script and launched nothing', () => {
    expect(existsSync(LAUNCH_MARKER)).toBe(false);
    expect((globalThis as { __parleyHostilePwned?: number }).__parleyHostilePwned).toBeUndefined();
  });

  it('nothing was thrown that nobody caught', () => {
    expect(uncaught.errors).toEqual([]);
  });
});
