// The whole pipeline on the embedded runtime: an 837 put into intake/ through the S3 API becomes priced cases with letters.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '#shared/observability/logger.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { DOCUMENTS_BUCKET, LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime/runtime.ts';
import { waitForDocuments } from '#local/runtime/submit.ts';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import { read837 } from '#shared/extract/x12/index.ts';
import { Hono } from 'hono';
import { createReviewRouter } from '#shared/api/review-router.ts';
import type { Principal, PrincipalEnv } from '#shared/api/principal.ts';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalRuntime({ dataDir: mkdtempSync(join(tmpdir(), 'parley-it-')), inMemoryDatabase: true, logger: silentLogger });
});
afterAll(async () => runtime?.stop());

async function upload(key: string, body: Uint8Array | string) {
  const response = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: body }));
  const source = { bucket: DOCUMENTS_BUCKET.name, key, versionId: null, etag: response.ETag ?? null };
  return documentIdFor(source);
}

const professional = readFileSync(join(PROJECT_ROOT, 'samples/837p-professional-claims.837'));

describe('an 837P uploaded to intake/', () => {
  let documentId: string;

  beforeAll(async () => {
    documentId = await upload('intake/upload/provider-1/sub-1/claims.837', professional);
    const [document] = await waitForDocuments(runtime, [documentId], { idleTimeoutMs: 60_000 });
    expect(document?.status).toBe('OFFER_DRAFTED');
  });

  it('opens one case per claim, each with an offer letter in the letters bucket', async () => {
    const document = await runtime.cases.getDocument(documentId);
    expect(document?.caseIds).toEqual([`${documentId}-1`, `${documentId}-2`, `${documentId}-3`]);
    for (const caseId of document!.caseIds) {
      const record = await runtime.cases.getCase(caseId);
      expect(record?.status).toBe('OFFER_DRAFTED');
      const head = await runtime.s3.send(new HeadObjectCommand({ Bucket: LETTERS_BUCKET.name, Key: record!.letter!.key }));
      expect(head.ContentType).toBe('application/pdf');
      expect(head.ContentLength).toBeGreaterThan(2000);
    }
  });

  it('prices professional lines at the CY2025 MPFS amount for the locality, to the cent', async () => {
    const manhattan = await runtime.cases.getCase(`${documentId}-1`);
    const benchmarks = Object.fromEntries(manhattan!.pricing!.lines.map((l) => [l.lineNumber, l.benchmarkCents]));
    // (work x GPCI + PE x GPCI + MP x GPCI) x 32.3465, Manhattan 13202-01, non-facility (POS 11), from PPRRVU2025_Oct and GPCI2025
    expect(benchmarks[1]).toBe(18578); // 99204
    expect(benchmarks[2]).toBe(7340); // 20610
    expect(benchmarks[3]).toBe(4574); // 73562
    // 36415 has MPFS status X (not paid on the physician fee schedule): it is priced on the lab schedule instead.
    expect(manhattan!.pricing!.lines[3]).toMatchObject({ method: 'CLFS', benchmarkCents: 934 });
    expect(manhattan!.pricing!.lines[0]!.locality).toMatchObject({ carrier: '13202', locality: '01' });

    const miami = await runtime.cases.getCase(`${documentId}-2`);
    const er = Object.fromEntries(miami!.pricing!.lines.map((l) => [l.lineNumber, l]));
    // Emergency department (POS 23) is a facility setting; service facility ZIP 33133 is Miami 09102-04.
    expect(er[1]!.facility).toBe(true);
    expect(er[1]!.benchmarkCents).toBe(13102); // 99284
    expect(er[2]!.benchmarkCents).toBe(6795); // 12002
    expect(er[3]!.benchmarkCents).toBe(4103); // 70450-26
  });

  it('never offers more than was billed, and records the rule that made each offer', async () => {
    for (const n of [1, 2, 3]) {
      const record = await runtime.cases.getCase(`${documentId}-${n}`);
      for (const line of record!.pricing!.lines) {
        const billed = record!.bill.lines.find((l) => l.lineNumber === line.lineNumber)!.chargeCents;
        if (line.offerCents === null) continue;
        expect(line.offerCents).toBeLessThanOrEqual(billed);
        expect(line.rule).not.toBeNull();
      }
    }
  });

  it('answers the 837 with a 999 acknowledgment and a repriced 837 that reads back to the offers', async () => {
    const document = await runtime.cases.getDocument(documentId);
    const ack = new TextDecoder().decode(await runtime.objects.get({ bucket: DOCUMENTS_BUCKET.name, key: document!.artifacts.acknowledgment999! }));
    expect(ack).toMatch(/ST\*999\*/);
    expect(ack).toMatch(/AK1\*HC\*101\*/); // answers functional group 101
    expect(ack).toMatch(/IK5\*A~/); // the transaction set was accepted
    const repriced = await runtime.objects.get({ bucket: DOCUMENTS_BUCKET.name, key: document!.artifacts.repriced837! });
    const reread = read837(repriced);
    expect(reread.bills).toHaveLength(3);
    for (const bill of reread.bills) {
      const record = await runtime.cases.getCase(`${documentId}-${bill.claimIndex + 1}`);
      expect(bill.existingRepricing?.allowedCents).toBe(record!.pricing!.totals.offerCents);
      expect(bill.existingRepricing?.organizationId).toBe('PARLEY');
      for (const line of bill.lines) {
        const priced = record!.pricing!.lines.find((l) => l.lineNumber === line.lineNumber)!;
        if (priced.offerCents !== null) expect(line.existingRepricing?.allowedCents).toBe(priced.offerCents);
      }
    }
  });

  it('lets staff download the 999 and the repriced 837 through the review API, and no provider', async () => {
    const app = new Hono<PrincipalEnv>();
    app.use(async (c, next) => {
      const who = c.req.header('x-test-principal');
      if (who) c.set('principal', JSON.parse(who) as Principal);
      await next();
    });
    app.route('/', createReviewRouter({ cases: runtime.cases, objects: runtime.objects }));
    const as = (principal: Principal, path: string) => app.request(path, { headers: { 'x-test-principal': JSON.stringify(principal) } });
    const negotiator: Principal = { id: 'n1', role: 'negotiator' };
    const ack = await as(negotiator, `/api/documents/${documentId}/999`);
    expect(ack.status).toBe(200);
    expect(ack.headers.get('content-disposition')).toBe(`attachment; filename="${documentId}-999.x12"`);
    expect(await ack.text()).toMatch(/^ISA\*/);
    const repriced = await as(negotiator, `/api/documents/${documentId}/repriced-837`);
    expect(await repriced.text()).toMatch(/HCP\*/);
    expect((await as({ id: 'p1', role: 'provider', providerTin: '134567890' }, `/api/documents/${documentId}/999`)).status).toBe(403);
    expect((await as(negotiator, '/api/documents/NOSUCHDOC/999')).status).toBe(404);
  });

  it('starts nothing new when the same object is put again', async () => {
    await upload('intake/upload/provider-1/sub-1/claims.837', professional);
    await new Promise((r) => setTimeout(r, 500));
    expect(runtime.runner.pending).toBe(0);
    const events = await runtime.cases.listEvents(`${documentId}-1`);
    expect(events.filter((e) => e.type === 'case.created')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'offer.drafted')).toHaveLength(1);
  });
});

describe('a file that is not a bill', () => {
  it('is rejected with a reason, and its original stays in the bucket', async () => {
    const key = 'intake/upload/provider-1/sub-2/notes.txt';
    const documentId = await upload(key, 'Please see the attached bill. Thanks!');
    const [document] = await waitForDocuments(runtime, [documentId], { idleTimeoutMs: 30_000 });
    expect(document?.status).toBe('REJECTED');
    expect(document?.reasons.join(' ')).toMatch(/not a bill: plain text/);
    const listing = await runtime.s3.send(new ListObjectsV2Command({ Bucket: DOCUMENTS_BUCKET.name, Prefix: key }));
    expect(listing.KeyCount).toBe(1);
  });

  it('a truncated 837 ends in a final state that names the segment', async () => {
    const text = professional.toString('utf8');
    const cut = text.slice(0, text.indexOf('LX*3'));
    const documentId = await upload('intake/upload/provider-1/sub-3/cut.837', cut);
    const [document] = await waitForDocuments(runtime, [documentId], { idleTimeoutMs: 30_000 });
    expect(['NEEDS_REVIEW', 'REJECTED']).toContain(document?.status);
    const reasons = [
      ...(document?.reasons ?? []),
      ...(await Promise.all((document?.caseIds ?? []).map(async (id) => (await runtime.cases.getCase(id))!.reasons))).flat(),
    ].join(' ');
    expect(reasons).toMatch(/segment/i);
  });
});
