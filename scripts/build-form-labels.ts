// Records the words a blank form prints (its labels), in the form's template coordinates, so the readers can tell
// them from filled-in data on born-digital copies. Run when a template changes:
//   node bin/run-ts.mjs scripts/build-form-labels.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { openPdf, pageWords } from '../shared/extract/documents/pdf.ts';

const pdf = await openPdf(new Uint8Array(readFileSync('test/fixtures/forms/blank/doc2data_ub04_blank_SAMPLE_watermark.pdf')));
const page = await pageWords(pdf.doc, 1);
await pdf.close();
const labels = page.words.map((w) => [w.text, Math.round(w.bbox.left * page.width * 10) / 10, Math.round(w.bbox.top * page.height * 10) / 10]);
writeFileSync('shared/extract/documents/ub04/printed-labels.json', JSON.stringify({ source: 'NUBC UB-04 sample form (blank), text layer', labels }) + '\n');
console.log(`wrote ${labels.length} UB-04 labels`);
