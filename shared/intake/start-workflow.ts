// "Start a workflow for this object": the one call both the AWS queue consumer and the local runtime make.
import { INTAKE_EMAIL_PREFIX, INTAKE_PREFIX } from '../storage/definitions.ts';
import { parseIntakeKey } from './intake-keys.ts';
import type { ObjectRef } from '../model/document.ts';
import { executionNameFor } from '../pipeline/identity.ts';
import type { WorkflowInput } from '../pipeline/workflow-state.ts';

export interface WorkflowStarter {
  /** Starts the named run unless a run of that name exists; never starts two. */
  start(executionName: string, input: WorkflowInput): Promise<'started' | 'duplicate'>;
}

export type StartOutcome = 'started' | 'duplicate' | 'ignored';

/** Bills under intake/ start a workflow; raw email (intake/email/) is split into bills by the email function first. */
export function startsBillWorkflow(key: string): boolean {
  return key.startsWith(INTAKE_PREFIX) && !key.startsWith(INTAKE_EMAIL_PREFIX) && !key.endsWith('/');
}

export async function startWorkflowForObject(source: ObjectRef, starter: WorkflowStarter, submittedBy?: string): Promise<StartOutcome> {
  if (!startsBillWorkflow(source.key)) return 'ignored';
  const parsed = parseIntakeKey(source.key);
  return starter.start(executionNameFor(source), {
    source,
    fileName: parsed.fileName,
    submittedBy: submittedBy ?? (parsed.submitter ? `${parsed.channel}:${parsed.submitter}` : parsed.channel),
  });
}
