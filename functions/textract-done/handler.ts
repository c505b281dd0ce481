// Subscribed to the Textract completion topic: resumes the state machine run that waits for the job.
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { createDynamoDocumentClient } from '#shared/aws/clients.ts';
import { resumeWaitingRun, type CompletionOutcome } from '#shared/aws/textract-completion.ts';
import { TextractTaskStore } from '#shared/aws/textract-tasks.dynamo.ts';
import { ENV, requiredEnv } from '../runtime/environment.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { once, type LambdaContext } from '../runtime/step-handler.ts';

/** Textract's completion message (the SNS Message body). */
export const TextractCompletion = z.object({
  JobId: z.string().min(1),
  Status: z.string(),
  API: z.string().optional(),
  JobTag: z.string().optional(),
});

export const SnsEvent = z.object({
  Records: z.array(z.object({ Sns: z.object({ Message: z.string(), MessageId: z.string().optional() }) })),
});

export class InvalidTextractCompletion extends Error {
  override readonly name = 'InvalidTextractCompletion';
}

const logger = lambdaLogger('parley-textract-done');
const deps = once(() => ({
  sfn: new SFNClient({}),
  store: new TextractTaskStore(createDynamoDocumentClient({}), requiredEnv(ENV.tableName)),
}));

export async function onTextractCompletion(event: unknown, d: { sfn: SFNClient; store: TextractTaskStore }): Promise<CompletionOutcome[]> {
  const parsed = SnsEvent.safeParse(event);
  if (!parsed.success) throw new InvalidTextractCompletion('not an SNS event');
  const outcomes: CompletionOutcome[] = [];
  for (const record of parsed.data.Records) {
    let message: z.infer<typeof TextractCompletion>;
    try {
      message = TextractCompletion.parse(JSON.parse(record.Sns.Message));
    } catch {
      throw new InvalidTextractCompletion(`SNS message ${record.Sns.MessageId ?? '(no id)'} is not a Textract completion`);
    }
    const outcome = await resumeWaitingRun(message.JobId, d.store, d.sfn);
    if (outcome === 'unknown-job') logger.warn('no run waits for this textract job', { jobId: message.JobId, status: message.Status });
    else logger.info('textract job completed', { jobId: message.JobId, status: message.Status, outcome, documentId: message.JobTag });
    outcomes.push(outcome);
  }
  return outcomes;
}

export const handler = async (event: unknown, context: LambdaContext = {}) => {
  logger.withContext(context);
  await onTextractCompletion(event, deps());
};
