// Faults at a set rate across 200 documents: S3 and DynamoDB calls fail before or after doing their work. After
// retries every document ends in a final state with its reason, and nothing is lost or done twice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '#shared/observability/logger.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { uploadKey } from '#shared/intake/intake-keys.ts';
import { DOCUMENTS_BUCKET, LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { FINAL_DOCUMENT_STATUSES, type DocumentRecord } from '#shared/model/document.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime/runtime.ts';
import { waitForDocuments } from '#local/runtime/submit.ts';
import { withFaults, type FaultLog } from '../support/faults.ts';
import { sampleCopy } from '../support/sample-copies.ts';

const DOCUMENTS = 200;
const faults: FaultLog = { injected: 0, afterWork: 0 };
let runtime: LocalRuntime;
let documents: (DocumentRecord | null)[];

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dataDir: mkdtempSync(join(tmpdir(), 'parley-faults-')),
    inMemoryDatabase: true,
    logger: silentLogger,
    concurrency: 4,
    decorateServices: (services) => withFaults(services, { rate: 0.04, seed: 20251127 }, faults),
    retrySleep: () => new Promise((r) => setTimeout(r, 1)),
  });
  const ids: string[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    const key = uploadKey('faults', `doc-${i}`, 'claims.837');
    const put = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: sampleCopy(i) }));
    ids.push(documentIdFor({ bucket: DOCUMENTS_BUCKET.name, key, versionId: null, etag: put.ETag ?? null }));
  }
  documents = await waitForDocuments(runtime, ids, { idleTimeoutMs: 60_000 });
}, 600_000);
afterAll(async () => runtime?.stop());

describe('200 documents through a pipeline whose S3 and DynamoDB calls fail 4% of the time', () => {
  it('injected faults, including ones raised after the work was done', () => {
    expect(faults.injected).toBeGreaterThan(50);
    expect(faults.afterWork).toBeGreaterThan(10);
  });

  it('ends every document in a final state, and any that failed says why', () => {
    for (const document of documents) {
      expect(document).not.toBeNull();
      expect(FINAL_DOCUMENT_STATUSES).toContain(document!.status);
      if (document!.status !== 'OFFER_DRAFTED') expect(document!.reasons.length).toBeGreaterThan(0);
    }
    // With five attempts per step, nearly all documents get through.
    expect(documents.filter((d) => d!.status === 'OFFER_DRAFTED').length).toBeGreaterThan(DOCUMENTS * 0.9);
  });

  it('writes exactly one case per claim, one creation and at most one letter event per case, one letter object per drafted case', async () => {
    const drafted: string[] = [];
    for (const document of documents) {
      for (const caseId of document!.caseIds) {
        const record = await runtime.cases.getCase(caseId);
        const types = (await runtime.cases.listEvents(caseId)).map((e) => e.type);
        expect(types.filter((t) => t === 'case.created')).toHaveLength(1);
        expect(types.filter((t) => t === 'offer.drafted').length).toBeLessThanOrEqual(1);
        if (record!.status === 'OFFER_DRAFTED') drafted.push(caseId);
      }
    }
    let letters = 0;
    let token: string | undefined;
    do {
      const page = await runtime.s3.send(new ListObjectsV2Command({ Bucket: LETTERS_BUCKET.name, ContinuationToken: token }));
      letters += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    // A letter written just before a failure that sent its case to review may remain; never two for one case.
    expect(letters).toBeGreaterThanOrEqual(drafted.length);
    expect(letters).toBeLessThanOrEqual(documents.reduce((n, d) => n + d!.caseIds.length, 0));
  });
});
