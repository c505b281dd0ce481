// Runs the deadline sweep while Parley serves locally: once at start, then every minute (on AWS a scheduled function
// calls the same CaseService.sweepDeadlines). Runs never overlap; stop() waits for the one in flight.
import type { SweepResult } from '#shared/cases/case-service.ts';
import type { Logger } from '#shared/observability/logger.ts';

export interface DeadlineSweeperOptions {
  sweep(today: string): Promise<SweepResult>;
  now(): Date;
  logger: Logger;
  /** Default one minute. */
  intervalMs?: number;
}

export interface DeadlineSweeper {
  /** The first sweep (started with the sweeper). */
  first: Promise<SweepResult | null>;
  /** Sweeps now unless a sweep is running (then waits for that one). */
  runOnce(): Promise<SweepResult | null>;
  stop(): Promise<void>;
}

export function startDeadlineSweeper(options: DeadlineSweeperOptions): DeadlineSweeper {
  let running: Promise<SweepResult | null> | null = null;
  let stopped = false;

  const runOnce = (): Promise<SweepResult | null> => {
    if (stopped) return Promise.resolve(null);
    running ??= (async () => {
      const today = options.now().toISOString().slice(0, 10);
      try {
        const result = await options.sweep(today);
        if (result.moved.length > 0 || result.conflicts.length > 0) {
          options.logger.info('deadline sweep', {
            today,
            examined: result.examined,
            expired: result.moved.filter((m) => m.action === 'expire').length,
            idrEligible: result.moved.filter((m) => m.action === 'idr').length,
            conflicts: result.conflicts.length,
          });
        }
        return result;
      } catch (error) {
        options.logger.error('deadline sweep failed', { today, error: (error as Error).name, message: (error as Error).message });
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const first = runOnce();
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 60_000);
  timer.unref();

  return {
    first,
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
