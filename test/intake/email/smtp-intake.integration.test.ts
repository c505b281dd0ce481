// Mail sent to the local SMTP listener (nodemailer's SMTP transport, as a mail client or swaks would) is stored as
// SES would store it, split into documents that run through the pipeline, and answered in the outbox; a redelivered
// or duplicated event starts nothing new.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import { Hono } from 'hono';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { PrincipalEnv } from '#shared/api/principal.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailIntakeResult } from '#shared/intake/email/process-email.ts';
import { FINAL_DOCUMENT_STATUSES, type DocumentRecord, type ObjectRef } from '#shared/model/document.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { DOCUMENTS_BUCKET, INTAKE_EMAIL_PREFIX } from '#shared/storage/definitions.ts';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime/runtime.ts';
import { tinyPdf } from './support.ts';

let runtime: LocalRuntime;
const results: EmailIntakeResult[] = [];
const professional = readFileSync(join(PROJECT_ROOT, 'samples/837p-professional-claims.837'));
const INTAKE = 'claims@intake.parley.example'; // config/tpa-senders.json

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dataDir: mkdtempSync(join(tmpdir(), 'parley-smtp-')),
    inMemoryDatabase: true,
    logger: silentLogger,
    smtp: { port: 0 },
    emailLimits: { maxMessageBytes: 2 * 1024 * 1024 },
  });
  runtime.email.worker.onProcessed((result) => results.push(result));
});
afterAll(async () => runtime?.stop());

function transport() {
  return nodemailer.createTransport({ host: runtime.email.smtp!.host, port: runtime.email.smtp!.port, secure: false, ignoreTLS: true });
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Raw object key -> Message-ID, read from the stored objects (the result itself holds only hashes). */
const seen = new Map<string, string>();
async function indexStoredMessages(): Promise<void> {
  const listing = await runtime.s3.send(new ListObjectsV2Command({ Bucket: DOCUMENTS_BUCKET.name, Prefix: INTAKE_EMAIL_PREFIX }));
  for (const object of listing.Contents ?? []) {
    if (seen.has(object.Key!)) continue;
    const body = await runtime.s3.send(new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: object.Key! }));
    const parsed = await simpleParser(Buffer.from(await body.Body!.transformToByteArray()));
    seen.set(object.Key!, parsed.messageId ?? '');
  }
}

/** Mails a message to the listener and waits for the email intake's result for this delivery. */
async function send(mail: SendMailOptions): Promise<EmailIntakeResult> {
  const earlier = results.length;
  await transport().sendMail({ to: INTAKE, ...mail });
  const messageId = mail.messageId!;
  return until(async () => {
    await indexStoredMessages();
    return results.slice(earlier).find((r) => seen.get(r.objectKey) === messageId);
  }, `the email ${messageId} to be processed`);
}

async function finalDocuments(submissionId: string, count: number): Promise<DocumentRecord[]> {
  return until(async () => {
    const documents = await runtime.cases.listDocumentsBySubmission(submissionId);
    return documents.length === count && documents.every((d) => FINAL_DOCUMENT_STATUSES.includes(d.status)) ? documents : undefined;
  }, `${count} documents of ${submissionId} to finish`);
}

function outboxFiles(): string[] {
  try {
    return readdirSync(runtime.email.outbox).sort();
  } catch {
    return [];
  }
}

describe('a TPA mails a claim packet to the local listener', () => {
  let result: EmailIntakeResult;
  let documents: DocumentRecord[];

  beforeAll(async () => {
    result = await send({
      from: 'Claims Desk <claims@keystone-benefits.example>',
      subject: 'November claims',
      messageId: '<nov-claims@keystone-benefits.example>',
      text: 'Attached: one 837 and one PDF that is not readable.',
      attachments: [
        { filename: 'claims.837', content: professional, contentType: 'text/plain' },
        { filename: 'locked.pdf', content: Buffer.from('%PDF-1.4\ntrailer << /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >> >>\n%%EOF\n') },
      ],
    });
    documents = await finalDocuments(result.submissionId, 2);
  }, 120_000);

  it('stores the raw message under intake/email/ with receipt headers on top that say nothing was verified', async () => {
    const body = await runtime.s3.send(new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: result.objectKey }));
    const raw = Buffer.from(await body.Body!.transformToByteArray()).toString('latin1');
    const top = raw.slice(0, raw.indexOf('\r\nFrom:'));
    expect(top).toMatch(/^Return-Path: <claims@keystone-benefits\.example>\r\nReceived: from .* by parley-local-smtp with SMTP id/s);
    expect(top).toContain('X-SES-Spam-Verdict: GRAY');
    expect(top).toContain('X-SES-Virus-Verdict: GRAY');
    expect(top).toMatch(/Authentication-Results: parley-local-smtp;\r\n spf=none .*\r\n dkim=none .*\r\n dmarc=none/);
    expect(top).toMatch(/X-SES-RECEIPT: [A-Za-z0-9+/=]+$/);
    expect(top).not.toMatch(/PASS/);
  });

  it('accepts it because the sender is allow-listed and local mail is trusted by config, and says so', () => {
    expect(result.outcome).toBe('ACCEPTED');
    expect(result.reasons[0]).toMatch(/^accepted without verification: local mail from allow-listed senders is trusted by configuration/);
  });

  it('the 837 becomes priced cases through the normal pipeline; the locked PDF ends with a reason', () => {
    const byName = Object.fromEntries(documents.map((d) => [d.fileName, d]));
    expect(byName['01-claims.837']).toMatchObject({ status: 'OFFER_DRAFTED', kind: 'x12-837', submittedBy: 'attachments' });
    expect(byName['01-claims.837']!.caseIds.length).toBeGreaterThan(0);
    expect(['NEEDS_REVIEW', 'REJECTED']).toContain(byName['02-locked.pdf']!.status);
    expect(byName['02-locked.pdf']!.reasons.join(' ').length).toBeGreaterThan(0);
  });

  it('answers in the outbox as an .eml naming both files and the submission', async () => {
    const files = outboxFiles();
    const acks = await Promise.all(files.map((f) => simpleParser(readFileSync(join(runtime.email.outbox, f)))));
    const ack = acks.find((a) => a.headers.get('x-parley-submission') === result.submissionId);
    expect(ack?.subject).toBe(`Received: 2 documents - Parley submission ${result.submissionId}`);
    expect(ack?.text).toContain('1. claims.837 (X12 837 claim file)');
    expect(ack?.text).toContain('2. locked.pdf (PDF)');
  });

  it('a negotiator follows the email submission through the API; a provider cannot see it', async () => {
    const asRole = (role: 'negotiator' | 'provider') => {
      const app = new Hono<PrincipalEnv>();
      app.use(async (c, next) => {
        c.set('principal', { id: `${role}-1`, role });
        await next();
      });
      app.route('/', createReviewRouter({ cases: runtime.cases, objects: runtime.objects, uploads: runtime.uploads }));
      return app;
    };
    const response = await asRole('negotiator').request(`/api/submissions/${result.submissionId}`);
    const body = (await response.json()) as { channel: string; finished: boolean; documents: { fileName: string; status: string }[] };
    expect(body.channel).toBe('email');
    expect(body.finished).toBe(true);
    expect(body.documents.map((d) => d.fileName).sort()).toEqual(['01-claims.837', '02-locked.pdf']);
    expect((await asRole('provider').request(`/api/submissions/${result.submissionId}`)).status).toBe(404);
  });

  it('a redelivered ObjectCreated event for the raw message does nothing: no file, no answer, no run', async () => {
    const before = { outbox: outboxFiles().length, results: results.length };
    const head = await runtime.s3.send(new HeadObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: result.objectKey }));
    await runtime.objectCreated({ bucket: DOCUMENTS_BUCKET.name, key: result.objectKey, versionId: null, etag: head.ETag ?? null });
    await runtime.email.worker.idle();
    expect(outboxFiles()).toHaveLength(before.outbox);
    expect(results).toHaveLength(before.results);
    expect(await runtime.cases.listDocumentsBySubmission(result.submissionId)).toHaveLength(2);
    expect(runtime.runner.pending).toBe(0);
  });

  it('a redelivered or duplicated ObjectCreated event for a document starts no second workflow', async () => {
    const document = documents.find((d) => d.kind === 'x12-837')!;
    const eventsBefore = await runtime.cases.listEvents(document.caseIds[0]!);
    const source: ObjectRef = document.source;
    await Promise.all([runtime.objectCreated(source), runtime.objectCreated(source), runtime.objectCreated({ ...source, etag: `"${(source.etag ?? '').replace(/"/g, '')}"` })]);
    expect(runtime.runner.pending).toBe(0);
    expect(await runtime.cases.listEvents(document.caseIds[0]!)).toHaveLength(eventsBefore.length);
    expect(await runtime.cases.listDocumentsBySubmission(result.submissionId)).toHaveLength(2);
  });

  it('the same message mailed again is answered "already received" and creates nothing', async () => {
    const again = await send({
      from: 'Claims Desk <claims@keystone-benefits.example>',
      subject: 'November claims',
      messageId: '<nov-claims@keystone-benefits.example>',
      text: 'resent',
      attachments: [{ filename: 'claims.837', content: professional, contentType: 'text/plain' }],
    });
    expect(again.outcome).toBe('DUPLICATE');
    expect(again.submissionId).toBe(result.submissionId);
    await new Promise((r) => setTimeout(r, 300));
    expect(await runtime.cases.listDocumentsBySubmission(result.submissionId)).toHaveLength(2);
  });
});

describe('what the listener itself refuses or holds', () => {
  it('an unknown sender is held: nothing processed, answered', async () => {
    const result = await send({ from: 'billing@stranger-clinic.example', subject: 'bill', messageId: '<stranger@stranger-clinic.example>', text: 'x', attachments: [{ filename: 'b.pdf', content: tinyPdf() }] });
    expect(result.outcome).toBe('HELD');
    expect(result.documents).toEqual([]);
    expect(result.reasons[0]).toBe('the sender is not on the list of TPAs allowed to send bills (domain stranger-clinic.example)');
  });

  it('a recipient other than the intake address is refused at RCPT TO, naming the right address', async () => {
    await expect(transport().sendMail({ from: 'claims@keystone-benefits.example', to: 'someone@else.example', subject: 'x', text: 'x' })).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringContaining(`send claims to ${INTAKE}`),
    });
  });

  it('a message over the size limit is refused at SMTP time with 552 and never stored', async () => {
    const before = (await runtime.s3.send(new ListObjectsV2Command({ Bucket: DOCUMENTS_BUCKET.name, Prefix: INTAKE_EMAIL_PREFIX }))).KeyCount;
    await expect(
      transport().sendMail({ from: 'claims@keystone-benefits.example', to: INTAKE, subject: 'big', text: 'x', attachments: [{ filename: 'big.pdf', content: Buffer.alloc(3 * 1024 * 1024, 1) }] }),
    ).rejects.toMatchObject({ responseCode: 552 });
    const after = (await runtime.s3.send(new ListObjectsV2Command({ Bucket: DOCUMENTS_BUCKET.name, Prefix: INTAKE_EMAIL_PREFIX }))).KeyCount;
    expect(after).toBe(before);
  });
});
