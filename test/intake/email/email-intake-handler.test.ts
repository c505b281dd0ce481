// The email intake Lambda's event handling (functions/email-intake/handler.ts), against s3rver and DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEmailEvent, NotAnObjectCreatedEvent, objectsOf } from '#functions/email-intake/handler.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { sesMessage, startEmailTestbed, tinyPdf, type EmailTestbed } from './support.ts';

let bed: EmailTestbed;
beforeAll(async () => {
  bed = await startEmailTestbed();
});
afterAll(async () => bed?.stop());

const bridgeEvent = (key: string, etag?: string) => ({
  version: '0',
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: { bucket: { name: DOCUMENTS_BUCKET.name }, object: { key, etag, size: 100 } },
});

describe('reading the events that name a raw message', () => {
  it('EventBridge Object Created and S3 notifications (keys URL-decoded); s3:TestEvent names nothing', () => {
    expect(objectsOf(bridgeEvent('intake/email/abc', 'e1'))).toEqual([{ bucket: DOCUMENTS_BUCKET.name, key: 'intake/email/abc', versionId: null, etag: 'e1' }]);
    const notification = {
      Records: [
        { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b-1' }, object: { key: 'intake/email/a+b%2Bc', eTag: 'e2', versionId: 'v1' } } },
        { eventSource: 'aws:s3', eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'b-1' }, object: { key: 'intake/email/gone' } } },
      ],
    };
    expect(objectsOf(notification)).toEqual([{ bucket: 'b-1', key: 'intake/email/a b+c', versionId: 'v1', etag: 'e2' }]);
    expect(objectsOf({ Service: 'Amazon S3', Event: 's3:TestEvent' })).toEqual([]);
    expect(() => objectsOf({ hello: 'world' })).toThrow(NotAnObjectCreatedEvent);
  });
});

describe('an SQS batch from the intake queue', () => {
  it('processes each message, ignores other prefixes, and returns only the bad record as a failure', async () => {
    const raw = await sesMessage({ from: 'claims@keystone-benefits.example', subject: 'x', messageId: '<lambda-1@keystone-benefits.example>', text: 'x', attachments: [{ filename: 'bill.pdf', content: tinyPdf() }] });
    const ref = await bed.putRaw(raw);
    const event = {
      Records: [
        { eventSource: 'aws:sqs', messageId: 'm-1', body: JSON.stringify(bridgeEvent(ref.key, ref.etag ?? undefined)) },
        { eventSource: 'aws:sqs', messageId: 'm-2', body: JSON.stringify(bridgeEvent('intake/upload/u/S1/x.pdf')) },
        { eventSource: 'aws:sqs', messageId: 'm-3', body: 'not json' },
      ],
    };
    const response = await handleEmailEvent(event, bed.deps(), silentLogger);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-3' }] });
    const acks = await bed.outboxMail();
    expect(acks.filter((a) => a.inReplyTo === '<lambda-1@keystone-benefits.example>')).toHaveLength(1);

    // The queue delivers m-1 again: nothing new.
    expect(await handleEmailEvent({ Records: [event.Records[0]] }, bed.deps(), silentLogger)).toEqual({ batchItemFailures: [] });
    expect((await bed.outboxMail()).filter((a) => a.inReplyTo === '<lambda-1@keystone-benefits.example>')).toHaveLength(1);
  });

  it('a record whose object is missing fails alone, to be retried (and dead-lettered if it stays missing)', async () => {
    const response = await handleEmailEvent(
      { Records: [{ eventSource: 'aws:sqs', messageId: 'gone', body: JSON.stringify(bridgeEvent('intake/email/never-written')) }] },
      bed.deps(),
      silentLogger,
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'gone' }] });
  });
});
