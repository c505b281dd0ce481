// Provider uploads on the embedded runtime: the API issues a presigned PUT, a real fetch PUT lands the file in
// intake/upload/ and starts its workflow, and the submission reports the document's status.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal, PrincipalEnv } from '#shared/api/principal.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime/runtime.ts';

let runtime: LocalRuntime;
const professional = readFileSync(join(PROJECT_ROOT, 'samples/837p-professional-claims.837'));
const alice: Principal = { id: 'prov-alice', role: 'provider', providerTin: '134567890' };
const bob: Principal = { id: 'prov-bob', role: 'provider' };
const nina: Principal = { id: 'neg-nina', role: 'negotiator' };

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dataDir: mkdtempSync(join(tmpdir(), 'parley-upload-')),
    inMemoryDatabase: true,
    logger: silentLogger,
    uploadPolicy: { maxBytes: 5 * 1024 * 1024 },
  });
});
afterAll(async () => runtime?.stop());

/** The review router as the console will serve it, with a stand-in for the auth middleware. */
function apiAs(principal?: Principal) {
  const app = new Hono<PrincipalEnv>();
  app.use(async (c, next) => {
    if (principal) c.set('principal', principal);
    await next();
  });
  app.route('/', createReviewRouter({ cases: runtime.cases, objects: runtime.objects, uploads: runtime.uploads }));
  return app;
}

async function requestUpload(principal: Principal | undefined, body: unknown) {
  const response = await apiAs(principal).request('/api/uploads', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function submission(principal: Principal | undefined, id: string) {
  const response = await apiAs(principal).request(`/api/submissions/${id}`);
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a provider uploads an 837 through a presigned URL', () => {
  let issued: Record<string, any>;

  beforeAll(async () => {
    const { status, json } = await requestUpload(alice, { fileName: 'March claims.837', contentType: 'application/edi-x12', sizeBytes: professional.length });
    expect(status).toBe(201);
    issued = json;
  });

  it('gets a URL for a key that records the uploader and the submission, and a short expiry', () => {
    expect(issued.submissionId).toMatch(/^S[0-9A-Z]{16}$/);
    expect(issued.key).toBe(`intake/upload/prov-alice/${issued.submissionId}/March_claims.837`);
    expect(issued.headers).toEqual({ 'content-type': 'application/edi-x12', 'content-length': String(professional.length) });
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    expect(issued.uploadUrl.startsWith(runtime.endpoints.uploads)).toBe(true);
  });

  it('before the upload, the submission says the file is awaited', async () => {
    const { status, json } = await submission(alice, issued.submissionId);
    expect(status).toBe(200);
    expect(json.documents).toEqual([]);
    expect(json.awaiting).toEqual([expect.objectContaining({ fileName: 'March_claims.837', status: 'AWAITING_UPLOAD' })]);
    expect(json.finished).toBe(false);
  });

  it('a PUT with fetch lands the exact bytes, starts the pipeline, and the submission shows the priced document', async () => {
    const put = await fetch(issued.uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/edi-x12' }, body: professional });
    expect(put.status).toBe(200);
    const stored = await runtime.s3.send(new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: issued.key }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(professional)).toBe(true);

    const done = await waitUntil(async () => {
      const { json } = await submission(alice, issued.submissionId);
      return json.finished ? json : undefined;
    });
    expect(done.awaiting).toEqual([]);
    expect(done.documents).toEqual([
      expect.objectContaining({ fileName: 'March_claims.837', kind: 'x12-837', status: 'OFFER_DRAFTED', reasons: [], caseIds: expect.arrayContaining([expect.any(String)]) }),
    ]);
  });

  it('another provider cannot see it; a negotiator can; nobody signed in gets 401', async () => {
    expect((await submission(bob, issued.submissionId)).status).toBe(404);
    expect((await submission(nina, issued.submissionId)).json.documents).toHaveLength(1);
    expect((await submission(undefined, issued.submissionId)).status).toBe(401);
  });

  it('another provider cannot add files to it', async () => {
    const { status } = await requestUpload(bob, { fileName: 'x.pdf', contentType: 'application/pdf', sizeBytes: 10, submissionId: issued.submissionId });
    expect(status).toBe(404);
  });
});

describe('what the presigned URL allows and what it does not', () => {
  const pdf = Buffer.from('%PDF-1.4\n% a tiny file that is not a real bill\n');

  async function issue(fileName = 'bill.pdf', submissionId?: string) {
    const { status, json } = await requestUpload(alice, { fileName, contentType: 'application/pdf', sizeBytes: pdf.length, submissionId });
    expect(status).toBe(201);
    return json;
  }

  it('several files share one submission; the same name twice gets two keys', async () => {
    const first = await issue('bill.pdf');
    const second = await issue('bill.pdf', first.submissionId);
    const third = await issue('../../etc/passwd', first.submissionId);
    expect(second.submissionId).toBe(first.submissionId);
    expect(second.key).toBe(`intake/upload/prov-alice/${first.submissionId}/bill-2.pdf`);
    expect(third.key).toBe(`intake/upload/prov-alice/${first.submissionId}/passwd`);
    expect((await submission(alice, first.submissionId)).json.awaiting.map((a: any) => a.fileName)).toEqual(['bill.pdf', 'bill-2.pdf', 'passwd']);
  });

  it('cannot be reused for another key: the signature does not match and nothing is stored', async () => {
    const issued = await issue();
    const otherKey = issued.uploadUrl.replace('/bill.pdf?', '/evil.pdf?');
    const put = await fetch(otherKey, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: pdf });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const listing = await runtime.s3.send(new ListObjectsV2Command({ Bucket: DOCUMENTS_BUCKET.name, Prefix: issued.key.replace('bill.pdf', 'evil.pdf') }));
    expect(listing.KeyCount).toBe(0);
  });

  it('refuses a different content type', async () => {
    const issued = await issue();
    const put = await fetch(issued.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: pdf });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('SignatureDoesNotMatch');
  });

  it('refuses a different size', async () => {
    const issued = await issue();
    const put = await fetch(issued.uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: Buffer.concat([pdf, Buffer.from('more')]) });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('SignatureDoesNotMatch');
  });

  it('only PUTs: a GET through an upload URL is refused', async () => {
    const issued = await issue();
    expect((await fetch(issued.uploadUrl)).status).toBe(405);
  });
});

describe('upload requests that are refused at the API', () => {
  it('a file above the limit: 413 naming both sizes', async () => {
    const { status, json } = await requestUpload(alice, { fileName: 'huge.pdf', contentType: 'application/pdf', sizeBytes: 6 * 1024 * 1024 });
    expect(status).toBe(413);
    expect(json.message).toBe('the file is 6291456 bytes; the limit is 5242880 bytes');
  });

  it('an empty file, a content type Parley does not read, or no JSON: 400 with the reason', async () => {
    expect((await requestUpload(alice, { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 0 })).json.issues).toEqual([
      'sizeBytes: sizeBytes must be above 0: an empty file is not a bill',
    ]);
    const zip = await requestUpload(alice, { fileName: 'a.zip', contentType: 'application/zip', sizeBytes: 10 });
    expect(zip.status).toBe(400);
    expect(zip.json.issues[0]).toMatch(/^contentType: contentType must be one of application\/pdf, image\/png/);
    const notJson = await apiAs(alice).request('/api/uploads', { method: 'POST', body: 'fileName=a.pdf' });
    expect(notJson.status).toBe(400);
  });

  it('a submission id Parley never issued: 404, as for someone else\'s', async () => {
    const { status } = await requestUpload(alice, { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10, submissionId: 'S0000000000000000' });
    expect(status).toBe(404);
  });

  it('nobody signed in: 401', async () => {
    expect((await requestUpload(undefined, { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 })).status).toBe(401);
  });
});
