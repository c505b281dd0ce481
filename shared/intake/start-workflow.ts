// "Start a workflow for this object": the one call both the AWS queue consumer and the local runtime make.
import { INTAKE_EMAIL_PREFIX, INTAKE_PREFIX } from '../storage/definitions.ts';
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
  return starter.start(executionNameFor(source), {
    source,
    fileName: fileNameOf(source.key),
    submittedBy: submittedBy ?? submitterOf(source.key),
  });
}

function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** intake/upload/<submitter>/<submission>/<file> records who uploaded it. */
function submitterOf(key: string): string {
  const [, channel, who] = key.split('/');
  return channel === 'upload' && who ? `upload:${who}` : (channel ?? 'unknown');
}
