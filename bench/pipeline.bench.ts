// End-to-end local throughput: N copies of the 837 samples through intake -> classify -> extract -> price -> letter,
// on the embedded runtime (DynamoDB Local + s3rver), at concurrency 1 (the peer) and 4; peak memory sampled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { silentLogger } from '#shared/observability/logger.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { uploadKey } from '#shared/intake/intake-keys.ts';
import { startLocalRuntime } from '#local/runtime/runtime.ts';
import { waitForDocuments } from '#local/runtime/submit.ts';
import { sampleCopy } from '../test/support/sample-copies.ts';
import type { BenchSection } from './bench-section.ts';

const DOCUMENTS = Number(process.env.PIPELINE_BENCH_DOCUMENTS ?? 120);
interface Run {
  concurrency: number;
  documents: number;
  claims: number;
  seconds: number;
  peakRssMb: number;
  heapAfterMb: number;
}

async function run(concurrency: number): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const runtime = await startLocalRuntime({ dataDir, logger: silentLogger, concurrency });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < DOCUMENTS; i++) {
      const key = uploadKey('bench', `run${concurrency}-${i}`, 'claims.837');
      const response = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: sampleCopy(i) }));
      ids.push(documentIdFor({ bucket: DOCUMENTS_BUCKET.name, key, versionId: null, etag: response.ETag ?? null }));
    }
    const documents = await waitForDocuments(runtime, ids, { idleTimeoutMs: 120_000 });
    const seconds = (performance.now() - started) / 1000;
    const unfinished = documents.filter((d) => d?.status !== 'OFFER_DRAFTED').length;
    if (unfinished > 0) throw new Error(`${unfinished} documents did not reach OFFER_DRAFTED`);
    const claims = documents.reduce((sum, d) => sum + (d?.caseIds.length ?? 0), 0);
    return { concurrency, documents: DOCUMENTS, claims, seconds, peakRssMb: peakRss / 2 ** 20, heapAfterMb: process.memoryUsage().heapUsed / 2 ** 20 };
  } finally {
    clearInterval(sampler);
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function pipelineBench(): Promise<BenchSection> {
  const runs = [await run(1), await run(4)];
  const perMinute = (r: Run, n: number) => ((n / r.seconds) * 60).toFixed(0);
  return {
    title: 'End-to-end local pipeline (837 samples)',
    lines: [
      `${DOCUMENTS} documents (copies of the two bundled 837 samples, 2.5 claims each on average), uploaded through the S3 API into intake/, each through classify -> extract -> price -> draft offer letter, on DynamoDB Local (on disk) and s3rver. Peak RSS is the Node process (DynamoDB Local's JVM is separate).`,
      '',
      '| documents at once | documents | claims | seconds | documents/min | claims (letters)/min | peak RSS MB | heap after MB |',
      '|---|---|---|---|---|---|---|---|',
      ...runs.map(
        (r) =>
          `| ${r.concurrency} | ${r.documents} | ${r.claims} | ${r.seconds.toFixed(1)} | ${perMinute(r, r.documents)} | ${perMinute(r, r.claims)} | ${r.peakRssMb.toFixed(0)} | ${r.heapAfterMb.toFixed(0)} |`,
      ),
      '',
      `Concurrency 4 vs 1 in the same run: ${(runs[0]!.seconds / runs[1]!.seconds).toFixed(2)}x the throughput.`,
    ],
  };
}
