// OCR time per page for scanned CMS-1500s, UB-04s and itemized statements (decode, deskew, grid registration and
// rectification, cell OCR with re-reads, or a whole-page read with column re-reads; validation), against the peer
// approach of one whole-page tesseract pass, on the same machine in the same run.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './bench-section.ts';
import { createLocalOcr, createTesseractOcr, readDocument } from '../shared/extract/documents/index.ts';
import { decodeImage } from '../shared/extract/documents/ocr/raster.ts';

const fixtures = fileURLToPath(new URL('../test/fixtures/forms/', import.meta.url));

function images(): { file: string; tier: string }[] {
  const out: { file: string; tier: string }[] = [];
  for (const f of readdirSync(join(fixtures, 'cms1500-synthetic')).filter((x) => x.endsWith('.png')))
    out.push({ file: join(fixtures, 'cms1500-synthetic', f), tier: `cms1500 ${f.replace(/^\d+-|\.png$/g, '')}` });
  for (const f of readdirSync(join(fixtures, 'generated/scans')).filter((x) => /\.(png|jpg)$/.test(x)))
    out.push({ file: join(fixtures, 'generated/scans', f), tier: `${f.split('-')[0]} ${/-([a-z_]+)\.\w+$/.exec(f)![1]!}` });
  return out;
}

const ROUNDS = 3;
const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export default async function (): Promise<BenchSection> {
  const ocr = createLocalOcr();
  const plain = createTesseractOcr({ workers: 1 });
  // Each page is read ROUNDS times and its best time kept: the machine is shared, and the best round is the one least
  // disturbed by other work. The slowest round of any page is reported beside it.
  const byTier = new Map<string, number[]>();
  const all: number[] = [];
  let slowestRound = 0;
  let peer = Infinity;
  const first = images()[0]!;
  try {
    // Warm the worker once (not timed) so its start-up is not charged to the first page.
    await readDocument(new Uint8Array(readFileSync(first.file)), { kind: 'png', ocr }).catch(() => null);
    const pages = images();
    const best = pages.map(() => Infinity);
    for (let round = 0; round < ROUNDS; round++)
      for (const [i, { file }] of pages.entries()) {
        const bytes = new Uint8Array(readFileSync(file));
        const t0 = performance.now();
        await readDocument(bytes, { kind: file.endsWith('.png') ? 'png' : 'jpeg', ocr }).catch(() => null);
        const seconds = (performance.now() - t0) / 1000;
        best[i] = Math.min(best[i]!, seconds);
        slowestRound = Math.max(slowestRound, seconds);
      }
    pages.forEach(({ tier }, i) => {
      all.push(best[i]!);
      byTier.set(tier, [...(byTier.get(tier) ?? []), best[i]!]);
    });
    // The peer is one plain pass on one worker (the engine's own whole-page read splits the page over two workers),
    // timed the same way.
    const raster = await decodeImage(new Uint8Array(readFileSync(first.file)));
    await plain.recognizePage(raster, 1);
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      await plain.recognizePage(raster, 1);
      peer = Math.min(peer, (performance.now() - t0) / 1000);
    }
  } finally {
    await Promise.all([ocr.close(), plain.close()]);
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const median = percentile(all, 0.5);
  return {
    title: 'OCR of scanned pages: CMS-1500, UB-04, itemized statements (PP-OCR line recogniser and tesseract.js, local)',
    lines: [
      `Machine: ${cpus().length} cores (nproc), ${cpu}, Node ${process.version}. Up to two tesseract.js workers (one per core) and the PP-OCR recogniser (onnxruntime-node, two threads), reused across pages.`,
      `Each page was read ${ROUNDS} times and its best time is the one counted (the machine is shared with other work); the slowest single read of any page in any round took ${slowestRound.toFixed(2)} s.`,
      '',
      '| form and tier | pages | median s/page | max s/page |',
      '|---|---:|---:|---:|',
      ...[...byTier.entries()].sort().map(([tier, xs]) => `| ${tier} | ${xs.length} | ${percentile(xs, 0.5).toFixed(2)} | ${Math.max(...xs).toFixed(2)} |`),
      `| all | ${all.length} | ${median.toFixed(2)} | ${Math.max(...all).toFixed(2)} |`,
      '',
      `Peer: one whole-page tesseract pass over ${first.tier} (what a plain OCR reader would do) took ${peer.toFixed(2)} s, ` +
        `${(peer / median).toFixed(1)}x the median form read above. A form read is decode, paper flattening, deskew, ruled-line ` +
        'detection, grid registration and rectification, then the line recogniser\'s three looks at the cells (alone as scanned, ' +
        'their print cleaned, rows in doubt whole), then one tesseract call per alphabet for the cells still in doubt and the ' +
        'text cells: fax and the worst photos leave more cells in doubt, so they take longer. ' +
        'Pages whose grid cannot be registered fall back to a whole-page pass like the peer. Target: <= 2 s per page.',
    ],
  };
}
