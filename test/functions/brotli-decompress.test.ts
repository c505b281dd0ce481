// The zlib-backed stand-in for brotli/decompress.js that the Lambda bundles carry decodes what the pure-JS package
// decodes, byte for byte, and every bundle swaps it in.
import { brotliCompressSync, constants } from 'node:zlib';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import decompress from '#functions/runtime/brotli-decompress.ts';
import { aliasesOf, FUNCTION_BUNDLES, PROJECT_ROOT } from '#infra/bundling.ts';

// The package the alias replaces, as fontkit loads it (a dependency of fontkit, not of Parley).
const reference = createRequire(createRequire(`${PROJECT_ROOT}/package.json`).resolve('fontkit'))('brotli/decompress.js') as (
  buffer: Uint8Array,
  size?: number,
) => Uint8Array;

const samples: Record<string, Buffer> = {
  text: Buffer.from('Offer letter for the services listed below. '.repeat(400)),
  random: Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919 + (i >> 3) * 31) & 0xff)),
  empty: Buffer.alloc(0),
};

describe('brotli decompress stand-in', () => {
  for (const [name, input] of Object.entries(samples)) {
    for (const quality of [1, 11]) {
      it(`decodes ${name} input (quality ${quality}) as the brotli package does`, () => {
        const compressed = brotliCompressSync(input, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } });
        const ours = decompress(compressed, input.length);
        expect(Buffer.from(ours)).toEqual(input);
        expect(Buffer.from(ours)).toEqual(Buffer.from(reference(compressed, input.length)));
      });
    }
  }

  it('refuses a truncated stream', () => {
    const compressed = brotliCompressSync(samples.text!);
    expect(() => decompress(compressed.subarray(0, compressed.length >> 1))).toThrow();
  });

  it('is swapped in for every Lambda bundle', () => {
    for (const bundle of Object.values(FUNCTION_BUNDLES)) expect(aliasesOf(bundle)['brotli/decompress.js']).toMatch(/functions\/runtime\/brotli-decompress\.ts$/);
  });
});
