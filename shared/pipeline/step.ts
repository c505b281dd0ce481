// A pipeline step: a typed function from workflow state to workflow state, blind to the runner that calls it.
import type { z } from 'zod';
import type { PipelineServices } from './services.ts';
import type { WorkflowState } from './workflow-state.ts';

export interface Step {
  /** Also the Step Functions state name and the Lambda's step selector. */
  name: string;
  /** What it does, for the state machine's comment and the docs. */
  description: string;
  input: z.ZodType<WorkflowState>;
  output: z.ZodType<WorkflowState>;
  run(state: WorkflowState, services: PipelineServices): Promise<WorkflowState>;
}
