// Starts workflow runs on Step Functions, named after the object so a redelivered event starts nothing new.
import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowStarter } from '../intake/start-workflow.ts';
import { documentIdFor } from '../pipeline/identity.ts';
import { initialWorkflowState, type WorkflowInput } from '../pipeline/workflow-state.ts';

export class StepFunctionsWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  /**
   * The execution input is the initial workflow state, a pure function of the object: a second StartExecution for
   * a run still going returns that run (same name, same input); for a finished one, ExecutionAlreadyExists.
   */
  async start(executionName: string, input: WorkflowInput): Promise<'started' | 'duplicate'> {
    const state = initialWorkflowState(input, documentIdFor(input.source));
    try {
      await this.sfn.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: executionName, input: JSON.stringify(state) }),
      );
      return 'started';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') return 'duplicate';
      throw error;
    }
  }
}
