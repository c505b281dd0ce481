// Test support for the email intake: raw messages as SES's S3 action writes them, and an s3rver + DynamoDB Local
// testbed with a local outbox, without the runtime's event wiring (the tests call processEmailObject themselves).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { createS3Client } from '#shared/aws/clients.ts';
import { DynamoEmailIntakeStore } from '#shared/intake/email/email-intake-store.dynamo.ts';
import { S3MessageObjects } from '#shared/intake/email/message-objects.s3.ts';
import type { EmailIntakeDeps } from '#shared/intake/email/process-email.ts';
import { parseTpaSenders, type TpaSendersConfig } from '#shared/intake/email/tpa-senders.ts';
import { DynamoSubmissionStore } from '#shared/intake/upload/submission-store.dynamo.ts';
import type { ObjectRef } from '#shared/model/document.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { BUCKETS, DOCUMENTS_BUCKET, INTAKE_EMAIL_PREFIX } from '#shared/storage/definitions.ts';
import { OutboxMailSender } from '#local/runtime/outbox.ts';
import { ensureBuckets } from '#local/runtime/provision.ts';
import { startS3Local, type S3Local } from '#local/runtime/s3-local.ts';
import { startTestDynamo, type TestDynamo } from '../../support/local-dynamo.ts';

export const SENDERS: TpaSendersConfig = parseTpaSenders({
  version: 1,
  intakeAddress: 'claims@intake.parley.example',
  acknowledgmentFrom: 'Parley claims intake <no-reply@intake.parley.example>',
  localMail: { acceptUnverifiedFromAllowListedSenders: false },
  tpas: [
    { id: 'keystone-benefits', name: 'Keystone Benefit Administrators', domains: ['keystone-benefits.example'], addresses: [] },
    { id: 'lone-star-tpa', name: 'Lone Star Plan Services', domains: ['lonestar-tpa.example'], addresses: ['repricing@partner-mail.example'] },
  ],
});

export type VerdictValues = Partial<Record<'spf' | 'dkim' | 'dmarc' | 'spam' | 'virus', string | null>>;

const ALL_PASS: Required<VerdictValues> = { spf: 'pass', dkim: 'pass', dmarc: 'pass', spam: 'PASS', virus: 'PASS' };

/** SES's receipt headers, as its S3 action prepends them; a null verdict leaves that header (or method) out. */
export function sesReceiptHeaders(from: string, verdicts: VerdictValues = {}): string {
  const v = { ...ALL_PASS, ...verdicts };
  const domain = from.slice(from.indexOf('@') + 1);
  const methods = [
    v.spf === null ? null : `spf=${v.spf} (spfCheck: domain of ${domain} designates 203.0.113.25 as permitted sender) smtp.mailfrom=${from}`,
    v.dkim === null ? null : `dkim=${v.dkim} header.i=@${domain}`,
    v.dmarc === null ? null : `dmarc=${v.dmarc} header.from=${domain}`,
  ].filter(Boolean);
  return [
    `Return-Path: <${from}>`,
    `Received: from mail.${domain} (mail.${domain} [203.0.113.25])\r\n by inbound-smtp.us-east-1.amazonaws.com with SMTP id 0u8bkq3lc2m0\r\n for claims@intake.parley.example;\r\n Thu, 27 Nov 2025 10:00:00 +0000 (UTC)`,
    v.spam === null ? null : `X-SES-Spam-Verdict: ${v.spam}`,
    v.virus === null ? null : `X-SES-Virus-Verdict: ${v.virus}`,
    v.spf === null ? null : `Received-SPF: ${v.spf} (spfCheck: domain of ${domain} designates 203.0.113.25 as permitted sender)\r\n client-ip=203.0.113.25; envelope-from=${from}; helo=mail.${domain};`,
    methods.length === 0 ? null : `Authentication-Results: amazonses.com;\r\n ${methods.join(';\r\n ')}`,
    'X-SES-RECEIPT: AEFBQUFBQUFBQUFGUkJ4d2p6c2ZiRk1XNm1ZVnpoT1ZxQ3E0dGNmRkRXa0NkTEZ0TkZWN0tZaW5nPT0=',
    'X-SES-DKIM-SIGNATURE: a=rsa-sha256; q=dns/txt; b=c2lnbmF0dXJl; c=relaxed/simple; s=224i4yxa5dv7c2xz3womw6peuasteono; d=amazonses.com; t=1764237600; v=1; bh=Ym9keWhhc2g=; h=From:To:Cc:Bcc:Subject:Date:Message-ID:MIME-Version:Content-Type:X-SES-RECEIPT;',
  ]
    .filter((line): line is string => line !== null)
    .join('\r\n');
}

/** A message composed by nodemailer, with SES's receipt headers on top (unless receipt is false). */
export async function sesMessage(mail: Mail.Options, options: { verdicts?: VerdictValues; receipt?: boolean; envelopeFrom?: string } = {}): Promise<Buffer> {
  const composed = await new MailComposer({ to: 'claims@intake.parley.example', date: new Date('2025-11-27T09:59:00Z'), ...mail }).compile().build();
  if (options.receipt === false) return composed;
  const from = options.envelopeFrom ?? (typeof mail.from === 'string' ? (/<([^>]+)>/.exec(mail.from)?.[1] ?? mail.from) : 'unknown@unknown.example');
  return Buffer.concat([Buffer.from(`${sesReceiptHeaders(from, options.verdicts)}\r\n`), composed]);
}

export const tinyPdf = (label = 'bill'): Buffer =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
export const tinyPng = (extra = 0): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24 + extra, 7)]);

export interface EmailTestbed {
  s3: S3Client;
  dynamo: TestDynamo;
  outbox: string;
  deps(overrides?: Partial<EmailIntakeDeps>): EmailIntakeDeps;
  putRaw(bytes: Uint8Array, objectId?: string): Promise<ObjectRef>;
  outboxMail(): Promise<ParsedMail[]>;
  keysUnder(prefix: string): Promise<string[]>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startEmailTestbed(): Promise<EmailTestbed> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-email-'));
  const [s3Local, dynamo]: [S3Local, TestDynamo] = await Promise.all([startS3Local({ directory: join(dir, 's3') }), startTestDynamo()]);
  const s3 = createS3Client({ s3Endpoint: s3Local.endpoint });
  await ensureBuckets(s3, BUCKETS);
  const outbox = join(dir, 'outbox');
  const mail = new OutboxMailSender(outbox);
  return {
    s3,
    dynamo,
    outbox,
    deps: (overrides = {}) => ({
      objects: new S3MessageObjects(s3),
      store: new DynamoEmailIntakeStore(dynamo.db, dynamo.tableName),
      submissions: new DynamoSubmissionStore(dynamo.db, dynamo.tableName),
      mail,
      senders: SENDERS,
      documentsBucket: DOCUMENTS_BUCKET.name,
      logger: silentLogger,
      ...overrides,
    }),
    async putRaw(bytes, objectId = `msg${Date.now().toString(36)}${(counter++).toString(36)}`) {
      const key = `${INTAKE_EMAIL_PREFIX}${objectId}`;
      const response = await s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: bytes }));
      return { bucket: DOCUMENTS_BUCKET.name, key, versionId: response.VersionId ?? null, etag: response.ETag ?? null };
    },
    async outboxMail() {
      let names: string[] = [];
      try {
        names = readdirSync(outbox).sort();
      } catch {
        return [];
      }
      return Promise.all(names.map((name) => simpleParser(readFileSync(join(outbox, name)))));
    },
    async keysUnder(prefix) {
      const listing = await s3.send(new ListObjectsV2Command({ Bucket: DOCUMENTS_BUCKET.name, Prefix: prefix }));
      return (listing.Contents ?? []).map((o) => o.Key!).sort();
    },
    async stop() {
      s3.destroy();
      await Promise.all([s3Local.stop(), dynamo.stop()]);
    },
  };
}
