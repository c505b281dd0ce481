// Runs the email intake for ObjectCreated events in one process (the local runtime): one message at a time, a
// message another worker holds is retried when its lease ends, a transient failure is retried with back-off.
import type { ObjectRef } from '../../model/document.ts';
import { EmailBeingProcessed } from './email-intake-store.ts';
import { processEmailObject, type EmailIntakeDeps, type EmailIntakeResult } from './process-email.ts';

export interface EmailIntakeWorkerOptions {
  maxAttempts?: number;
  /** First back-off after a failure; doubles each time. */
  retryDelayMs?: number;
}

export class EmailIntakeWorker {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners: ((result: EmailIntakeResult) => void)[] = [];
  private stopped = false;

  constructor(
    private readonly deps: EmailIntakeDeps,
    private readonly options: EmailIntakeWorkerOptions = {},
  ) {}

  onProcessed(listener: (result: EmailIntakeResult) => void): void {
    this.listeners.push(listener);
  }

  /** Queues a raw message object; never rejects (failures are logged by object id). */
  submit(ref: ObjectRef, attempt = 1): Promise<EmailIntakeResult | null> {
    const run = (this.chain = this.chain.then(() => (this.stopped ? null : this.attempt(ref, attempt))));
    const tracked = run.then((result) => result as EmailIntakeResult | null);
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return tracked;
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.timers.size > 0) {
      await Promise.all([...this.pending]);
      if (this.timers.size > 0) await new Promise((r) => setTimeout(r, 50));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async attempt(ref: ObjectRef, attempt: number): Promise<EmailIntakeResult | null> {
    try {
      const result = await processEmailObject(ref, this.deps);
      if (!result.repeat) this.listeners.forEach((l) => l(result));
      return result;
    } catch (error) {
      const maxAttempts = this.options.maxAttempts ?? 5;
      const objectId = ref.key.slice(ref.key.lastIndexOf('/') + 1);
      if (attempt >= maxAttempts) {
        this.deps.logger.error('email intake gave up', { objectId, attempts: attempt, error: (error as Error).name });
        return null;
      }
      const now = (this.deps.now ?? (() => new Date()))().getTime();
      const delay =
        error instanceof EmailBeingProcessed
          ? Math.max(Date.parse(error.leaseUntil) - now + 100, 100)
          : (this.options.retryDelayMs ?? 1000) * 2 ** (attempt - 1);
      this.deps.logger.warn('email intake will retry', { objectId, attempt, delayMs: delay, error: (error as Error).name });
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.stopped) void this.submit(ref, attempt + 1);
      }, delay);
      this.timers.add(timer);
      return null;
    }
  }
}
