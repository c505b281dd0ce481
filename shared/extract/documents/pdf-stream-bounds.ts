// Refuses a PDF whose compressed streams expand past anything a bill needs (a decompression bomb) before pdfjs,
// which inflates a stream whole into memory, opens it. Each Flate stream is inflated once, counted and dropped.
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflate, inflateSync } from 'node:zlib';
import { UnreadableDocument } from '../extraction-result.ts';

export interface PdfStreamLimits {
  /** One stream, inflated (a 600 dpi colour page image is about 100 MB). */
  maxStreamBytes: number;
  /** All streams of the file together, inflated. */
  maxTotalBytes: number;
}

export const DEFAULT_PDF_STREAM_LIMITS: PdfStreamLimits = {
  maxStreamBytes: 128 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
};

/** Compressed streams this small cannot expand past a few MB in one stage: inflated in one synchronous call. */
const SMALL_STREAM_BYTES = 16 * 1024;

type Stage = 'flate' | 'hex';

interface RawStream {
  objectNumber: number | null;
  stages: Stage[];
  data: Uint8Array;
}

/**
 * Throws UnreadableDocument (REJECTED) naming the object when one stream, or all together, would expand past the
 * limits. Streams that cannot be inflated (damaged, encrypted) are left to the PDF reader to judge.
 */
export async function refuseDecompressionBombs(bytes: Uint8Array, limits: PdfStreamLimits = DEFAULT_PDF_STREAM_LIMITS): Promise<void> {
  let total = 0;
  for (const stream of flateStreams(bytes)) {
    const budget = Math.min(limits.maxStreamBytes, limits.maxTotalBytes - total);
    const size = await expandedSize(stream, budget);
    const where = `document (${stream.objectNumber === null ? 'a' : `object ${stream.objectNumber},`} FlateDecode stream)`;
    if (size > budget && budget === limits.maxStreamBytes) {
      throw new UnreadableDocument(
        `a compressed stream of the PDF expands to more than ${mb(limits.maxStreamBytes)}: a decompression bomb, not a bill`,
        where,
      );
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new UnreadableDocument(
        `the PDF's compressed streams expand to more than ${mb(limits.maxTotalBytes)} together: a decompression bomb, not a bill`,
        where,
      );
    }
  }
}

const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The streams whose filter chain starts with FlateDecode (possibly behind ASCIIHexDecode), in file order. */
function* flateStreams(bytes: Uint8Array): Generator<RawStream> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let from = 0;
  for (;;) {
    const at = buffer.indexOf('stream', from, 'latin1');
    if (at < 0) return;
    from = at + 6;
    if (at >= 3 && buffer.toString('latin1', at - 3, at) === 'end') continue;
    let start = at + 6;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] !== 0x0a && buffer[start - 1] !== 0x0d) continue;
    if (buffer[start] === 0x0a) start++;
    // The dictionary: from the "obj" keyword before the stream (at most 4 KB back) to the keyword itself.
    const head = buffer.toString('latin1', Math.max(0, at - 4096), at);
    const objectAt = head.lastIndexOf('obj');
    const dictionary = objectAt >= 0 ? head.slice(objectAt) : head;
    const stages = filterStages(dictionary);
    if (stages === null) continue;
    const number = /(\d+)\s+\d+\s+obj\s*$/.exec(objectAt >= 0 ? head.slice(Math.max(0, objectAt - 24), objectAt + 3) : '');
    const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
    let end = direct ? start + Number(direct[1]) : -1;
    if (end < start || end > buffer.length || buffer.indexOf('endstream', end, 'latin1') > end + 4) {
      end = buffer.indexOf('endstream', start, 'latin1');
      if (end < 0) end = buffer.length;
    }
    from = Math.max(from, end);
    yield { objectNumber: number ? Number(number[1]) : null, stages, data: buffer.subarray(start, end) };
  }
}

/** The leading Flate / ASCIIHex stages of the stream's filter chain; null when no Flate stage leads it. */
function filterStages(dictionary: string): Stage[] | null {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary);
  if (!filter) return null;
  const names = [...filter[1]!.matchAll(/\/([A-Za-z0-9]+)/g)].map((m) => m[1]!);
  const stages: Stage[] = [];
  for (const name of names) {
    if (name === 'FlateDecode' || name === 'Fl') stages.push('flate');
    else if (name === 'ASCIIHexDecode' || name === 'AHx') stages.push('hex');
    else break;
  }
  return stages.includes('flate') ? stages : null;
}

class StopCounting extends Error {}

/** Bytes the stream inflates to, counting no further than just past `budget`. */
async function expandedSize(stream: RawStream, budget: number): Promise<number> {
  if (stream.stages.length === 1 && stream.data.length <= SMALL_STREAM_BYTES) {
    try {
      return inflateSync(stream.data, { maxOutputLength: Math.max(1, budget + 1) }).length;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? budget + 1 : 0;
    }
  }
  let counted = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      counted += chunk.length;
      done(counted > budget ? new StopCounting() : null);
    },
  });
  const stages = stream.stages.map((stage) => (stage === 'flate' ? createInflate() : hexDecoder()));
  try {
    await pipeline(Readable.from([Buffer.from(stream.data)]), ...(stages as [Transform]), counter);
  } catch (error) {
    if (error instanceof StopCounting) return counted;
    // Damaged or encrypted data: what inflated before the damage is what pdfjs would hold.
  }
  return counted;
}

function hexDecoder(): Transform {
  let odd: number | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const out: number[] = [];
      for (const c of chunk) {
        const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
        if (v < 0) continue;
        if (odd === null) odd = v;
        else {
          out.push(odd * 16 + v);
          odd = null;
        }
      }
      done(null, Buffer.from(out));
    },
  });
}
