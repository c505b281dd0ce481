// The heaviest hostile inputs, each read in a process of its own with a 256 MB heap (--max-old-space-size=256):
// the process must exit normally with the expected verdict and a peak resident size far below what the input
// would take if it were expanded (gigabytes). A crash, an out-of-memory kill or a hang fails the test.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import { HANG_GUARD_MS } from './support/pipeline.ts';

/** Peak resident size allowed: the modules (pdfjs, sharp, the AWS SDK...) take about 300 MB before any input. */
const PEAK_RSS_MB = 768;

interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  report: { input: string; ms: number; peakRssMb: number; verdict: Record<string, unknown> } | null;
  stderr: string;
}

function readInChild(input: string): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', join(PROJECT_ROOT, 'bin/run-ts.mjs'), join(PROJECT_ROOT, 'test/hostile/support/bounded-child.ts'), input], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The hang guard: a child still reading after this long is killed (and the test fails on its signal).
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS * 2);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      let report: ChildOutcome['report'] = null;
      try {
        report = JSON.parse(line) as ChildOutcome['report'];
      } catch {
        report = null;
      }
      resolve({ code, signal, report, stderr: stderr.slice(-2000) });
    });
  });
}

const BOMB = { refused: 'a compressed stream of the PDF expands to more than 128 MB: a decompression bomb, not a bill', where: 'document (object 4, FlateDecode stream)', disposition: 'REJECTED' };

const CASES: [string, Record<string, unknown>][] = [
  ['pdf-flate-bomb-4gb', BOMB],
  ['pdf-double-flate-bomb-16gb', BOMB],
  ['pdf-10000-pages', { refused: 'not a bill: no page is a CMS-1500, UB-04 or itemized statement (pages read as: other)', where: 'pages 1-50', disposition: 'REJECTED' }],
  ['png-idat-bomb-4gb', { refused: 'no text could be read from any page', where: 'pages 1-1', disposition: 'REJECTED' }],
  ['png-100k-square', { refused: 'the image could not be decoded (the image declares 100000 x 100000 pixels; at most 60,000,000 pixels are read)', where: 'page 1', disposition: 'REJECTED' }],
  ['x12-million-segments-no-claim', { bills: 0, problems: 1, reviewReasons: 0, last: 'transaction set 0001 holds 1000001 segments but no claim (no CLM segment)' }],
  ['x12-hl-50000-deep', { bills: 1, problems: 51, reviewReasons: 50, last: '49950 more problems were found and not listed (the first 50 are)' }],
  ['x12-500000-stray-segments', { bills: 1, problems: 51, reviewReasons: 0, last: '499950 more problems were found and not listed (the first 50 are)' }],
];

describe('heavy hostile inputs in a 256 MB heap', { concurrent: true, timeout: HANG_GUARD_MS * 3 }, () => {
  it.each(CASES)('%s: exits normally with its verdict, peak memory bounded', async (input, verdict) => {
    const outcome = await readInChild(input);
    expect(outcome.signal, outcome.stderr).toBeNull();
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.report?.verdict).toEqual(verdict);
    expect(outcome.report!.peakRssMb).toBeLessThan(PEAK_RSS_MB);
  });
});
