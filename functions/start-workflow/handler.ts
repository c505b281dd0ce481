// Consumes the intake queue (EventBridge "Object Created" events from the documents bucket) and starts one named
// Step Functions run per object; failed records go back to the queue alone (partial batch response).
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { StepFunctionsWorkflowStarter } from '#shared/aws/workflow-starter.sfn.ts';
import { startWorkflowForObject, type StartOutcome, type WorkflowStarter } from '#shared/intake/start-workflow.ts';
import type { ObjectRef } from '#shared/model/document.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { Logger } from '#shared/observability/logger.ts';
import { ENV, requiredEnv } from '../runtime/environment.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { once, type LambdaContext } from '../runtime/step-handler.ts';

export const ObjectCreatedEvent = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(3) }),
    object: z.object({
      key: z.string().min(1),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
    }),
  }),
});

export const SqsEvent = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })),
});

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export class NotAnObjectCreatedEvent extends Error {
  override readonly name = 'NotAnObjectCreatedEvent';
}

/** S3 writes keys into events URL-encoded, with '+' for a space (a literal '+' arrives as %2B). */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

export function objectRefOf(body: string): ObjectRef {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new NotAnObjectCreatedEvent('the message body is not JSON');
  }
  const parsed = ObjectCreatedEvent.safeParse(json);
  if (!parsed.success) throw new NotAnObjectCreatedEvent(`not an S3 Object Created event (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
  const { bucket, object } = parsed.data.detail;
  return { bucket: bucket.name, key: decodeS3Key(object.key), versionId: object['version-id'] ?? null, etag: object.etag ?? null };
}

export async function startWorkflows(event: unknown, starter: WorkflowStarter, logger: Logger): Promise<BatchResponse> {
  const records = SqsEvent.parse(event).Records;
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    let outcome: StartOutcome;
    let documentId: string | undefined;
    try {
      const source = objectRefOf(record.body);
      documentId = documentIdFor(source);
      outcome = await startWorkflowForObject(source, starter);
    } catch (error) {
      // The key may name a patient: log the message id and error name only.
      logger.error('could not start a workflow', { messageId: record.messageId, documentId, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    logger.info('workflow start', { messageId: record.messageId, documentId, outcome });
  }
  return { batchItemFailures };
}

const logger = lambdaLogger('parley-start-workflow');
const starter = once(() => new StepFunctionsWorkflowStarter(new SFNClient({}), requiredEnv(ENV.stateMachineArn)));

export const handler = async (event: unknown, context: LambdaContext = {}): Promise<BatchResponse> => {
  logger.withContext(context);
  return startWorkflows(event, starter(), logger);
};
