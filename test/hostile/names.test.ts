// Hostile file names through the provider upload API (signed-in provider, presigned PUT, the pipeline) and as email
// attachment names: no key climbs out of its submission, no name keeps a path, a control character, a bidi
// override or a Windows device name, names stay bounded, and what people see is escaped.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime/runtime.ts';
import { OutboxMailSender } from '#local/runtime/outbox.ts';
import { localCaseService } from '#local/runtime/case-service.ts';
import { localConsoleOptions } from '#local/server/local-console.ts';
import { CSRF_HEADER } from '#shared/api/auth/auth-middleware.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { DynamoEmailIntakeStore } from '#shared/intake/email/email-intake-store.dynamo.ts';
import { S3MessageObjects } from '#shared/intake/email/message-objects.s3.ts';
import { processEmailObject } from '#shared/intake/email/process-email.ts';
import { DynamoSubmissionStore } from '#shared/intake/upload/submission-store.dynamo.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { DOCUMENTS_BUCKET, PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { signInAs, type SignedIn } from '../api/auth-support.ts';
import { SENDERS, sesReceiptHeaders } from '../intake/email/support.ts';
import { attachmentPart, multipartBody, rawMessage, textPart } from './generate/mime.ts';
import { claimFile } from './generate/x12.ts';
import { HANG_GUARD_MS, startHostileRuntime, watchUncaught } from './support/pipeline.ts';

/** Each hostile name and the key name Parley must give it (the last path component, folded to [A-Za-z0-9._-]). */
const NAMES: [string, string][] = [
  ['../../etc/passwd', 'passwd'],
  ['..\\..\\windows\\system32\\config\\SAM', 'SAM'],
  ['/etc/shadow', 'shadow'],
  ['C:\\con', 'file_con'],
  ['aux.pdf', 'file_aux.pdf'],
  ['NUL.837', 'file_NUL.837'],
  ['com1.tif', 'file_com1.tif'],
  ['LPT9', 'file_LPT9'],
  ['bill\nX-Injected: yes.pdf', 'billX-Injected_yes.pdf'],
  ['bill\r\n\r\n<html>.pdf', 'bill_html_.pdf'],
  ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
  ['..', 'file'],
  ['.htaccess', 'htaccess'],
  ['%2e%2e%2f%2e%2e%2fetc%2fpasswd', '2e_2e_2f_2e_2e_2fetc_2fpasswd'],
  ['<script>alert(1)</script>.pdf', 'script_.pdf'], // the "/" of </script> ends a path component
  ['😀 bill 👩‍⚕️.pdf', 'bill_.pdf'],
  [`${'x'.repeat(1000)}.pdf`, `${'x'.repeat(96)}.pdf`],
];

let runtime: LocalRuntime;
let app: Hono;
let provider: SignedIn;
let negotiator: SignedIn;
const uncaught = watchUncaught();
const bill = (n: number) => claimFile({ claimNumber: `NAME-${n}` });

beforeAll(async () => {
  runtime = await startHostileRuntime('names');
  const consoleOptions = localConsoleOptions({ db: runtime.db, dataDir: runtime.dataDir, uploadsEndpoint: runtime.endpoints.uploads });
  app = createReviewRouter({ cases: runtime.cases, objects: runtime.objects, uploads: runtime.uploads, console: consoleOptions, negotiation: { service: localCaseService(runtime) } });
  const clock = { now: () => new Date(), advanceMinutes: () => undefined };
  provider = await signInAs(app, consoleOptions.store as never, clock, 'provider', { tin: '134567890' });
  negotiator = await signInAs(app, consoleOptions.store as never, clock, 'negotiator');
}, 120_000);

afterAll(async () => {
  uncaught.stop();
  await runtime?.stop();
});

async function requestUpload(fileName: string, sizeBytes: number) {
  const response = await app.request('/api/uploads', {
    method: 'POST',
    body: JSON.stringify({ fileName, contentType: 'application/edi-x12', sizeBytes }),
    headers: { cookie: provider.jar.header(), origin: 'http://localhost', 'content-type': 'application/json', [CSRF_HEADER]: provider.csrf },
  });
  return { status: response.status, json: (await response.json()) as { submissionId: string; fileName: string; key: string; uploadUrl: string; headers: Record<string, string> } };
}

describe('hostile names through the upload API', () => {
  it.each(NAMES)('%j is stored as %j inside its own submission', async (name, expected) => {
    const body = new TextEncoder().encode(bill(NAMES.findIndex(([n]) => n === name)));
    const { status, json } = await requestUpload(name, body.length);
    expect(status).toBe(201);
    expect(json.fileName).toBe(expected);
    expect(json.key).toBe(`intake/upload/${provider.userId}/${json.submissionId}/${expected}`);
    expect(json.key).not.toMatch(/\.\.|\/\/|\\/);
    // The presigned PUT lands the file; the pipeline reads it as the 837 it is, whatever its name said.
    const put = await fetch(json.uploadUrl, { method: 'PUT', body, headers: json.headers });
    expect(put.status).toBe(200);
    const started = Date.now();
    let document = null;
    while (Date.now() - started < HANG_GUARD_MS && document?.status !== 'OFFER_DRAFTED') {
      await new Promise((r) => setTimeout(r, 150));
      [document] = await runtime.cases.listDocumentsBySubmission(json.submissionId);
    }
    expect(document?.status).toBe('OFFER_DRAFTED');
    expect(document?.fileName).toBe(expected);
  });

  it('a name of only path and control characters still gets a file name', async () => {
    const { status, json } = await requestUpload('\u0000/\u0001\\\u0002', 10);
    expect(status).toBe(201);
    expect(json.fileName).toBe('file');
  });

  it('a name of 5,000 characters is refused with the limit named', async () => {
    const response = await app.request('/api/uploads', {
      method: 'POST',
      body: JSON.stringify({ fileName: `${'x'.repeat(5000)}.pdf`, contentType: 'application/pdf', sizeBytes: 10 }),
      headers: { cookie: provider.jar.header(), origin: 'http://localhost', 'content-type': 'application/json', [CSRF_HEADER]: provider.csrf },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid request', issues: ['fileName: fileName is longer than 1024 characters'] });
  });

  it('the documents bucket holds nothing outside intake/upload/<provider>/<submission>/ for these uploads', async () => {
    const listing = await runtime.s3.send(new ListObjectsV2Command({ Bucket: DOCUMENTS_BUCKET.name, Prefix: 'intake/' }));
    for (const object of listing.Contents ?? []) {
      if (!object.Key!.startsWith('intake/upload/')) continue;
      expect(object.Key!).toMatch(new RegExp(`^intake/upload/${provider.userId}/S[0-9A-Z]{16}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`));
    }
  });

  it('the queue shows the cases those uploads became, names escaped', async () => {
    const page = await (await negotiator.get('/queue')).text();
    expect(page).not.toContain('<script>alert(1)');
  });
});

describe('hostile names as email attachments', () => {
  it('every attachment keeps only a safe name for its key, and a display name without climbing or controls', async () => {
    const attachments = NAMES.map(([name], i) => attachmentPart(name, new TextEncoder().encode(bill(100 + i)), 'application/edi-x12'));
    const raw = rawMessage({
      receipt: sesReceiptHeaders('claims@keystone-benefits.example'),
      from: 'Claims Desk <claims@keystone-benefits.example>',
      messageId: `<names-${process.pid}@keystone-benefits.example>`,
      contentType: 'multipart/mixed; boundary="n"',
      body: multipartBody('n', [textPart('bills attached'), ...attachments]),
    });
    const key = `hostile/email/names-${Date.now().toString(36)}`;
    const put = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: raw }));
    const result = await processEmailObject(
      { bucket: DOCUMENTS_BUCKET.name, key, versionId: put.VersionId ?? null, etag: put.ETag ?? null },
      {
        objects: new S3MessageObjects(runtime.s3),
        store: new DynamoEmailIntakeStore(runtime.db, PARLEY_TABLE.name),
        submissions: new DynamoSubmissionStore(runtime.db, PARLEY_TABLE.name),
        mail: new OutboxMailSender(mkdtempSync(join(tmpdir(), 'parley-hostile-names-'))),
        senders: SENDERS,
        documentsBucket: DOCUMENTS_BUCKET.name,
        logger: silentLogger,
      },
    );
    console.log(JSON.stringify(result.documents.map((d) => [d.fileName, d.key.split('/').pop()])), JSON.stringify(result.refused));
    expect(result.outcome).toBe('ACCEPTED');
    for (const document of result.documents) {
      expect(document.key).toMatch(new RegExp(`^intake/attachments/${result.submissionId}/\\d{2}-[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`));
      expect(document.fileName).not.toMatch(/(^|\/)\.\.(\/|$)|[\u0000-\u001f\u202a-\u202e]/);
      expect(document.fileName.length).toBeLessThanOrEqual(200);
    }
  });

  it('nothing was thrown that nobody caught', () => {
    expect(uncaught.errors).toEqual([]);
  });
});
