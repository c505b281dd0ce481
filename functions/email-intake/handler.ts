// Splits raw messages that SES's receipt rule stored under intake/email/ into documents (thin: the work is in
// shared/intake/email/process-email.ts). Takes the SQS records of the intake queue (EventBridge "Object Created" or
// S3 notification bodies), or either event directly; failed records go back to the queue alone.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod';
import { createDynamoDocumentClient, createS3Client } from '#shared/aws/clients.ts';
import { DynamoEmailIntakeStore } from '#shared/intake/email/email-intake-store.dynamo.ts';
import { SesMailSender } from '#shared/intake/email/mail-sender.ses.ts';
import { S3MessageObjects } from '#shared/intake/email/message-objects.s3.ts';
import { processEmailObject, type EmailIntakeDeps } from '#shared/intake/email/process-email.ts';
import { loadTpaSenders } from '#shared/intake/email/tpa-senders.ts';
import { DynamoSubmissionStore } from '#shared/intake/upload/submission-store.dynamo.ts';
import type { ObjectRef } from '#shared/model/document.ts';
import type { Logger } from '#shared/observability/logger.ts';
import { INTAKE_EMAIL_PREFIX } from '#shared/storage/definitions.ts';
import { ENV, optionalEnv, requiredEnv } from '../runtime/environment.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { once, type LambdaContext } from '../runtime/step-handler.ts';

/** Optional: the SES configuration set acknowledgments are sent with. */
export const SES_CONFIGURATION_SET_ENV = 'PARLEY_SES_CONFIGURATION_SET';

const EventBridgeObjectCreated = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(3) }),
    object: z.object({ key: z.string().min(1), etag: z.string().optional(), 'version-id': z.string().optional() }),
  }),
});

const S3Notification = z.object({
  Records: z.array(
    z.object({
      eventSource: z.literal('aws:s3'),
      eventName: z.string(),
      s3: z.object({
        bucket: z.object({ name: z.string().min(3) }),
        object: z.object({ key: z.string().min(1), eTag: z.string().optional(), versionId: z.string().optional() }),
      }),
    }),
  ),
});

const SqsEvent = z.object({ Records: z.array(z.object({ eventSource: z.literal('aws:sqs'), messageId: z.string(), body: z.string() })) });

export class NotAnObjectCreatedEvent extends Error {
  override readonly name = 'NotAnObjectCreatedEvent';
}

/** S3 notifications carry keys URL-encoded with '+' for a space. */
const decodeKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

/** The objects an event names: one for EventBridge, any number for an S3 notification, none for s3:TestEvent. */
export function objectsOf(event: unknown): ObjectRef[] {
  const bridge = EventBridgeObjectCreated.safeParse(event);
  if (bridge.success) {
    const { bucket, object } = bridge.data.detail;
    return [{ bucket: bucket.name, key: decodeKey(object.key), versionId: object['version-id'] ?? null, etag: object.etag ?? null }];
  }
  const notification = S3Notification.safeParse(event);
  if (notification.success) {
    return notification.data.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeKey(r.s3.object.key),
      versionId: r.s3.object.versionId ?? null,
      etag: r.s3.object.eTag ?? null,
    }));
  }
  if (typeof event === 'object' && event !== null && (event as { Event?: unknown }).Event === 's3:TestEvent') return [];
  throw new NotAnObjectCreatedEvent('not an S3 Object Created event (EventBridge or S3 notification)');
}

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

async function processObjects(refs: ObjectRef[], deps: EmailIntakeDeps, logger: Logger): Promise<void> {
  for (const ref of refs) {
    if (!ref.key.startsWith(INTAKE_EMAIL_PREFIX)) {
      logger.warn('not an email object: ignored', { prefix: ref.key.split('/').slice(0, 2).join('/') });
      continue;
    }
    await processEmailObject(ref, deps);
  }
}

/** SQS batches answer with the failed records (retried alone); a direct event throws so Lambda retries it. */
export async function handleEmailEvent(event: unknown, deps: EmailIntakeDeps, logger: Logger): Promise<BatchResponse | undefined> {
  const sqs = SqsEvent.safeParse(event);
  if (!sqs.success) {
    await processObjects(objectsOf(event), deps, logger);
    return undefined;
  }
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of sqs.data.Records) {
    try {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        throw new NotAnObjectCreatedEvent('the message body is not JSON');
      }
      await processObjects(objectsOf(body), deps, logger);
    } catch (error) {
      // The object key is an SES id, but the error message may quote a header: log the error's name only.
      logger.error('email intake failed', { messageId: record.messageId, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

const logger = lambdaLogger('parley-email-intake');
const deps = once((): EmailIntakeDeps => {
  const s3 = createS3Client({});
  const db = createDynamoDocumentClient({});
  const table = requiredEnv(ENV.tableName);
  const configDir = optionalEnv(ENV.configDir) ?? 'config';
  return {
    objects: new S3MessageObjects(s3),
    store: new DynamoEmailIntakeStore(db, table),
    submissions: new DynamoSubmissionStore(db, table),
    mail: new SesMailSender(new SESv2Client({}), { configurationSetName: process.env[SES_CONFIGURATION_SET_ENV] || undefined }),
    senders: loadTpaSenders(`${configDir}/tpa-senders.json`),
    documentsBucket: requiredEnv(ENV.documentsBucket),
    // On AWS only SES's verdicts decide: local trust settings never apply here.
    acceptUnverifiedFromAllowListed: false,
    logger,
  };
});

export const handler = async (event: unknown, context: LambdaContext = {}): Promise<BatchResponse | undefined> => {
  logger.withContext(context);
  return handleEmailEvent(event, deps(), logger);
};
