// X12 837 reading: throughput on a generated >= 50 MB file against node-x12 (the peer) in the same run, and peak
// memory (RSS high-water) for a generated 500 MB file through the streaming API. Each measurement runs in its own
// child process (this file bundled by esbuild, as a Lambda would run it) so one parser's heap never weighs on the
// other's figures.
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGenerated837, type GeneratedStats } from '../scripts/generate-837.ts';
import type { BenchSection } from './bench-section.ts';

const THROUGHPUT_MB = Number(process.env.X12_BENCH_MB ?? 60);
const MEMORY_MB = Number(process.env.X12_BENCH_STREAM_MB ?? 500);
const REPEATS = 3;
const SELF = fileURLToPath(import.meta.url);

type Mode = 'node-x12' | 'read837' | 'read837+provenance' | 'stream837';

interface ChildResult {
  mode: Mode;
  bytes: number;
  /** Best of REPEATS parse times, ms (the file is read into memory first; reading is not timed). */
  bestMs: number;
  /** CPU time (user + system) of that best run, ms: steadier than wall time on a shared machine. */
  cpuMs: number;
  claims: number;
  lines: number;
  totalChargeCents: number;
  /** RSS high-water of the child process, MB (process.resourceUsage().maxRSS). */
  peakRssMb: number;
}

/** Child side: `X12_BENCH_CHILD=mode X12_BENCH_FILE=path node bin/run-ts.mjs bench/x12.bench.ts`. */
async function child(mode: Mode, path: string): Promise<ChildResult> {
  let claims = 0;
  let lines = 0;
  let totalChargeCents = 0;
  let bestMs = Infinity;
  let cpuMs = Infinity;
  const cpu = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  let cpuStarted = 0;
  const bytes = statSync(path).size;
  if (mode === 'stream837') {
    const { stream837 } = await import('../shared/extract/x12/index.ts');
    cpuStarted = cpu();
    const started = performance.now();
    // Node's default 64 KiB read chunks, as any caller piping a file or an S3 body gets them.
    for await (const event of stream837(createReadStream(path))) {
      if (event.type !== 'bill') continue;
      claims++;
      lines += event.bill.lines.length;
      totalChargeCents += event.bill.totalChargeCents ?? 0;
    }
    bestMs = performance.now() - started;
    cpuMs = cpu() - cpuStarted;
  } else {
    const buffer = readFileSync(path);
    const { read837 } = await import('../shared/extract/x12/index.ts');
    const { X12Parser } = await import('node-x12');
    for (let i = 0; i < REPEATS; i++) {
      claims = 0;
      lines = 0;
      totalChargeCents = 0;
      cpuStarted = cpu();
      const started = performance.now();
      let elapsed = 0;
      let spent = 0;
      if (mode === 'read837' || mode === 'read837+provenance') {
        const result = read837(buffer);
        if (mode === 'read837+provenance') {
          let fields = 0;
          for (const bill of result.bills) fields += Object.keys(bill.provenance).length;
          if (fields === 0) throw new Error('no provenance');
        }
        elapsed = performance.now() - started;
        spent = cpu() - cpuStarted;
        for (const bill of result.bills) {
          claims++;
          lines += bill.lines.length;
          totalChargeCents += bill.totalChargeCents ?? 0;
        }
      } else {
        const parsed = new X12Parser(true).parse(buffer.toString('utf8')) as unknown as {
          interchanges?: { functionalGroups: { transactions: { segments: { tag: string }[] }[] }[] }[];
          functionalGroups?: { transactions: { segments: { tag: string }[] }[] }[];
        };
        elapsed = performance.now() - started;
        spent = cpu() - cpuStarted;
        const interchanges = parsed.interchanges ?? [parsed];
        for (const interchange of interchanges) {
          for (const group of interchange.functionalGroups ?? []) {
            for (const transaction of group.transactions) {
              for (const segment of transaction.segments) {
                if (segment.tag === 'CLM') claims++;
                else if (segment.tag === 'LX') lines++;
              }
            }
          }
        }
      }
      if (elapsed < bestMs) {
        bestMs = elapsed;
        cpuMs = spent;
      }
    }
  }
  return { mode, bytes, bestMs, cpuMs, claims, lines, totalChargeCents, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

function runChild(bundle: string, mode: Mode, path: string): ChildResult {
  const result = spawnSync(process.execPath, [bundle], {
    env: { ...process.env, X12_BENCH_CHILD: mode, X12_BENCH_FILE: path },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  if (result.status !== 0 || !line) {
    throw new Error(`x12 bench child ${mode} failed (status ${result.status}): ${result.stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as ChildResult;
}

function mbPerSecond(r: ChildResult): number {
  return r.bytes / 2 ** 20 / (r.bestMs / 1000);
}

function mbPerCpuSecond(r: ChildResult): number {
  return r.bytes / 2 ** 20 / (r.cpuMs / 1000);
}

function check(stats: GeneratedStats, r: ChildResult): string {
  const ok = r.claims === stats.claims && r.lines === stats.lines && (r.mode === 'node-x12' || r.totalChargeCents === stats.totalChargeCents);
  return ok ? 'yes' : `NO (${r.claims} claims, ${r.lines} lines)`;
}

export default async function x12Bench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-x12-bench-'));
  try {
    const bundle = join(dir, 'x12-bench-child.mjs');
    buildSync({
      entryPoints: [SELF],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bundle,
      logLevel: 'error',
      // node-x12 is CommonJS and requires Node built-ins.
      banner: { js: "import { createRequire as x12BenchRequire } from 'node:module'; const require = x12BenchRequire(import.meta.url);" },
    });
    const plainPath = join(dir, 'plain.837');
    const variedPath = join(dir, 'varied.837');
    const bigPath = join(dir, 'big.837');
    // node-x12 reads separators from the first ISA only, so the file it shares uses one set throughout.
    const plain = writeGenerated837(plainPath, THROUGHPUT_MB, 11, false);
    const varied = writeGenerated837(variedPath, THROUGHPUT_MB, 12, true);
    const peer = runChild(bundle, 'node-x12', plainPath);
    const ours = runChild(bundle, 'read837', plainPath);
    const oursVaried = runChild(bundle, 'read837', variedPath);
    const oursWithProvenance = runChild(bundle, 'read837+provenance', plainPath);
    const oursStream = runChild(bundle, 'stream837', plainPath);
    const big = writeGenerated837(bigPath, MEMORY_MB, 13, true);
    rmSync(plainPath);
    rmSync(variedPath);
    const bigStream = runChild(bundle, 'stream837', bigPath);
    const ratio = mbPerSecond(ours) / mbPerSecond(peer);
    const cpuRatio = mbPerCpuSecond(ours) / mbPerCpuSecond(peer);
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    const row = (label: string, file: string, stats: GeneratedStats, r: ChildResult) =>
      `| ${label} | ${file} (${mb(r.bytes)} MB) | ${mbPerSecond(r).toFixed(1)} | ${mbPerCpuSecond(r).toFixed(1)} | ${(r.bestMs / 1000).toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${check(stats, r)} |`;
    const cpu = cpus()[0]?.model ?? 'unknown';
    return {
      title: 'X12 837 reading',
      lines: [
        `Machine: ${cpus().length} cores (${cpu}), Node ${process.version}. Files generated at bench time by scripts/generate-837.ts (synthetic, varied: 837P and 837I, 1-20 lines per claim, modifiers, anesthesia minutes, NDC, COB loops, repricing, patients under subscribers, several interchanges, groups and transaction sets; the varied files also change separators and line breaks per interchange). Parse times are the best of ${REPEATS} in a fresh child process per row, file already in memory; peak RSS is that child's high-water mark.`,
        '',
        '| reader | file | MB/s (wall) | MB per CPU-second | seconds | peak RSS MB | claims and lines match the generator |',
        '|---|---|---|---|---|---|---|',
        row('node-x12 1.7.1 `X12Parser(true).parse` (segments only, the peer)', 'plain', plain, peer),
        row('Parley `read837` (Bills with every field, validation)', 'plain', plain, ours),
        row('Parley `read837`, then every Bill\'s provenance record built', 'plain', plain, oursWithProvenance),
        row('Parley `read837`', 'varied separators', varied, oursVaried),
        row('Parley `stream837` (fs read stream, 64 KiB chunks)', 'plain', plain, oursStream),
        row('Parley `stream837` (memory run)', 'varied, large', big, bigStream),
        '',
        `Throughput against node-x12 on the same file in this run (goal >= 10x): streaming (\`stream837\`, the API for large files) **${(mbPerSecond(oursStream) / mbPerSecond(peer)).toFixed(1)}x** by wall time, ${(mbPerCpuSecond(oursStream) / mbPerCpuSecond(peer)).toFixed(1)}x by CPU time; whole file in memory (\`read837\`, every Bill kept) **${ratio.toFixed(1)}x** by wall time, ${cpuRatio.toFixed(1)}x by CPU time.`,
        `Peak memory streaming ${mb(bigStream.bytes)} MB: **${bigStream.peakRssMb.toFixed(0)} MB** RSS (goal < 200 MB); ${big.claims} claims, ${big.lines} lines.`,
        `read837 hands out Bills whose provenance record (every field's segment, id and loop) is built on first access and kept compactly until then; with every record built the ratio is ${(mbPerSecond(oursWithProvenance) / mbPerSecond(peer)).toFixed(1)}x.`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.X12_BENCH_CHILD) {
  const result = await child(process.env.X12_BENCH_CHILD as Mode, process.env.X12_BENCH_FILE!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
