// MIME bombs and broken messages through the email intake's public function (processEmailObject), on the embedded
// runtime: what the message holds is taken, refused or ignored with a reason each, the record and the answer are
// written, and what becomes a document goes on through the pipeline. Nothing hangs, nothing throws.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime/runtime.ts';
import type { ObjectRef } from '#shared/model/document.ts';
import { OutboxMailSender } from '#local/runtime/outbox.ts';
import { DynamoEmailIntakeStore } from '#shared/intake/email/email-intake-store.dynamo.ts';
import { S3MessageObjects } from '#shared/intake/email/message-objects.s3.ts';
import { processEmailObject, type EmailIntakeDeps, type EmailIntakeResult } from '#shared/intake/email/process-email.ts';
import { DynamoSubmissionStore } from '#shared/intake/upload/submission-store.dynamo.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { DOCUMENTS_BUCKET, PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { SENDERS, sesReceiptHeaders } from '../intake/email/support.ts';
import { makeZip } from '../intake/email/zip-writer.ts';
import * as mime from './generate/mime.ts';
import { claimFile } from './generate/x12.ts';
import { HANG_GUARD_MS, startHostileRuntime, verdicts, watchUncaught } from './support/pipeline.ts';

const FROM = 'Claims Desk <claims@keystone-benefits.example>';
const receipt = sesReceiptHeaders('claims@keystone-benefits.example');
const claim = (n: number) => new TextEncoder().encode(claimFile({ claimNumber: `MIME-${n}` }));

let runtime: LocalRuntime;
let deps: EmailIntakeDeps;
const uncaught = watchUncaught();

beforeAll(async () => {
  runtime = await startHostileRuntime('email');
  deps = {
    objects: new S3MessageObjects(runtime.s3),
    store: new DynamoEmailIntakeStore(runtime.db, PARLEY_TABLE.name),
    submissions: new DynamoSubmissionStore(runtime.db, PARLEY_TABLE.name),
    mail: new OutboxMailSender(mkdtempSync(join(tmpdir(), 'parley-hostile-outbox-'))),
    senders: SENDERS,
    documentsBucket: DOCUMENTS_BUCKET.name,
    logger: silentLogger,
  };
}, 120_000);

afterAll(async () => {
  uncaught.stop();
  await runtime?.stop();
});

let sequence = 0;

/** Stores the raw message outside intake/email/ (so only this call processes it) and runs the intake on it, timed. */
async function receive(message: { contentType: string; body: string | Buffer; extraHeaders?: string[]; subject?: string }): Promise<{ result: EmailIntakeResult; ms: number; ref: ObjectRef }> {
  const n = ++sequence;
  const raw = mime.rawMessage({ receipt, from: FROM, messageId: `<hostile-${n}-${process.pid}@keystone-benefits.example>`, ...message });
  const key = `hostile/email/m${n}-${Date.now().toString(36)}`;
  const put = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: raw }));
  const ref: ObjectRef = { bucket: DOCUMENTS_BUCKET.name, key, versionId: put.VersionId ?? null, etag: put.ETag ?? null };
  const started = Date.now();
  const result = await processEmailObject(ref, deps);
  const ms = Date.now() - started;
  expect(ms).toBeLessThan(HANG_GUARD_MS);
  return { result, ms, ref };
}

/** The documents a message became, each followed to its final status. */
async function documentsOf(result: EmailIntakeResult) {
  const listed = await waitForSubmission(result.submissionId, result.documents.length);
  return verdicts(
    runtime,
    listed.map((d) => ({ source: d.source, documentId: d.id })),
    await Promise.all(listed.map((d) => runtime.objects.size(d.source))),
  );
}

/** The pipeline records a document when its run starts: wait until every written attachment has one. */
async function waitForSubmission(submissionId: string, count: number) {
  for (const started = Date.now(); Date.now() - started < HANG_GUARD_MS; await new Promise((r) => setTimeout(r, 100))) {
    const listed = await runtime.cases.listDocumentsBySubmission(submissionId);
    if (listed.length >= count) return listed;
  }
  throw new Error(`submission ${submissionId} never had ${count} documents`);
}

const bill = () => mime.attachmentPart('claims.837', claim(sequence + 1000), 'application/edi-x12');

const refusedNames = (result: EmailIntakeResult) => result.refused.map((r) => `${r.fileName}: ${r.reason}`);
const NOT_A_BILL = 'not a bill Parley can read: plain text that is not an X12 interchange (no ISA header)';
const TOO_MANY_NODES = 'the rest of the message could not be read (Max allowed child nodes exceeded); only the files listed were taken';

describe('MIME bombs through the email intake', () => {
  it('multiparts nested 100 deep: read to the bottom, the bill there taken and priced', async () => {
    const { result } = await receive(mime.nestedMultipart(100, bill()));
    expect(result.outcome).toBe('ACCEPTED');
    expect(result.documents.map((d) => d.fileName)).toEqual(['claims.837']);
    const [document] = await documentsOf(result);
    expect(document!.document.status).toBe('OFFER_DRAFTED');
    expect(result.acknowledgment.sent).toBe(true);
  });

  it('multiparts nested 5,000 deep: the parser stops at its node limit, says so, and the message is answered', async () => {
    const { result } = await receive(mime.nestedMultipart(5000, bill()));
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(result.reasons[0]).toBe(TOO_MANY_NODES);
    expect(result.documents).toEqual([]);
    expect(result.acknowledgment.sent).toBe(true);
  });

  it('5,000 parts: the ones read before the node limit are each refused by name, then reading stops (it used to hang)', async () => {
    const parts = Array.from({ length: 5000 }, (_, i) => mime.attachmentPart(`note-${i}.txt`, new TextEncoder().encode(`note ${i}`), 'text/plain'));
    const { result } = await receive({ contentType: 'multipart/mixed; boundary="many"', body: mime.multipartBody('many', [mime.textPart('hi'), ...parts]) });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(result.reasons).toEqual([TOO_MANY_NODES]);
    expect(result.refused.length).toBeGreaterThan(100);
    expect(result.refused.length).toBeLessThan(1000);
    expect(result.refused[0]).toEqual({ fileName: 'note-0.txt', reason: NOT_A_BILL });
  });

  it('995 parts with 250-character names: every one refused, names bounded, the record stored', async () => {
    const parts = Array.from({ length: 995 }, (_, i) => mime.attachmentPart(`${String(i).padStart(4, '0')}-${'N'.repeat(246)}.txt`, new TextEncoder().encode(`note ${i}`), 'text/plain'));
    const { result, ref } = await receive({ contentType: 'multipart/mixed; boundary="many"', body: mime.multipartBody('many', [mime.textPart('hi'), ...parts]) });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(result.refused).toHaveLength(995);
    expect(Math.max(...result.refused.map((r) => r.fileName.length))).toBeLessThanOrEqual(200);
    // Delivered again, the stored record answers: it was written whole.
    const again = await processEmailObject(ref, deps);
    expect(again.repeat).toBe(true);
    expect(again.refused).toHaveLength(995);
  });

  it('a header block of 1 MB: refused whole, naming the header block', async () => {
    const { result } = await receive({ contentType: 'text/plain', body: 'x', extraHeaders: [`X-Padding: ${'A'.repeat(1 << 20)}`] });
    expect(result.outcome).toBe('REFUSED');
    expect(result.reasons).toEqual(['the header block is larger than 262144 bytes or never ends']);
  });

  it('20,000 header lines: refused whole as unreadable headers', async () => {
    const { result } = await receive({ contentType: 'text/plain', body: 'x', extraHeaders: Array.from({ length: 20_000 }, (_, i) => `X-H${i}: v`) });
    expect(result.outcome).toBe('REFUSED');
    expect(result.reasons).toEqual(['the message headers cannot be read']);
  });

  it('an attachment of base64 garbage: decoded to junk and refused as not a bill; the bill beside it taken', async () => {
    const junk = `Content-Type: application/pdf; name="bill.pdf"\r\nContent-Disposition: attachment; filename="bill.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${'!!QUJD@@ZGVm##%%'.repeat(2000)}\r\n`;
    const { result } = await receive({ contentType: 'multipart/mixed; boundary="g"', body: mime.multipartBody('g', [mime.textPart('hi'), junk, bill()]) });
    expect(result.outcome).toBe('ACCEPTED');
    expect(refusedNames(result)).toEqual([`bill.pdf: ${NOT_A_BILL}`]);
    expect(result.documents.map((d) => d.fileName)).toEqual(['claims.837']);
  });

  it('a multipart without a boundary parameter: no parts are found, and the answer says there were no attachments', async () => {
    const { result } = await receive({ contentType: 'multipart/mixed', body: mime.multipartBody('lost', [mime.textPart('hi'), bill()]) });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(result.reasons).toEqual(['the message has no attachments: Parley reads attached files, not the text of a message']);
  });

  it('a boundary that is never closed: the parts before the end are read', async () => {
    const { result } = await receive({ contentType: 'multipart/mixed; boundary="open"', body: mime.multipartBody('open', [mime.textPart('hi'), bill()], false) });
    expect(result.outcome).toBe('ACCEPTED');
    expect(result.documents.map((d) => d.fileName)).toEqual(['claims.837']);
  });

  it('forwards of forwards 200 deep: opened as far as the parser goes, the rest refused as one unreadable part', async () => {
    const { result } = await receive(mime.nestedForwards(200, bill()));
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(refusedNames(result)).toEqual([`attachment.rfc822: ${NOT_A_BILL}`]);
  });

  it('a ZIP bomb (25 MB of zeros in 25 KB): refused by its ratio, never inflated', async () => {
    const bomb = makeZip([{ name: 'bill.pdf', data: new Uint8Array(25 * 1024 * 1024) }]);
    const { result } = await receive({ contentType: 'multipart/mixed; boundary="z"', body: mime.multipartBody('z', [mime.textPart('hi'), mime.attachmentPart('bills.zip', bomb, 'application/zip')]) });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(refusedNames(result)).toEqual([expect.stringMatching(/^bills\.zip\/bill\.pdf: the file is compressed \d+ to 1 \(a compression bomb\); at most 100 to 1 is opened$/)]);
  });

  it('a ZIP of ZIPs three deep: the innermost is refused by depth', async () => {
    const inner = makeZip([{ name: 'deep.837', data: claim(77) }]);
    const middle = makeZip([{ name: 'inner.zip', data: inner }]);
    const outer = makeZip([{ name: 'middle.zip', data: middle }]);
    const { result } = await receive({ contentType: 'multipart/mixed; boundary="z"', body: mime.multipartBody('z', [mime.textPart('hi'), mime.attachmentPart('outer.zip', outer, 'application/zip')]) });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(refusedNames(result)).toEqual(['outer.zip/middle.zip/inner.zip: an archive inside an archive 2 levels deep; at most 2 levels are opened']);
  });

  it('nothing was thrown that nobody caught', () => {
    expect(uncaught.errors).toEqual([]);
  });
});
