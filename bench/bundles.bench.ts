// Lambda bundles: each function bundled by esbuild exactly as the stack does (infra/bundling.ts), its size, the size
// of its package with the files copied beside it, and the time to import it cold in a fresh Node process.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { PIPELINE_STEPS } from '#shared/pipeline/workflow.ts';
import {
  assetCommands,
  assetEnvironment,
  esbuildOptions,
  FUNCTION_BUNDLES,
  PROJECT_ROOT,
  stepBundle,
  TASK_ROOT,
  type FunctionBundle,
} from '#infra/bundling.ts';
import { EMAIL_INTAKE_BUNDLE, EMAIL_INTAKE_ENTRY } from '#infra/intake.ts';
import type { BenchSection } from './bench-section.ts';

const RUNS = 5;
const GOAL_BYTES = 1_000_000;
const GOAL_IMPORT_MS = 300;

function bundles(): FunctionBundle[] {
  const list: FunctionBundle[] = [...PIPELINE_STEPS.map(stepBundle), ...Object.values(FUNCTION_BUNDLES)];
  if (existsSync(join(PROJECT_ROOT, EMAIL_INTAKE_ENTRY))) list.push(EMAIL_INTAKE_BUNDLE);
  return list;
}

function folderBytes(dir: string, skip: (file: string) => boolean): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path, skip);
    else if (!skip(entry.name)) total += statSync(path).size;
  }
  return total;
}

/** Milliseconds to import the bundle, measured inside a fresh process (Node's own start-up excluded). */
function coldImportMs(dir: string, env: Record<string, string>): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(join(dir, 'index.mjs'))}); process.stdout.write(String(performance.now() - t));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`importing ${dir}/index.mjs failed: ${result.stderr.split('\n').find((l) => /Error/.test(l)) ?? result.stderr.slice(0, 300)}`);
  return Number(result.stdout);
}

/** Bytes of the output by where they come from: the AWS SDK, each other package, Parley's own code. */
function contents(metafile: Metafile): [string, number][] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
  const by = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    // The innermost package: a copy nested under another package counts as itself.
    const name = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const group = !name ? 'Parley code' : /^@(aws-sdk|smithy|aws)\//.test(name) ? 'AWS SDK' : name;
    by.set(group, (by.get(group) ?? 0) + bytesInOutput);
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export default async function (): Promise<BenchSection> {
  const rows: string[] = [];
  const over: string[] = [];
  const root = mkdtempSync(join(tmpdir(), 'parley-bundles-'));
  try {
    for (const bundle of bundles()) {
      const out = join(root, bundle.name);
      const { metafile } = await build({ ...esbuildOptions(bundle, out), metafile: true, logLevel: 'error' });
      for (const command of assetCommands(bundle, PROJECT_ROOT, out)) execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT });
      const bundleBytes = statSync(join(out, 'index.mjs')).size;
      // The lever not taken: the runtime's own AWS SDK instead of the pinned one (size only; it cannot load here).
      const lean = join(root, `${bundle.name}-sdk-external`);
      const leanOptions = esbuildOptions(bundle, lean);
      await build({ ...leanOptions, external: [...leanOptions.external, '@aws-sdk/*', '@smithy/*'], sourcemap: false, logLevel: 'error' });
      const leanBytes = statSync(join(lean, 'index.mjs')).size;
      const packageBytes = folderBytes(out, (file) => file.endsWith('.map'));
      const zipBytes = Number(execFileSync('bash', ['-c', `cd '${out}' && zip -qr -9 - . -x '*.map' | wc -c`], { encoding: 'utf8' }).trim());
      // The variables the stack sets to find the copied files, pointed at this folder instead of /var/task.
      const env = Object.fromEntries(Object.entries(assetEnvironment(bundle)).map(([k, v]) => [k, v.replaceAll(TASK_ROOT, out)]));
      const times = Array.from({ length: RUNS }, () => coldImportMs(out, env));
      const ms = median(times);
      const verdict = `${bundleBytes < GOAL_BYTES ? 'yes' : 'no'} / ${ms < GOAL_IMPORT_MS ? 'yes' : 'no'}`;
      if (bundleBytes >= GOAL_BYTES) {
        const top = contents(metafile).filter(([, bytes]) => bytes >= 10 * 1024);
        over.push(`- ${bundle.name} (${kb(bundleBytes)}): ${top.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ')}`);
      }
      rows.push(`| ${bundle.name} | \`${bundle.entry}\` | ${kb(bundleBytes)} | ${kb(leanBytes)} | ${kb(packageBytes)} | ${kb(zipBytes)} | ${ms.toFixed(0)} ms (${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)}) | ${verdict} |`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return {
    title: 'Lambda bundles (infra/bundling.ts)',
    lines: [
      `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (other work on the machine inflates the import times).`,
      '',
      `Each bundle: esbuild ${'0.28'} with the stack's options (ESM, node22, minified, linked source maps, AWS SDK bundled), then the files the stack copies beside it. Import: the median of ${RUNS} fresh Node processes importing the handler module (Node start-up excluded; min-max in brackets). Goal: bundle < 1 MB, import < ${GOAL_IMPORT_MS} ms.`,
      '',
      '| function | entry | index.mjs | index.mjs if the AWS SDK were external | package (no maps) | package zipped | cold import | goals met (size / import) |',
      '|---|---|---:|---:|---:|---:|---:|---|',
      ...rows,
      ...(over.length > 0 ? ['', 'What the bundles over 1 MB carry (bytes in index.mjs by source, 10 KB and more):', '', ...over] : []),
    ],
  };
}
