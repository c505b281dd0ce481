// What the Lambda bundles carry, from esbuild's metafile with the stack's options (infra/bundling.ts): each function
// pulls only what it runs. The scheduled sweep carries no letters or mail, the review API no mail parser, no bundle
// brotli's dictionary, the email intake one libmime and no code tables (they are read from beside the bundle).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { esbuildOptions, FUNCTION_BUNDLES, PROJECT_ROOT, stepBundle, type FunctionBundle } from '#infra/bundling.ts';
import { EMAIL_INTAKE_BUNDLE } from '#infra/intake.ts';

/** The files bundled into the function's index.mjs (those that left at least one byte in it). */
async function inputsOf(bundle: FunctionBundle): Promise<string[]> {
  return (await metafileOf(bundle)).inputs;
}

async function metafileOf(bundle: FunctionBundle) {
  const { metafile } = await build({ ...esbuildOptions(bundle, '/tmp/parley-bundle-contents'), write: false, metafile: true, logLevel: 'error' });
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
  const inputs = Object.entries(output.inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
  /** Files required at run time from beside the bundle: [importer, path as written]. */
  const besides = Object.entries(metafile.inputs).flatMap(([input, { imports }]) =>
    imports.filter((i) => i.external && i.path.startsWith('.')).map((i) => [input, i.path] as const),
  );
  return { inputs, besides };
}

const from = (inputs: string[], pattern: RegExp) => inputs.filter((input) => pattern.test(input));

describe('Lambda bundle contents', () => {
  it('the deadline sweep carries the case table client and nothing of letters, mail, S3 or config', async () => {
    const inputs = await inputsOf(FUNCTION_BUNDLES.deadlineSweep);
    expect(from(inputs, /shared\/cases\/deadline-sweep\.ts$/)).toHaveLength(1);
    expect(from(inputs, /node_modules\/(pdfkit|fontkit|nodemailer|@aws-sdk\/client-(sesv2|s3))\//)).toEqual([]);
    expect(from(inputs, /^shared\/(letters|config)\//)).toEqual([]);
    expect(from(inputs, /shared\/cases\/case-service\.ts$/)).toEqual([]);
  });

  it('the review API carries no mail parser (the outbox is read only locally)', async () => {
    const inputs = await inputsOf(FUNCTION_BUNDLES.reviewApi);
    expect(from(inputs, /node_modules\/(mailparser|iconv-lite|libmime|html-to-text|he)\//)).toEqual([]);
    expect(from(inputs, /pdfkit\//).length).toBeGreaterThan(0);
  });

  it('no pdfkit bundle carries the pure-JS brotli (fontkit decodes WOFF2 with zlib)', async () => {
    for (const bundle of [stepBundle({ name: 'DraftOffer' }), FUNCTION_BUNDLES.reviewApi]) {
      const inputs = await inputsOf(bundle);
      expect(from(inputs, /fontkit\//).length, bundle.name).toBeGreaterThan(0);
      expect(from(inputs, /node_modules\/brotli\//), bundle.name).toEqual([]);
      expect(from(inputs, /functions\/runtime\/brotli-decompress\.ts$/), bundle.name).toHaveLength(1);
    }
  });

  it("the email intake carries one build of libmime and none of iconv-lite's code tables", async () => {
    const inputs = await inputsOf(EMAIL_INTAKE_BUNDLE);
    expect(from(inputs, /node_modules\/mailparser\//).length).toBeGreaterThan(0);
    expect(from(inputs, /node_modules\/libmime\/dist\/esm\//)).toEqual([]);
    expect(from(inputs, /node_modules\/libmime\/dist\/cjs\/libmime\.js$/)).toHaveLength(1);
    expect(from(inputs, /iconv-lite\/encodings\/tables\//)).toEqual([]);
  });

  it("leaves out of the email intake only iconv-lite's tables, each a file the package copies beside the bundle", async () => {
    const { besides } = await metafileOf(EMAIL_INTAKE_BUNDLE);
    expect(besides.length).toBeGreaterThan(0);
    for (const [importer, path] of besides) {
      expect(importer).toBe('node_modules/iconv-lite/encodings/dbcs-data.js');
      expect(existsSync(join(PROJECT_ROOT, 'node_modules/iconv-lite/encodings', path)), path).toBe(true);
    }
  });
});
