// The in-process workflow runner: executes the shared step list with retries and a failure handler, as Step Functions does.
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { isRetryable, RETRY_POLICY, retryDelayMs } from '#shared/pipeline/retry-policy.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';
import type { Step } from '#shared/pipeline/step.ts';
import { markFailed, PIPELINE_STEPS } from '#shared/pipeline/workflow.ts';
import { initialWorkflowState, type WorkflowInput, type WorkflowState } from '#shared/pipeline/workflow-state.ts';
import type { WorkflowStarter } from '#shared/intake/start-workflow.ts';
import type { ExecutionRegistry } from './execution-registry.dynamo.ts';

export interface RunOutcome {
  executionName: string;
  documentId: string;
  status: 'SUCCEEDED' | 'FAILED';
  state: WorkflowState;
  failedStep?: string;
  error?: { name: string; message: string };
}

export interface RunnerListener {
  started?(executionName: string, input: WorkflowInput): void;
  stepFinished?(executionName: string, step: string, state: WorkflowState): void;
  finished?(outcome: RunOutcome): void;
}

export interface LocalRunnerOptions {
  /** Documents worked on at once. */
  concurrency: number;
  steps?: readonly Step[];
  sleep?: (ms: number) => Promise<void>;
}

export class LocalRunner implements WorkflowStarter {
  private readonly queue: { name: string; input: WorkflowInput }[] = [];
  private readonly listeners: RunnerListener[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private active = 0;
  private stopped = false;

  constructor(
    private readonly services: PipelineServices,
    private readonly registry: ExecutionRegistry,
    private readonly options: LocalRunnerOptions,
  ) {}

  listen(listener: RunnerListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  async start(executionName: string, input: WorkflowInput): Promise<'started' | 'duplicate'> {
    const claimed = await this.registry.claim(executionName, input, this.services.now());
    if (!claimed) return 'duplicate';
    this.enqueue(executionName, input);
    return 'started';
  }

  /** Re-queues runs a previous process started but did not finish (it was killed): steps are idempotent. */
  async resumeUnfinished(): Promise<number> {
    const unfinished = await this.registry.unfinished();
    for (const execution of unfinished) this.enqueue(execution.name, execution.input);
    return unfinished.length;
  }

  get pending(): number {
    return this.queue.length + this.active;
  }

  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking new work; runs in progress finish their current step. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private enqueue(name: string, input: WorkflowInput): void {
    this.queue.push({ name, input });
    this.listeners.forEach((l) => l.started?.(name, input));
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.active < this.options.concurrency && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.active++;
      void this.execute(next.name, next.input)
        .then((outcome) => this.listeners.forEach((l) => l.finished?.(outcome)))
        .finally(() => {
          this.active--;
          this.pump();
          if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        });
    }
  }

  private async execute(executionName: string, input: WorkflowInput): Promise<RunOutcome> {
    const steps = this.options.steps ?? PIPELINE_STEPS;
    let state = initialWorkflowState(input, documentIdFor(input.source));
    for (const step of steps) {
      try {
        const stepInput = step.input.parse(state);
        state = step.output.parse(await this.withRetries(() => step.run(stepInput, this.services)));
      } catch (caught) {
        const error = asError(caught);
        await this.withRetries(() => markFailed(state, step.name, error, this.services)).catch(() => undefined);
        await this.registry.finish(executionName, 'FAILED', this.services.now()).catch(() => undefined);
        return { executionName, documentId: state.documentId, status: 'FAILED', state, failedStep: step.name, error };
      }
      this.listeners.forEach((l) => l.stepFinished?.(executionName, step.name, state));
      if (state.halted) break;
    }
    await this.withRetries(() => this.registry.finish(executionName, 'SUCCEEDED', this.services.now()));
    return { executionName, documentId: state.documentId, status: 'SUCCEEDED', state };
  }

  private async withRetries<T>(work: () => Promise<T>): Promise<T> {
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= RETRY_POLICY.maxAttempts || !isRetryable(error)) throw error;
        this.services.logger.warn('step attempt failed, retrying', { attempt, error: asError(error).name });
        await sleep(retryDelayMs(attempt));
      }
    }
  }
}

function asError(caught: unknown): { name: string; message: string } {
  if (caught instanceof Error) return { name: caught.name, message: caught.message };
  return { name: 'Error', message: String(caught) };
}
