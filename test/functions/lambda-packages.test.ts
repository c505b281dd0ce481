// The Lambda packages work outside the source tree: built with the stack's esbuild options and asset copies
// (infra/bundling.ts), the Extract package reads a born-digital PDF with its copied pdfjs and DOMMatrix preload,
// and the DraftOffer package renders a letter with pdfkit's copied font metrics.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { assetCommands, assetEnvironment, esbuildOptions, PROJECT_ROOT, STEP_ASSETS, TASK_ROOT, type FunctionBundle } from '#infra/bundling.ts';

const root = mkdtempSync(join(tmpdir(), 'parley-package-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Bundles `contents` (resolved from functions/) exactly as the stack bundles a function with `assets`. */
async function packageOf(name: string, assets: FunctionBundle['assets'], contents: string): Promise<{ dir: string; env: Record<string, string> }> {
  const bundle: FunctionBundle = { name, entry: 'functions/unused.ts', assets };
  const dir = join(root, name);
  const { entryPoints: _entry, ...options } = esbuildOptions(bundle, dir);
  await build({ ...options, stdin: { contents, resolveDir: join(PROJECT_ROOT, 'functions'), loader: 'ts', sourcefile: `${name}.ts` }, logLevel: 'error' });
  for (const command of assetCommands(bundle, PROJECT_ROOT, dir)) execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT });
  const env = Object.fromEntries(Object.entries(assetEnvironment(bundle)).map(([k, v]) => [k, v.replaceAll(TASK_ROOT, dir)]));
  return { dir, env };
}

/** Runs `script` (an ES module body with `m` = the package's index.mjs) in a fresh Node process, from the package folder. */
function runIn(pkg: { dir: string; env: Record<string, string> }, script: string): unknown {
  const body = `const m = await import(${JSON.stringify(join(pkg.dir, 'index.mjs'))});\n${script}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', body], {
    cwd: pkg.dir,
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', ...pkg.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

describe('Lambda packages', () => {
  it('Extract reads a born-digital CMS-1500 with the pdfjs copied beside the bundle', async () => {
    const pkg = await packageOf('extract', STEP_ASSETS.Extract!, "export { awsDocumentReader } from './runtime/document-reader.ts';");
    const pdf = join(PROJECT_ROOT, 'test/fixtures/forms/generated/cms1500-example1-flat.pdf');
    const truth = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/forms/generated/cms1500-example1.truth.json'), 'utf8'));
    const result = runIn(
      pkg,
      `const { readFileSync } = await import('node:fs');
       const read = m.awsDocumentReader({ send: async () => { throw new Error('no Textract for PDFs'); } });
       const r = await read(new Uint8Array(readFileSync(${JSON.stringify(pdf)})), 'pdf');
       console.log(JSON.stringify({ bills: r.bills.length, lines: r.bills[0].lines.length, total: r.bills[0].totalChargeCents }));`,
    ) as { bills: number; lines: number; total: number };
    expect(result).toEqual({ bills: 1, lines: truth.lines.length, total: truth.totalChargeCents });
  });

  it('DraftOffer renders an offer letter with the pdfkit font metrics copied beside the bundle', async () => {
    const pkg = await packageOf(
      'draft-offer',
      STEP_ASSETS.DraftOffer!,
      "export { renderOfferLetter } from '#shared/letters/offer-letter.ts';\nexport { sampleOffer } from '../test/letters/sample-letters.ts';",
    );
    const result = runIn(pkg, `const pdf = await m.renderOfferLetter(m.sampleOffer()); console.log(JSON.stringify({ head: Buffer.from(pdf.slice(0, 5)).toString(), bytes: pdf.length }));`) as {
      head: string;
      bytes: number;
    };
    expect(result.head).toBe('%PDF-');
    expect(result.bytes).toBeGreaterThan(2_000);
  });
});
