// Load: 2,000 bills through the local pipeline with concurrency; memory sampled as the batch goes, to show it stays flat.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import pMap from 'p-map';
import { silentLogger } from '#shared/observability/logger.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { uploadKey } from '#shared/intake/intake-keys.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { startLocalRuntime } from '#local/runtime/runtime.ts';
import { waitForDocuments } from '#local/runtime/submit.ts';
import { sampleCopy } from '../test/support/sample-copies.ts';
import type { BenchSection } from './bench-section.ts';

const DOCUMENTS = Number(process.env.LOAD_BENCH_DOCUMENTS ?? 2000);
const CONCURRENCY = 2;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export default async function loadBench(): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-load-'));
  const runtime = await startLocalRuntime({ dataDir, logger: silentLogger, concurrency: CONCURRENCY });
  const samples: { finished: number; heapMb: number; rssMb: number; seconds: number }[] = [];
  try {
    const started = performance.now();
    const ids = await pMap(
      Array.from({ length: DOCUMENTS }, (_, i) => i),
      async (i) => {
        const key = uploadKey('load', `bill-${i}`, 'claims.837');
        const put = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: sampleCopy(i) }));
        return documentIdFor({ bucket: DOCUMENTS_BUCKET.name, key, versionId: null, etag: put.ETag ?? null });
      },
      { concurrency: 8 },
    );
    let nextSample = 0;
    const documents = await waitForDocuments(runtime, ids, {
      idleTimeoutMs: 120_000,
      onProgress: (finished) => {
        if (finished < nextSample) return;
        nextSample += DOCUMENTS / 8;
        samples.push({ finished, heapMb: heapMb(), rssMb: process.memoryUsage().rss / 2 ** 20, seconds: (performance.now() - started) / 1000 });
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const drafted = documents.filter((d) => d?.status === 'OFFER_DRAFTED').length;
    const claims = documents.reduce((n, d) => n + (d?.caseIds.length ?? 0), 0);
    return {
      title: 'Load: 2,000 bills through the local pipeline',
      lines: [
        `${DOCUMENTS} documents (copies of the bundled 837 samples: ${claims} claims), uploaded through the S3 API 8 at a time, processed ${CONCURRENCY} documents at once on DynamoDB Local (on disk) and s3rver. Heap is measured after a forced GC (run with --expose-gc, as \`npm run bench\` does).`,
        '',
        `Result: ${drafted} of ${DOCUMENTS} reached OFFER_DRAFTED in ${seconds.toFixed(0)} s: ${((DOCUMENTS / seconds) * 60).toFixed(0)} documents/min, ${((claims / seconds) * 60).toFixed(0)} claims (letters)/min.`,
        '',
        '| documents finished | seconds | heap used MB | RSS MB |',
        '|---|---|---|---|',
        ...samples.map((s) => `| ${s.finished} | ${s.seconds.toFixed(0)} | ${s.heapMb.toFixed(0)} | ${s.rssMb.toFixed(0)} |`),
      ],
    };
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
