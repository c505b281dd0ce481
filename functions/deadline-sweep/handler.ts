// Run on a schedule (EventBridge): moves cases whose deadline passed (expired offers, NSA claims past open
// negotiation), as the local runtime's sweeper does every few minutes. Safe to run at any time. It needs the case
// table only (shared/cases/deadline-sweep.ts): no letters, config or mail, so none of them is in its bundle.
import { createDynamoDocumentClient } from '#shared/aws/clients.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { sweepDeadlines, type SweepResult } from '#shared/cases/deadline-sweep.ts';
import { ENV, requiredEnv } from '../runtime/environment.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { once, type LambdaContext } from '../runtime/step-handler.ts';

const logger = lambdaLogger('parley-deadline-sweep');
const cases = once(() => new DynamoCaseRepository(createDynamoDocumentClient({}), requiredEnv(ENV.tableName), () => new Date()));

export async function sweep(run: (today: string) => Promise<SweepResult>, now: Date): Promise<SweepResult> {
  const result = await run(now.toISOString().slice(0, 10));
  logger.info('deadline sweep', {
    today: result.today,
    examined: result.examined,
    expired: result.moved.filter((m) => m.action === 'expire').length,
    idrEligible: result.moved.filter((m) => m.action === 'idr').length,
    conflicts: result.conflicts.length,
  });
  return result;
}

export const handler = async (_event: unknown, context: LambdaContext = {}): Promise<{ examined: number; moved: number; conflicts: number }> => {
  logger.withContext(context);
  const result = await sweep((today) => sweepDeadlines(cases(), today), new Date());
  return { examined: result.examined, moved: result.moved.length, conflicts: result.conflicts.length };
};
