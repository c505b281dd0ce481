// Nothing lost: a message stored while nothing processed it (the process died first) is split on the next start.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { emailSubmissionId, messageKeyFor } from '#shared/intake/email/process-email.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { DOCUMENTS_BUCKET, INTAKE_EMAIL_PREFIX } from '#shared/storage/definitions.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime/runtime.ts';
import { sesMessage, tinyPdf } from './support.ts';

let runtime: LocalRuntime | undefined;
afterAll(async () => runtime?.stop());

describe('a raw message left unprocessed by a process that stopped', () => {
  it('is processed when the runtime starts again, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-email-restart-'));
    const first = await startLocalRuntime({ dataDir, inMemoryDatabase: true, logger: silentLogger, processing: false });
    const raw = await sesMessage({ from: 'claims@keystone-benefits.example', subject: 'x', messageId: '<restart@keystone-benefits.example>', text: 'x', attachments: [{ filename: 'bill.pdf', content: tinyPdf() }] });
    await first.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: `${INTAKE_EMAIL_PREFIX}left-behind`, Body: raw }));
    await first.stop();

    runtime = await startLocalRuntime({ dataDir, inMemoryDatabase: true, logger: silentLogger });
    await runtime.email.worker.idle();
    const acks = readdirSync(runtime.email.outbox);
    expect(acks).toHaveLength(1);
    const submissionId = emailSubmissionId(messageKeyFor('<restart@keystone-benefits.example>', 'unused'));
    expect(await runtime.objects.size({ bucket: DOCUMENTS_BUCKET.name, key: `intake/attachments/${submissionId}/01-bill.pdf` })).toBe(tinyPdf().length);
    expect(await runtime.objects.size({ bucket: DOCUMENTS_BUCKET.name, key: `${INTAKE_EMAIL_PREFIX}left-behind` })).toBe(raw.length);
  }, 60_000);
});
