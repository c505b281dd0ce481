// Starts the Textract job for an image document or a PDF with scanned pages, and parks the run's task token until
// Textract reports completion.
import { SFNClient } from '@aws-sdk/client-sfn';
import { TextractClient } from '@aws-sdk/client-textract';
import * as z from 'zod';
import { createDynamoDocumentClient } from '#shared/aws/clients.ts';
import { resumeWaitingRun } from '#shared/aws/textract-completion.ts';
import { startTextDetection, textractJobStatus } from '#shared/aws/textract-job.ts';
import { TextractTaskStore } from '#shared/aws/textract-tasks.dynamo.ts';
import { WorkflowState } from '#shared/pipeline/workflow-state.ts';
import { ENV, requiredEnv } from '../runtime/environment.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { InvalidWorkflowState, once, type LambdaContext } from '../runtime/step-handler.ts';

export const TextractStartEvent = z.object({ taskToken: z.string().min(1), state: WorkflowState });

export interface TextractStartDeps {
  textract: TextractClient;
  sfn: SFNClient;
  store: TextractTaskStore;
  channel: { topicArn: string; roleArn: string };
}

const logger = lambdaLogger('parley-textract-start');
const deps = once(
  (): TextractStartDeps => ({
    textract: new TextractClient({}),
    sfn: new SFNClient({}),
    store: new TextractTaskStore(createDynamoDocumentClient({}), requiredEnv(ENV.tableName)),
    channel: { topicArn: requiredEnv(ENV.textractTopicArn), roleArn: requiredEnv(ENV.textractRoleArn) },
  }),
);

export async function startTextract(event: unknown, d: TextractStartDeps): Promise<{ jobId: string }> {
  const parsed = TextractStartEvent.safeParse(event);
  if (!parsed.success) throw new InvalidWorkflowState('StartTextract', 'input', parsed.error.issues.map((i) => i.path.join('.') || '(root)'));
  const { taskToken, state } = parsed.data;
  const jobId = await startTextDetection(d.textract, state.source, state.documentId, d.channel);
  // The run resumes with this state: Extract reads the job's words and is not asked for a job again.
  await d.store.put({ jobId, taskToken, state: { ...state, textractJobId: jobId, needsTextract: false } });
  // A retried start gets the first job back (same ClientRequestToken): it may have finished before this token was stored.
  const status = await textractJobStatus(d.textract, jobId);
  if (status !== 'IN_PROGRESS') await resumeWaitingRun(jobId, d.store, d.sfn);
  logger.info('textract job started', { documentId: state.documentId, jobId, status });
  return { jobId };
}

export const handler = async (event: unknown, context: LambdaContext = {}) => {
  logger.withContext(context);
  return startTextract(event, deps());
};
