// Test support: wraps the step services so a share of S3 and DynamoDB calls fail, before or after doing their work.
import type { CaseRepository } from '#shared/cases/case-repository.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';

export interface FaultPlan {
  /** Share of calls that fail (0..1). */
  rate: number;
  /** Deterministic pseudo-random sequence. */
  seed: number;
}

export interface FaultLog {
  injected: number;
  /** Failures raised after the call had already done its work (a timeout seen by the caller). */
  afterWork: number;
}

const FAULTS = [
  () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
  () => Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' }),
  () => Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }),
  () => Object.assign(new Error('We encountered an internal error'), { name: 'InternalServerError' }),
];

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function faulty<T extends object>(target: T, next: () => number, plan: FaultPlan, log: FaultLog): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const roll = next();
        if (roll < plan.rate / 2) {
          log.injected++;
          throw FAULTS[Math.floor(next() * FAULTS.length)]!();
        }
        const result = await value.apply(object, args);
        if (roll < plan.rate) {
          log.injected++;
          log.afterWork++;
          throw FAULTS[2]!(); // the work was done, but the caller only sees a timeout
        }
        return result;
      };
    },
  });
}

export function withFaults(services: PipelineServices, plan: FaultPlan, log: FaultLog): PipelineServices {
  const next = random(plan.seed);
  return {
    ...services,
    objects: faulty<ObjectStore>(services.objects, next, plan, log),
    cases: faulty<CaseRepository>(services.cases, next, plan, log),
  };
}
