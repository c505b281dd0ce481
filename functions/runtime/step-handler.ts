// Turns a pipeline step into a Lambda handler: validate the state at the edge, run the step, validate what it returns.
import type { PipelineServices } from '#shared/pipeline/services.ts';
import type { Step } from '#shared/pipeline/step.ts';
import type { WorkflowState } from '#shared/pipeline/workflow-state.ts';
import type { LambdaLogger } from './logger.ts';

/** The state Step Functions passed in (or the step returned) does not fit the workflow contract: not retryable. */
export class InvalidWorkflowState extends Error {
  override readonly name = 'InvalidWorkflowState';
  constructor(
    readonly step: string,
    readonly direction: 'input' | 'output',
    readonly fields: readonly string[],
  ) {
    // Field paths only: the values may be PHI (the file name, for one).
    super(`${step} ${direction} does not match WorkflowState at: ${fields.join(', ')}`);
  }
}

export interface LambdaContext {
  awsRequestId?: string;
  functionName?: string;
}

export type StepHandler = (event: unknown, context?: LambdaContext) => Promise<WorkflowState>;

export function stepHandler(step: Step, services: () => PipelineServices, logger: LambdaLogger): StepHandler {
  return async (event, context = {}) => {
    logger.withContext(context);
    const input = step.input.safeParse(event);
    if (!input.success) throw new InvalidWorkflowState(step.name, 'input', input.error.issues.map((i) => i.path.join('.') || '(root)'));
    const result = await step.run(input.data, services());
    const output = step.output.safeParse(result);
    if (!output.success) throw new InvalidWorkflowState(step.name, 'output', output.error.issues.map((i) => i.path.join('.') || '(root)'));
    return output.data;
  };
}

/** Lazily builds a value once per container (the first invocation pays for it, later ones reuse it). */
export function once<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}
