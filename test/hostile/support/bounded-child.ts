// Runs one hostile input through a reader in a process of its own (started with a small heap by bounded.test.ts)
// and prints what happened as one JSON line: the verdict, how long it took and the process's peak memory.
import { readDocument } from '#shared/extract/documents/index.ts';
import { UnreadableDocument } from '#shared/extract/extraction-result.ts';
import { read837 } from '#shared/extract/x12/index.ts';
import * as pdf from '../generate/pdf.ts';
import * as image from '../generate/images.ts';
import * as x12 from '../generate/x12.ts';

type Input = { kind: 'pdf' | 'png' | 'jpeg' | 'tiff'; bytes: Uint8Array } | { kind: 'x12'; bytes: Uint8Array | string };

const INPUTS: Record<string, () => Input> = {
  'pdf-flate-bomb-4gb': () => ({ kind: 'pdf', bytes: pdf.flateBombPdf(4 * 2 ** 30) }),
  'pdf-double-flate-bomb-16gb': () => ({ kind: 'pdf', bytes: pdf.doubleFlateBombPdf(16 * 2 ** 30) }),
  'pdf-10000-pages': () => ({ kind: 'pdf', bytes: pdf.manyPagesPdf(10_000) }),
  'png-idat-bomb-4gb': () => ({ kind: 'png', bytes: image.idatBombPng(1000, 1000, 4 * 2 ** 30) }),
  'png-100k-square': () => ({ kind: 'png', bytes: image.hugePng(100_000, 100_000) }),
  'x12-million-segments-no-claim': () => ({ kind: 'x12', bytes: x12.segmentsWithoutClaims(1_000_000) }),
  'x12-hl-50000-deep': () => ({ kind: 'x12', bytes: x12.x12Text(x12.interchange([x12.deepHierarchyBody(50_000)])) }),
  'x12-500000-stray-segments': () => ({ kind: 'x12', bytes: x12.strayInsideInterchange(500_000) }),
};

const name = process.argv[2] ?? '';
const make = INPUTS[name];
if (!make) {
  console.error(`unknown input ${name}; one of ${Object.keys(INPUTS).join(', ')}`);
  process.exit(2);
}
const input = make();
const started = Date.now();
let verdict: Record<string, unknown>;
try {
  if (input.kind === 'x12') {
    const result = read837(input.bytes);
    verdict = { bills: result.bills.length, problems: result.problems.length, reviewReasons: result.bills.reduce((n, b) => n + b.reviewReasons.length, 0), last: result.problems.at(-1)?.message ?? null };
  } else {
    // The real OCR engine (tesseract.js), as the pipeline uses it: made for this document and closed with it.
    const result = await readDocument(input.bytes, { kind: input.kind });
    verdict = { bills: result.bills.length, problems: result.problems.length };
  }
} catch (error) {
  if (!(error instanceof UnreadableDocument)) throw error;
  verdict = { refused: error.message, where: error.where, disposition: error.disposition };
}
const usage = process.resourceUsage();
console.log(JSON.stringify({ input: name, ms: Date.now() - started, peakRssMb: Math.round(usage.maxRSS / 1024), verdict }));
