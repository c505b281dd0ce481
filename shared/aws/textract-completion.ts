// Hands a finished Textract job back to the state machine run waiting on it (SendTaskSuccess with the job id).
import { InvalidToken, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut, type SFNClient } from '@aws-sdk/client-sfn';
import type { TextractTaskStore } from './textract-tasks.dynamo.ts';

export type CompletionOutcome = 'resumed' | 'already-resumed' | 'unknown-job';

/**
 * The Extract step reads the job's result (or its failure) itself, so the run resumes with success either way;
 * a token already used (the completion and the start function's own status check can race) is not an error.
 */
export async function resumeWaitingRun(jobId: string, store: TextractTaskStore, sfn: SFNClient): Promise<CompletionOutcome> {
  const task = await store.get(jobId);
  if (!task) return 'unknown-job';
  let outcome: CompletionOutcome = 'resumed';
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ ...task.state, textractJobId: jobId }) }));
  } catch (error) {
    if (!(error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken)) throw error;
    outcome = 'already-resumed';
  }
  await store.delete(jobId);
  return outcome;
}
