// A raw message under intake/email/ becomes documents under intake/attachments/<submission>/, an acknowledgment in
// the outbox and a record; an unknown sender or failed verdicts create no documents; nothing happens twice.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEmailIntakeStore } from '#shared/intake/email/email-intake-store.dynamo.ts';
import { EmailBeingProcessed } from '#shared/intake/email/email-intake-store.ts';
import { processEmailObject } from '#shared/intake/email/process-email.ts';
import type { MessageObjects } from '#shared/intake/email/message-objects.ts';
import { DynamoSubmissionStore } from '#shared/intake/upload/submission-store.dynamo.ts';
import { parseIntakeKey } from '#shared/intake/intake-keys.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { sesMessage, startEmailTestbed, tinyPdf, tinyPng, type EmailTestbed } from './support.ts';

let bed: EmailTestbed;
beforeAll(async () => {
  bed = await startEmailTestbed();
});
afterAll(async () => bed?.stop());

const x12 = 'ISA*00*          *00*          *ZZ*KEYSTONE       *ZZ*PARLEY         *250101*1200*^*00501*000000001*0*P*:~GS*HC*KEYSTONE*PARLEY*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~';
const tpa = 'Claims Desk <claims@keystone-benefits.example>';

async function ackFor(submissionId: string) {
  const mail = await bed.outboxMail();
  return mail.filter((m) => m.headers.get('x-parley-submission') === submissionId);
}

describe('a claim packet from a listed TPA with passing verdicts', () => {
  let result: Awaited<ReturnType<typeof processEmailObject>>;
  let raw: Buffer;

  beforeAll(async () => {
    raw = await sesMessage({
      from: tpa,
      subject: 'Claims for review',
      messageId: '<packet-1@keystone-benefits.example>',
      text: 'Please find two bills and an 837 attached.',
      attachments: [
        { filename: 'Smith, John - UB04.pdf', content: tinyPdf('ub04') },
        { filename: 'scan.png', content: tinyPng(2000) },
        { filename: 'batch.837', content: x12, contentType: 'text/plain' },
      ],
    });
    result = await processEmailObject(await bed.putRaw(raw), bed.deps());
  });

  it('writes each attachment once under intake/attachments/<submission>/NN-name, typed by its bytes', async () => {
    expect(result.outcome).toBe('ACCEPTED');
    expect(result.submissionId).toMatch(/^E[0-9A-Z]{16}$/);
    expect(result.documents).toEqual([
      { fileName: 'Smith, John - UB04.pdf', key: `intake/attachments/${result.submissionId}/01-Smith_John_-_UB04.pdf`, kind: 'pdf' },
      { fileName: 'scan.png', key: `intake/attachments/${result.submissionId}/02-scan.png`, kind: 'png' },
      { fileName: 'batch.837', key: `intake/attachments/${result.submissionId}/03-batch.837`, kind: 'x12-837' },
    ]);
    expect(await bed.keysUnder(`intake/attachments/${result.submissionId}/`)).toEqual(result.documents.map((d) => d.key));
    expect(parseIntakeKey(result.documents[0]!.key)).toMatchObject({ channel: 'attachments', submissionId: result.submissionId });
    const stored = await bed.s3.send(new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: result.documents[0]!.key }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(tinyPdf('ub04'))).toBe(true);
    expect(stored.ContentType).toBe('application/pdf');
  });

  it('tags the documents with hashes and the sender domain, never the address or the subject', async () => {
    const head = await bed.s3.send(new HeadObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: result.documents[2]!.key }));
    expect(head.Metadata).toEqual({
      'message-key': result.messageKey,
      'email-object-id': result.objectId,
      'sender-domain': 'keystone-benefits.example',
      'tpa-id': 'keystone-benefits',
    });
    expect(JSON.stringify(head.Metadata)).not.toMatch(/claims@|Claims for review|Smith/);
  });

  it('answers the sender with what was received and the submission to follow, threaded under the message', async () => {
    const [ack, ...more] = await ackFor(result.submissionId);
    expect(more).toEqual([]);
    expect(ack!.to).toMatchObject({ value: [{ address: 'claims@keystone-benefits.example' }] });
    expect(ack!.from?.value[0]?.address).toBe('no-reply@intake.parley.example');
    expect(ack!.subject).toBe(`Received: 3 documents - Parley submission ${result.submissionId}`);
    expect(ack!.inReplyTo).toBe('<packet-1@keystone-benefits.example>');
    expect(ack!.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack!.text).toContain(`Submission: ${result.submissionId}`);
    expect(ack!.text).toContain('1. Smith, John - UB04.pdf (PDF)');
    expect(ack!.text).toContain('3. batch.837 (X12 837 claim file)');
    expect(result.acknowledgment.sent).toBe(true);
  });

  it('records the submission, so its status can be followed', async () => {
    const submission = await new DynamoSubmissionStore(bed.dynamo.db, bed.dynamo.tableName).get(result.submissionId);
    expect(submission).toMatchObject({ channel: 'email', owner: 'email:keystone-benefits', refused: [], review: [] });
  });

  it('the same object again (a redelivered event) does nothing: no new files, no second answer', async () => {
    const before = (await bed.outboxMail()).length;
    const ref = await bed.putRaw(raw, result.objectKey.slice('intake/email/'.length));
    const again = await processEmailObject(ref, bed.deps());
    expect(again.repeat).toBe(true);
    expect(again.outcome).toBe('ACCEPTED');
    expect((await bed.outboxMail()).length).toBe(before);
    expect(await bed.keysUnder(`intake/attachments/${result.submissionId}/`)).toHaveLength(3);
  });

  it('the same message in a new object (sent twice) creates nothing and is answered "already received"', async () => {
    const second = await processEmailObject(await bed.putRaw(raw), bed.deps());
    expect(second.outcome).toBe('DUPLICATE');
    expect(second.submissionId).toBe(result.submissionId);
    expect(second.documents).toEqual([]);
    expect(await bed.keysUnder(`intake/attachments/${result.submissionId}/`)).toHaveLength(3);
    const acks = await ackFor(result.submissionId);
    expect(acks.map((a) => a.subject)).toEqual([
      `Received: 3 documents - Parley submission ${result.submissionId}`,
      `Already received - Parley submission ${result.submissionId}`,
    ]);
    expect(acks[1]!.text).toMatch(/already received this message on .* as submission E/);
  });
});

describe('messages whose attachments do not become documents', () => {
  it('an unknown sender: held for review, answered, nothing written, the raw message kept', async () => {
    const raw = await sesMessage({ from: 'Billing <billing@stranger-clinic.example>', subject: 'bill', messageId: '<s1@stranger-clinic.example>', text: 'hi', attachments: [{ filename: 'bill.pdf', content: tinyPdf() }] });
    const ref = await bed.putRaw(raw);
    const result = await processEmailObject(ref, bed.deps());
    expect(result.outcome).toBe('HELD');
    expect(result.reasons).toEqual(['the sender is not on the list of TPAs allowed to send bills (domain stranger-clinic.example)']);
    expect(await bed.keysUnder(`intake/attachments/${result.submissionId}/`)).toEqual([]);
    expect(await bed.keysUnder(ref.key)).toEqual([ref.key]);
    const [ack] = await ackFor(result.submissionId);
    expect(ack!.subject).toBe(`Held for review - Parley reference ${result.submissionId}`);
    expect(ack!.text).toContain('held for review by our staff before anything in it is processed');
    expect(ack!.text).not.toContain('bill.pdf');
    const review = await new DynamoEmailIntakeStore(bed.dynamo.db, bed.dynamo.tableName).listForReview();
    expect(review.map((r) => r.objectId)).toContain(result.objectId);
  });

  it('failed DMARC from a listed domain (a spoofed sender): refused, kept for review, nothing written', async () => {
    const raw = await sesMessage({ from: tpa, subject: 'bill', messageId: '<spoof@keystone-benefits.example>', text: 'hi', attachments: [{ filename: 'bill.pdf', content: tinyPdf() }] }, { verdicts: { dmarc: 'fail', spf: 'fail' } });
    const result = await processEmailObject(await bed.putRaw(raw), bed.deps());
    expect(result.outcome).toBe('REFUSED');
    expect(result.reasons).toEqual([
      'the SPF (is the sending server allowed to send for the domain) failed (fail)',
      'the DMARC (does the From domain authenticate the message) failed (fail)',
    ]);
    expect(await bed.keysUnder(`intake/attachments/${result.submissionId}/`)).toEqual([]);
    const [ack] = await ackFor(result.submissionId);
    expect(ack!.subject).toBe(`Not accepted - Parley reference ${result.submissionId}`);
  });

  it('a virus verdict of FAIL: refused, whatever the sender', async () => {
    const raw = await sesMessage({ from: tpa, subject: 'bill', messageId: '<virus@keystone-benefits.example>', text: 'hi', attachments: [{ filename: 'bill.pdf', content: tinyPdf() }] }, { verdicts: { virus: 'FAIL' } });
    const result = await processEmailObject(await bed.putRaw(raw), bed.deps());
    expect(result.outcome).toBe('REFUSED');
    expect(result.reasons).toEqual(['the virus check failed (FAIL)']);
  });

  it('forged PASS verdicts below the receipt do not help: held, verdicts missing', async () => {
    const raw = await sesMessage(
      { from: tpa, subject: 'bill', messageId: '<forged@keystone-benefits.example>', text: 'hi', headers: { 'X-SES-Spam-Verdict': 'PASS', 'X-SES-Virus-Verdict': 'PASS' }, attachments: [{ filename: 'bill.pdf', content: tinyPdf() }] },
      { verdicts: { spam: null, virus: null } },
    );
    const result = await processEmailObject(await bed.putRaw(raw), bed.deps());
    expect(result.outcome).toBe('HELD');
    expect(result.reasons).toEqual(['the spam check gave no verdict (missing)', 'the virus check gave no verdict (missing)']);
  });

  it('an automatic message (an out-of-office reply) is recorded but never answered: no mail loops', async () => {
    const raw = await sesMessage({ from: tpa, subject: 'Out of office', messageId: '<ooo@keystone-benefits.example>', text: 'away', headers: { 'Auto-Submitted': 'auto-replied' } });
    const result = await processEmailObject(await bed.putRaw(raw), bed.deps());
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(result.acknowledgment).toEqual({ sent: false, detail: 'not answered: the message is automatic (Auto-Submitted: auto-replied); answering could start a mail loop' });
    expect(await ackFor(result.submissionId)).toEqual([]);
  });
});

describe('a worker that dies half-way', () => {
  const packet = (id: string) =>
    sesMessage({ from: tpa, subject: 'x', messageId: `<${id}@keystone-benefits.example>`, text: 'x', attachments: [1, 2].map((n) => ({ filename: `b${n}.pdf`, content: tinyPdf(`${id}${n}`) })) });

  it('while its lease runs, another worker is told to retry later', async () => {
    const ref = await bed.putRaw(await packet('lease'));
    const store = new DynamoEmailIntakeStore(bed.dynamo.db, bed.dynamo.tableName);
    const { documentIdFor } = await import('#shared/pipeline/identity.ts');
    expect(await store.claimObject(documentIdFor(ref), new Date(), 60_000)).toEqual({ state: 'claimed' });
    await expect(processEmailObject(ref, bed.deps())).rejects.toBeInstanceOf(EmailBeingProcessed);
  });

  it('a worker that died holding a lease: once the lease is over, the next one takes the message', async () => {
    const ref = await bed.putRaw(await packet('died'));
    const store = new DynamoEmailIntakeStore(bed.dynamo.db, bed.dynamo.tableName);
    const { documentIdFor } = await import('#shared/pipeline/identity.ts');
    await store.claimObject(documentIdFor(ref), new Date(Date.now() - 120_000), 60_000);
    expect((await processEmailObject(ref, bed.deps())).outcome).toBe('ACCEPTED');
  });

  it('after a failure between writing the files and answering, the retry (at once: the lease is given back) writes no file twice and answers once', async () => {
    const ref = await bed.putRaw(await packet('crash'));
    const failing = { send: async () => Promise.reject(new Error('SES is down')) };
    await expect(processEmailObject(ref, bed.deps({ mail: failing }))).rejects.toThrow('SES is down');

    const puts: string[] = [];
    const base = bed.deps().objects;
    const counting: MessageObjects = { ...base, size: (l) => base.size(l), head: (l, n) => base.head(l, n), open: (l) => base.open(l), exists: (l) => base.exists(l), put: (input) => (puts.push(input.key), base.put(input)) };
    const retry = await processEmailObject(ref, bed.deps({ objects: counting }));
    expect(retry.outcome).toBe('ACCEPTED');
    expect(retry.repeat).toBe(false);
    expect(puts).toEqual([]);
    expect(retry.documents).toHaveLength(2);
    expect(await ackFor(retry.submissionId)).toHaveLength(1);
  });
});
