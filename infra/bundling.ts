// How every Lambda function is bundled (NodejsFunction with the local esbuild, never Docker), described once so the
// stack and bench/bundles.bench.ts build byte-for-byte the same bundles.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Step } from '#shared/pipeline/step.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NODE_TARGET = 'node22';
/** Where Lambda unpacks the bundle. */
export const TASK_ROOT = '/var/task';

/** ESM output still meets CommonJS dependencies that call require() or read __dirname. */
export const ESM_BANNER = [
  "import { createRequire as __parleyRequire } from 'node:module';",
  "import { fileURLToPath as __parleyPath } from 'node:url';",
  "import { dirname as __parleyDirname } from 'node:path';",
  'const require = __parleyRequire(import.meta.url);',
  'const __filename = __parleyPath(import.meta.url);',
  'const __dirname = __parleyDirname(__filename);',
].join(' ');

/** Files a function needs beside its bundle. */
export type BundleAsset =
  /** data/cms: the derived CMS tables (PARLEY_DATA_DIR). */
  | 'pricing-tables'
  /** config/ and the letterhead logo it names (PARLEY_CONFIG_DIR, PARLEY_OFFER_RULES). */
  | 'config'
  /** pdfkit's standard-font metrics, which it require()s through its own package imports map at run time. */
  | 'pdfkit-fonts'
  /**
   * The document reader: pdfjs-dist kept external (it loads its worker, fonts and cmaps from its package folder at
   * run time) with a DOMMatrix preload in place of its native canvas dependency, and the native modules (sharp,
   * @napi-rs/canvas, onnxruntime-node) and tesseract.js replaced by functions/runtime/native-modules-excluded.ts:
   * Textract reads images on AWS.
   */
  | 'document-reader'
  /**
   * iconv-lite's double-byte code tables (Shift_JIS, EUC-JP, GBK/GB18030, EUC-KR, Big5): 390 KB of JSON that
   * iconv-lite require()s from ./tables/ the first time a message in one of those charsets is decoded. Kept as files
   * beside the bundle, where that require() finds them, so a function that parses mail does not compile them at start.
   */
  | 'mail-charsets';

export interface FunctionBundle {
  /** Short name: the construct id and the bench's row. */
  name: string;
  /** Entry file, relative to the project root. */
  entry: string;
  assets: readonly BundleAsset[];
}

const PDFJS_FILES = ['package.json', 'LICENSE', 'legacy/build/pdf.mjs', 'legacy/build/pdf.worker.mjs', 'standard_fonts', 'cmaps', 'wasm', 'iccs'];

/** Packages (and files) the bundle does not contain: they are copied beside it instead. */
export function externalsOf(bundle: FunctionBundle): string[] {
  const externals: string[] = [];
  if (bundle.assets.includes('document-reader')) externals.push('pdfjs-dist');
  // The path as iconv-lite's encodings/dbcs-data.js writes it; at run time it resolves next to index.mjs.
  if (bundle.assets.includes('mail-charsets')) externals.push(ICONV_TABLES);
  return externals;
}

const ICONV_TABLES = './tables/*.json';

const NATIVE_EXCLUDED = join(PROJECT_ROOT, 'functions/runtime/native-modules-excluded.ts');
const BROTLI_DECOMPRESS = join(PROJECT_ROOT, 'functions/runtime/brotli-decompress.ts');
const LIBMIME_CJS = join(PROJECT_ROOT, 'node_modules/libmime/dist/cjs/libmime.js');
const DOM_MATRIX_PRELOAD = 'functions/preload/dom-matrix.mjs';

/** Packages swapped for another module at bundle time. */
export function aliasesOf(bundle: FunctionBundle): Record<string, string> {
  const always = {
    // pdfkit's fontkit decodes WOFF2 with Node's zlib instead of the pure-JS brotli and its dictionary.
    'brotli/decompress.js': BROTLI_DECOMPRESS,
    // One libmime: mailsplit require()s it and mailparser imports it, which would bundle both its CommonJS and its ESM
    // build (two copies of its MIME type and charset tables). ESM importers get the CommonJS one, as Node gives them.
    libmime: LIBMIME_CJS,
  };
  if (!bundle.assets.includes('document-reader')) return always;
  return { ...always, sharp: NATIVE_EXCLUDED, '@napi-rs/canvas': NATIVE_EXCLUDED, 'tesseract.js': NATIVE_EXCLUDED, 'onnxruntime-node': NATIVE_EXCLUDED };
}

/** Shell commands run after esbuild, in the project root, copying each asset next to the bundle. */
export function assetCommands(bundle: FunctionBundle, inputDir: string, outputDir: string): string[] {
  const q = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;
  const from = (path: string) => q(join(inputDir, path));
  const to = (path: string) => q(join(outputDir, path));
  const commands: string[] = [];
  for (const asset of bundle.assets) {
    switch (asset) {
      case 'pricing-tables':
        commands.push(`mkdir -p ${to('data')}`, `cp -R ${from('data/cms')} ${to('data/cms')}`);
        break;
      case 'config':
        commands.push(`cp -R ${from('config')} ${to('config')}`);
        if (existsSync(join(PROJECT_ROOT, 'assets/letterhead'))) {
          commands.push(`mkdir -p ${to('assets/letterhead')}`, `cp ${from('assets/letterhead')}/*.png ${to('assets/letterhead')}/`);
        }
        break;
      case 'pdfkit-fonts':
        // pdfkit does createRequire(import.meta.url)('#standard-fonts/Helvetica'): resolved through the package.json
        // nearest to the bundle, so the bundle gets one with the same imports entry.
        commands.push(
          `cp -R ${from('node_modules/pdfkit/js/standard-fonts')} ${to('standard-fonts')}`,
          `mkdir -p ${to('data')}`,
          `cp ${from('node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc')} ${to('data')}/`,
          `printf '%s' ${q(JSON.stringify({ private: true, imports: { '#standard-fonts/*': './standard-fonts/*.cjs' } }))} > ${to('package.json')}`,
        );
        break;
      case 'document-reader':
        commands.push(`mkdir -p ${to('node_modules/pdfjs-dist/legacy/build')} ${to('preload')}`);
        for (const file of PDFJS_FILES) {
          commands.push(`cp -R ${from(`node_modules/pdfjs-dist/${file}`)} ${to(`node_modules/pdfjs-dist/${file}`)}`);
        }
        commands.push(`cp ${from(DOM_MATRIX_PRELOAD)} ${to('preload/dom-matrix.mjs')}`);
        break;
      case 'mail-charsets':
        commands.push(`cp -R ${from('node_modules/iconv-lite/encodings/tables')} ${to('tables')}`);
        break;
    }
  }
  return commands;
}

/** Environment variables telling the code where its assets are inside the Lambda package. */
export function assetEnvironment(bundle: FunctionBundle): Record<string, string> {
  const env: Record<string, string> = {};
  if (bundle.assets.includes('document-reader')) env.NODE_OPTIONS = `--import=${TASK_ROOT}/preload/dom-matrix.mjs`;
  if (bundle.assets.includes('pricing-tables')) env.PARLEY_DATA_DIR = `${TASK_ROOT}/data/cms`;
  if (bundle.assets.includes('config')) {
    env.PARLEY_CONFIG_DIR = `${TASK_ROOT}/config`;
    if (existsSync(join(PROJECT_ROOT, 'config/offer-rules.json'))) env.PARLEY_OFFER_RULES = `${TASK_ROOT}/config/offer-rules.json`;
  }
  return env;
}

/** The NodejsFunction bundling options: ESM, minified, linked source maps, the AWS SDK bundled at its pinned version. */
export function nodejsBundling(bundle: FunctionBundle): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: NODE_TARGET,
    minify: true,
    sourceMap: true,
    sourceMapMode: SourceMapMode.DEFAULT,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: ESM_BANNER,
    externalModules: externalsOf(bundle),
    // Rendered as --alias:sharp=<file> (NodejsFunction joins array items to the key with a colon).
    esbuildArgs: { '--alias': Object.entries(aliasesOf(bundle)).map(([from, to]) => `${from}=${to}`) },
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => assetCommands(bundle, inputDir, outputDir),
    },
  };
}

/** The same build as esbuild's JS API options (for the bench): NodejsFunction passes these as CLI flags. */
export function esbuildOptions(bundle: FunctionBundle, outputDir: string) {
  return {
    entryPoints: [join(PROJECT_ROOT, bundle.entry)],
    bundle: true,
    platform: 'node' as const,
    target: NODE_TARGET,
    format: 'esm' as const,
    outfile: join(outputDir, 'index.mjs'),
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_BANNER },
    external: externalsOf(bundle),
    alias: aliasesOf(bundle),
  };
}

/** functions/steps/<kebab-case step name>.ts: one Lambda per pipeline step. */
export function stepEntry(step: Pick<Step, 'name'>): string {
  const kebab = step.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `functions/steps/${kebab}.ts`;
}

/** What each step's function carries; a step missing here fails the synth rather than deploying without its files. */
export const STEP_ASSETS: Readonly<Record<string, readonly BundleAsset[]>> = {
  Classify: [],
  // config/: the 999's sender id (edi.json)
  Extract: ['document-reader', 'config'],
  Price: ['pricing-tables', 'config'],
  DraftOffer: ['config', 'pdfkit-fonts'],
};

export class StepWithoutFunction extends Error {
  override readonly name = 'StepWithoutFunction';
}

export function stepBundle(step: Pick<Step, 'name'>): FunctionBundle {
  const assets = STEP_ASSETS[step.name];
  const entry = stepEntry(step);
  if (!assets) throw new StepWithoutFunction(`pipeline step ${step.name} has no entry in infra/bundling.ts STEP_ASSETS`);
  if (!existsSync(join(PROJECT_ROOT, entry))) throw new StepWithoutFunction(`pipeline step ${step.name} has no Lambda entry ${entry}`);
  return { name: step.name, entry, assets };
}

/** The functions outside the step list. */
export const FUNCTION_BUNDLES = {
  startWorkflow: { name: 'StartWorkflow', entry: 'functions/start-workflow/handler.ts', assets: [] },
  markFailed: { name: 'MarkFailed', entry: 'functions/mark-failed/handler.ts', assets: [] },
  textractStart: { name: 'TextractStart', entry: 'functions/textract-start/handler.ts', assets: [] },
  textractDone: { name: 'TextractDone', entry: 'functions/textract-done/handler.ts', assets: [] },
  reviewApi: { name: 'ReviewApi', entry: 'functions/review-api/handler.ts', assets: ['document-reader', 'config'] },
  deadlineSweep: { name: 'DeadlineSweep', entry: 'functions/deadline-sweep/handler.ts', assets: [] },
} as const satisfies Record<string, FunctionBundle>;
