// The local OCR engine: tesseract.js with the English model shipped on npm (nothing downloads at run time).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { Word } from '../words.ts';
import { ALPHABET_CHARACTERS, type OcrAlphabet, type OcrEngine, type OcrRegionRequest, type Raster } from './engine.ts';

const require = createRequire(import.meta.url);

/** The folder holding eng.traineddata.gz from @tesseract.js-data/eng; checked first, as a failed load never settles. */
export function tesseractLangPath(): string {
  const folder = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
  if (!existsSync(join(folder, 'eng.traineddata.gz')))
    throw new Error(`OCR language data is missing: ${join(folder, 'eng.traineddata.gz')} (is @tesseract.js-data/eng installed?)`);
  return folder;
}

const PAD = 8;

/** Characters tesseract may answer with, by alphabet; none set for 'any' (its whole model). */
const WHITELIST: Record<OcrAlphabet, string> = { ...ALPHABET_CHARACTERS, any: '' };

interface TesseractBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface TesseractWord {
  text: string;
  confidence: number;
  bbox: TesseractBox;
  symbols?: { text: string; confidence: number; bbox: TesseractBox }[];
}
interface TesseractBlock {
  paragraphs: { lines: { words: TesseractWord[] }[] }[];
}

/**
 * A tesseract.js engine with up to `workers` lazily started workers (default: two, or one on a one-core machine),
 * reused across documents until close(). Regions asked for together are read on different workers at once.
 */
export function createTesseractOcr(options: { workers?: number } = {}): OcrEngine {
  const size = Math.max(1, options.workers ?? Math.min(2, availableParallelism()));
  let pool: PooledWorker[] = [];
  let closed = false;

  /** The worker with the fewest jobs waiting; a new one is started while the pool is not full and all are busy. */
  const pick = (): PooledWorker => {
    const idle = pool.find((w) => w.pending === 0);
    if (idle) return idle;
    if (pool.length < size) {
      const started: PooledWorker = {
        worker: createWorker('eng', OEM.LSTM_ONLY, { langPath: tesseractLangPath(), gzip: true, cacheMethod: 'none' }),
        queue: Promise.resolve(),
        params: '',
        pending: 0,
      };
      pool.push(started);
      return started;
    }
    return pool.reduce((a, b) => (b.pending < a.pending ? b : a));
  };

  /** One job at a time on a worker: parameters are per worker, so jobs must not interleave. */
  const run = <T>(job: (w: Worker, pooled: PooledWorker) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('the OCR engine was closed'));
    const pooled = pick();
    pooled.pending++;
    const next = pooled.queue.then(async () => job(await pooled.worker, pooled)).finally(() => pooled.pending--);
    pooled.queue = next.catch(() => undefined);
    return next;
  };

  const recognize = async (png: Buffer, psm: PSM, alphabet: OcrAlphabet): Promise<TesseractWord[]> =>
    run(async (w, pooled) => {
      const wanted = `${psm}|${alphabet}`;
      if (wanted !== pooled.params) {
        // debug_file: tesseract's own diagnostics (statistics of empty regions) would otherwise go to stdout.
        await w.setParameters({ tessedit_pageseg_mode: psm, tessedit_char_whitelist: WHITELIST[alphabet], user_defined_dpi: '200', debug_file: '/dev/null' });
        pooled.params = wanted;
      }
      const result = await w.recognize(png, {}, { blocks: true, text: false });
      const blocks = (result.data.blocks ?? []) as unknown as TesseractBlock[];
      return blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)));
    });

  const toWords = (found: TesseractWord[], page: number, image: Raster, dx: number, dy: number, withSymbols = false): Word[] => {
    const box = (b: TesseractBox) => ({
      left: (dx + b.x0) / image.width,
      top: (dy + b.y0) / image.height,
      width: (b.x1 - b.x0) / image.width,
      height: (b.y1 - b.y0) / image.height,
    });
    const confidence = (c: number): number => Math.max(0, Math.min(1, c / 100));
    return found
      .filter((w) => w.text.trim() !== '')
      .map((w) => ({
        text: w.text.trim(),
        page,
        bbox: box(w.bbox),
        confidence: confidence(w.confidence),
        engine: 'ocr' as const,
        ...(withSymbols && w.symbols
          ? { symbols: w.symbols.filter((s) => s.text.trim() !== '').map((s) => ({ text: s.text.trim(), bbox: box(s.bbox), confidence: confidence(s.confidence) })) }
          : {}),
      }));
  };

  return {
    async recognizePage(image, page) {
      if (size < 2 || image.height < 400) return toWords(await recognize(await encodePng(image), PSM.SPARSE_TEXT, 'any'), page, image, 0, 0);
      // Two workers read the page's two halves at once, cut along the emptiest row near the middle (no word is cut).
      const cut = quietestRow(image, 0.4, 0.6);
      const halves = [
        [0, cut],
        [cut, image.height],
      ] as const;
      const words = await Promise.all(
        halves.map(async ([top, bottom]) => {
          const png = await encodePng(image, { left: 0, top, width: image.width, height: bottom - top });
          return toWords(await recognize(png, PSM.SPARSE_TEXT, 'any'), page, image, -PAD, top - PAD);
        }),
      );
      return words.flat();
    },
    async recognizeRegion(image, page, region: OcrRegionRequest) {
      const left = Math.max(0, Math.floor(region.left));
      const top = Math.max(0, Math.floor(region.top));
      const width = Math.min(image.width - left, Math.ceil(region.width));
      const height = Math.min(image.height - top, Math.ceil(region.height));
      if (width < 4 || height < 4) return [];
      const png = await encodePng(image, { left, top, width, height });
      return toWords(await recognize(png, region.singleLine ? PSM.SINGLE_LINE : PSM.SINGLE_BLOCK, region.alphabet), page, image, left - PAD, top - PAD, region.symbols);
    },
    async close() {
      closed = true;
      const started = pool;
      pool = [];
      await Promise.all(started.map(async (p) => (await p.worker.catch(() => null))?.terminate()));
    },
  };
}

/** The row between `from` and `to` (fractions of the height) with the least print, nearest the middle of ties. */
function quietestRow(image: Raster, from: number, to: number): number {
  const { width, height, channels, data } = image;
  let best = Math.round(height * (from + to) / 2);
  let least = Infinity;
  for (let y = Math.round(height * from); y < Math.round(height * to); y++) {
    let ink = 0;
    for (let x = 0; x < width; x++) if (data[(y * width + x) * channels]! < 128) ink++;
    const nearer = Math.abs(y - height / 2) < Math.abs(best - height / 2);
    if (ink < least || (ink === least && nearer)) [best, least] = [y, ink];
  }
  return best;
}

interface PooledWorker {
  worker: Promise<Worker>;
  queue: Promise<unknown>;
  /** The parameters last set on this worker (page segmentation and alphabet). */
  params: string;
  /** Jobs queued or running. */
  pending: number;
}

async function encodePng(image: Raster, crop?: { left: number; top: number; width: number; height: number }): Promise<Buffer> {
  let pipeline = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
  if (crop) pipeline = pipeline.extract(crop);
  // A white border helps tesseract with text that touches the crop's edge.
  if (crop) pipeline = pipeline.extend({ top: PAD, bottom: PAD, left: PAD, right: PAD, background: image.channels === 1 ? '#ffffff' : { r: 255, g: 255, b: 255, alpha: 1 } });
  return pipeline.png({ compressionLevel: 1 }).toBuffer();
}
