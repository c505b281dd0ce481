// `parley doctor` finds what failed, got stuck or was lost; reprocessing resumes it safely.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { CaseRepository } from '#shared/cases/case-repository.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { documentIdFor, executionNameFor } from '#shared/pipeline/identity.ts';
import { prepareReprocess, NothingToReprocess } from '#shared/pipeline/reprocess.ts';
import { uploadKey } from '#shared/intake/intake-keys.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { examine, isHealthy } from '#local/runtime/doctor.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime/runtime.ts';
import { waitForDocuments } from '#local/runtime/submit.ts';
import { sampleCopy } from '../support/sample-copies.ts';

async function put(runtime: LocalRuntime, key: string, body: string) {
  const response = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: body }));
  return { bucket: DOCUMENTS_BUCKET.name, key, versionId: null, etag: response.ETag ?? null };
}

describe('a document whose pricing fails for good', () => {
  it('is listed as FAILED with the step and error, and reprocessing takes it to its offer without duplicates', async () => {
    let pricingBroken = true;
    const runtime = await startLocalRuntime({
      dataDir: mkdtempSync(join(tmpdir(), 'parley-doctor-')),
      inMemoryDatabase: true,
      logger: silentLogger,
      decorateServices: (services) => ({
        ...services,
        cases: new Proxy(services.cases, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (typeof value !== 'function') return value;
            if (property !== 'updateCase') return value.bind(target);
            return (...args: Parameters<CaseRepository['updateCase']>) => {
              if (pricingBroken && args[3].type === 'case.priced') throw Object.assign(new Error('pricing tables are corrupt'), { name: 'TablesCorrupt' });
              return value.apply(target, args);
            };
          },
        }),
      }),
    });
    try {
      const source = await put(runtime, uploadKey('doctor', 'one', 'claims.837'), sampleCopy(3000));
      const documentId = documentIdFor(source);
      const [failed] = await waitForDocuments(runtime, [documentId], { idleTimeoutMs: 30_000 });
      expect(failed).toMatchObject({ status: 'FAILED', reasons: ['Price failed: TablesCorrupt: pricing tables are corrupt'] });
      for (const caseId of failed!.caseIds) expect((await runtime.cases.getCase(caseId))?.status).toBe('NEEDS_REVIEW');

      const report = await examine(runtime);
      expect(report.failed.map((d) => d.id)).toEqual([documentId]);
      expect(isHealthy(report)).toBe(false);

      pricingBroken = false;
      const input = await prepareReprocess(documentId, runtime.services, 'cli:test');
      await runtime.runner.start(`${executionNameFor(input.source)}-r1`, input);
      const [done] = await waitForDocuments(runtime, [documentId], { idleTimeoutMs: 30_000 });
      expect(done?.status).toBe('OFFER_DRAFTED');
      for (const caseId of done!.caseIds) {
        const types = (await runtime.cases.listEvents(caseId)).map((e) => e.type);
        expect(types).toEqual(['case.created', 'case.review', 'case.reprocess', 'case.priced', 'offer.drafted']);
      }
      expect(isHealthy(await examine(runtime))).toBe(true);
      await expect(prepareReprocess(documentId, runtime.services, 'cli:test')).rejects.toThrow(NothingToReprocess);
    } finally {
      await runtime.stop();
    }
  });
});

describe('an intake object whose start was lost', () => {
  it('is listed by doctor and picked up by the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-orphan-'));
    const idle = await startLocalRuntime({ dataDir, logger: silentLogger, processing: false });
    let documentId: string;
    try {
      const source = await put(idle, uploadKey('doctor', 'lost', 'claims.837'), sampleCopy(3002));
      documentId = documentIdFor(source);
      expect((await examine(idle)).orphanObjects).toEqual([source.key]);
    } finally {
      await idle.stop();
    }
    const running = await startLocalRuntime({ dataDir, logger: silentLogger });
    try {
      expect(running.resumed).toBe(1);
      const [document] = await waitForDocuments(running, [documentId], { idleTimeoutMs: 30_000 });
      expect(document?.status).toBe('OFFER_DRAFTED');
    } finally {
      await running.stop();
    }
  });
});
