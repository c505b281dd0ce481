// Hostile images written byte by byte: PNG, JPEG and TIFF headers that declare absurd sizes, a PNG whose image data
// inflates far past what its header needs, and a TIFF with thousands of pages.
import { deflatedFill } from './pdf.ts';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = 8; // bit depth
  data[9] = 0; // greyscale
  return pngChunk('IHDR', data);
}

/** A greyscale PNG header declaring width x height, with a token IDAT: huge to decode, tiny to send. */
export function hugePng(width: number, height: number): Uint8Array {
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, ihdr(width, height), pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), pngChunk('IEND', Buffer.alloc(0))]));
}

/** A small PNG (width x height) whose one IDAT inflates to `inflatedBytes`: far more than its rows need. */
export function idatBombPng(width: number, height: number, inflatedBytes: number): Uint8Array {
  // Filter byte 0 and grey pixels 0x00 on every row: zeros all the way, so the rows it needs are valid.
  const idat = deflatedFill(inflatedBytes, 0);
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, ihdr(width, height), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]));
}

/** A baseline JPEG header (SOI, DQT, SOF0, DHT, SOS) declaring width x height, then EOI: nothing to decode. */
export function hugeJpeg(width: number, height: number): Uint8Array {
  const segment = (marker: number, data: number[]): number[] => [0xff, marker, ((data.length + 2) >> 8) & 255, (data.length + 2) & 255, ...data];
  const dqt = segment(0xdb, [0x00, ...Array.from({ length: 64 }, () => 1)]);
  const sof = segment(0xc0, [8, (height >> 8) & 255, height & 255, (width >> 8) & 255, width & 255, 1, 1, 0x11, 0]);
  const dht = segment(0xc4, [0x00, 0, 1, ...Array.from({ length: 14 }, () => 0), 0]);
  const dhtAc = segment(0xc4, [0x10, 0, 1, ...Array.from({ length: 14 }, () => 0), 0]);
  const sos = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  return new Uint8Array([0xff, 0xd8, ...dqt, ...sof, ...dht, ...dhtAc, ...sos, 0x00, 0xff, 0xd9]);
}

interface TiffEntry {
  tag: number;
  type: 3 | 4; // SHORT or LONG
  value: number;
}

/**
 * A little-endian TIFF of `pages` uncompressed greyscale pages of width x height, every page pointing at the same
 * strip of pixel bytes (so thousands of pages cost a few bytes each).
 */
export function tiff(pages: number, width: number, height: number, pixel = 0xff): Uint8Array {
  const stripBytes = Math.min(width * height, 1 << 16);
  const entriesPerIfd = 9;
  const ifdSize = 2 + entriesPerIfd * 12 + 4;
  const stripAt = 8;
  const firstIfd = stripAt + stripBytes + (stripBytes % 2);
  const buffer = Buffer.alloc(firstIfd + pages * ifdSize);
  buffer.write('II', 0, 'latin1');
  buffer.writeUInt16LE(42, 2);
  buffer.writeUInt32LE(firstIfd, 4);
  buffer.fill(pixel, stripAt, stripAt + stripBytes);
  for (let p = 0; p < pages; p++) {
    const at = firstIfd + p * ifdSize;
    const entries: TiffEntry[] = [
      { tag: 256, type: 4, value: width },
      { tag: 257, type: 4, value: height },
      { tag: 258, type: 3, value: 8 },
      { tag: 259, type: 3, value: 1 },
      { tag: 262, type: 3, value: 1 }, // BlackIsZero
      { tag: 273, type: 4, value: stripAt },
      { tag: 277, type: 3, value: 1 },
      { tag: 278, type: 4, value: height },
      { tag: 279, type: 4, value: stripBytes },
    ];
    buffer.writeUInt16LE(entries.length, at);
    entries.forEach((e, i) => {
      const entry = at + 2 + i * 12;
      buffer.writeUInt16LE(e.tag, entry);
      buffer.writeUInt16LE(e.type, entry + 2);
      buffer.writeUInt32LE(1, entry + 4);
      if (e.type === 3) buffer.writeUInt16LE(e.value, entry + 8);
      else buffer.writeUInt32LE(e.value, entry + 8);
    });
    buffer.writeUInt32LE(p === pages - 1 ? 0 : at + ifdSize, at + 2 + entries.length * 12);
  }
  return new Uint8Array(buffer);
}
