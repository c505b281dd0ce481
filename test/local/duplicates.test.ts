// Nothing twice: a redelivered event starts nothing new, and a step re-run after a crash in its middle finishes the
// work without a second case, letter or history entry.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '#shared/observability/logger.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { uploadKey } from '#shared/intake/intake-keys.ts';
import { startWorkflowForObject } from '#shared/intake/start-workflow.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';
import { classifyStep } from '#shared/pipeline/steps/classify.ts';
import { extractStep } from '#shared/pipeline/steps/extract.ts';
import { priceStep } from '#shared/pipeline/steps/price.ts';
import { draftOfferStep } from '#shared/pipeline/steps/draft-offer.ts';
import { initialWorkflowState } from '#shared/pipeline/workflow-state.ts';
import type { ObjectRef } from '#shared/model/document.ts';
import { DOCUMENTS_BUCKET, LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime/runtime.ts';
import { waitForDocuments } from '#local/runtime/submit.ts';
import { sampleCopy } from '../support/sample-copies.ts';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalRuntime({ dataDir: mkdtempSync(join(tmpdir(), 'parley-dup-')), inMemoryDatabase: true, logger: silentLogger });
});
afterAll(async () => runtime?.stop());

async function put(key: string, body: string): Promise<ObjectRef> {
  const response = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: body }));
  return { bucket: DOCUMENTS_BUCKET.name, key, versionId: null, etag: response.ETag ?? null };
}

async function lettersUnder(prefix: string): Promise<number> {
  const listing = await runtime.s3.send(new ListObjectsV2Command({ Bucket: LETTERS_BUCKET.name, Prefix: prefix }));
  return listing.KeyCount ?? 0;
}

async function eventTypes(caseId: string): Promise<string[]> {
  return (await runtime.cases.listEvents(caseId)).map((e) => e.type);
}

class ProcessKilled extends Error {
  override readonly name = 'ProcessKilled';
}

/** The services, except that the `n`th call of one repository method "kills the process" before it runs. */
function crashingOn(method: 'createCase' | 'updateCase', n: number): PipelineServices {
  let calls = 0;
  const cases = new Proxy(runtime.services.cases, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (++calls === n) throw new ProcessKilled(`killed before ${method} call ${n}`);
        return value.apply(target, args);
      };
    },
  });
  return { ...runtime.services, cases, claimConcurrency: 1 };
}

describe('the same S3 event delivered 10 times', () => {
  it('starts one run and makes one case per claim, one letter and one history entry per action', async () => {
    const source = await put(uploadKey('dup', 'ten-times', 'claims.837'), sampleCopy(1000));
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => startWorkflowForObject(source, runtime.runner)));
    // s3rver's own ObjectCreated event may have started the run already: then all ten are duplicates.
    expect(outcomes.filter((o) => o === 'started').length).toBeLessThanOrEqual(1);
    const documentId = documentIdFor(source);
    const [document] = await waitForDocuments(runtime, [documentId], { idleTimeoutMs: 30_000 });
    expect(document?.status).toBe('OFFER_DRAFTED');
    expect(document?.caseIds).toHaveLength(3);
    for (const caseId of document!.caseIds) {
      expect(await eventTypes(caseId)).toEqual(['case.created', 'case.priced', 'offer.drafted']);
      expect(await lettersUnder(`${caseId}/`)).toBe(1);
    }
  });
});

describe('a step re-run after a crash in its middle', () => {
  // Steps are driven by hand here, as a runner would after a crash: the object sits outside intake/ so no event starts it.
  async function preparedState(name: string) {
    const source = await put(`work/tests/${name}.837`, sampleCopy(2000 + 2 * name.length)); // even: the professional sample, three claims
    return initialWorkflowState({ source, fileName: `${name}.837`, submittedBy: 'test' }, documentIdFor(source));
  }

  it('extract: a crash after the first of three cases leaves, after the re-run, three cases created once each', async () => {
    let state = await classifyStep.run(await preparedState('crash-in-extract'), runtime.services);
    await expect(extractStep.run(state, crashingOn('createCase', 2))).rejects.toThrow(ProcessKilled);
    state = await extractStep.run(state, runtime.services);
    expect(state.claimCount).toBe(3);
    const document = await runtime.cases.getDocument(state.documentId);
    for (const caseId of document!.caseIds) expect(await eventTypes(caseId)).toEqual(['case.created']);
  });

  it('draft: a crash after a letter was written but before its case was updated gives one letter and one event per case', async () => {
    let state = await classifyStep.run(await preparedState('crash-in-draft'), runtime.services);
    state = await extractStep.run(state, runtime.services);
    state = await priceStep.run(state, runtime.services);
    // The second updateCase of the draft step is case 2's: its letter is already in the bucket when the crash comes.
    await expect(draftOfferStep.run(state, crashingOn('updateCase', 2))).rejects.toThrow(ProcessKilled);
    await draftOfferStep.run(state, runtime.services);
    const document = await runtime.cases.getDocument(state.documentId);
    expect(document?.status).toBe('OFFER_DRAFTED');
    for (const caseId of document!.caseIds) {
      expect(await eventTypes(caseId)).toEqual(['case.created', 'case.priced', 'offer.drafted']);
      expect(await lettersUnder(`${caseId}/`)).toBe(1);
    }
  });
});
