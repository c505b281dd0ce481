// The state machine's catch: the document ends FAILED and its open cases go to a person, with the error named.
import * as z from 'zod';
import { markFailed } from '#shared/pipeline/steps/mark-failed.ts';
import { WorkflowState } from '#shared/pipeline/workflow-state.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { createPipelineServices } from '../runtime/pipeline-services.ts';
import { InvalidWorkflowState, once, type LambdaContext } from '../runtime/step-handler.ts';

/** What the state machine passes: the state as it was, the step that failed, and Step Functions' error output. */
export const MarkFailedEvent = WorkflowState.extend({
  failedStep: z.string().min(1),
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

const MAX_MESSAGE = 500;

/** Step Functions gives a Lambda error's Cause as JSON ({errorType, errorMessage, trace}); other causes are text. */
export function errorOf(failure: { Error: string; Cause?: string }): { name: string; message: string } {
  let message = failure.Cause ?? '';
  try {
    const cause = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof cause.errorMessage === 'string') message = cause.errorMessage;
  } catch {
    // not JSON: a States.* error's text
  }
  return { name: failure.Error, message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message };
}

export async function markRunFailed(event: unknown, services: PipelineServices): Promise<{ documentId: string; failedStep: string; error: string }> {
  const parsed = MarkFailedEvent.safeParse(event);
  if (!parsed.success) throw new InvalidWorkflowState('MarkFailed', 'input', parsed.error.issues.map((i) => i.path.join('.') || '(root)'));
  const { failedStep, failure, ...state } = parsed.data;
  const error = errorOf(failure);
  await markFailed(state, failedStep, error, services);
  return { documentId: state.documentId, failedStep, error: error.name };
}

const logger = lambdaLogger('parley-mark-failed');
const services = once(() => createPipelineServices({ logger }));

export const handler = async (event: unknown, context: LambdaContext = {}) => {
  logger.withContext(context);
  return markRunFailed(event, services());
};
