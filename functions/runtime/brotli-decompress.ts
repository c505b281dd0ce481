// Bundled in place of the `brotli` package's decompressor (brotli/decompress.js) by an esbuild alias
// (infra/bundling.ts). fontkit, which pdfkit imports, needs it only to open WOFF2 fonts; the pure-JS package carries
// Brotli's 120 KB static dictionary as a 450 KB literal, while Node's zlib has the same decoder built in.
import { brotliDecompressSync } from 'node:zlib';

/**
 * As `BrotliDecompressBuffer(buffer, outputSize)`: the decoded bytes. The expected size is only a hint there (the
 * package grows its buffer past it), so it is not a limit here either.
 */
export default function decompress(buffer: Uint8Array, _outputSize?: number | null): Uint8Array {
  const out = brotliDecompressSync(buffer);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
