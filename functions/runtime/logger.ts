// The logging port on Lambda: Powertools JSON lines with the request id. Handlers never log events (they carry PHI).
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { LogFields, Logger } from '#shared/observability/logger.ts';

export interface LambdaLogger extends Logger {
  /** Adds the invocation's request id (and cold start) to every line until the next call. */
  withContext(context: { awsRequestId?: string; functionName?: string }): void;
}

export function lambdaLogger(serviceName: string): LambdaLogger {
  const logger = new PowertoolsLogger({ serviceName });
  const fields = (extra: LogFields = {}) => Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
  return {
    info: (message, extra) => logger.info(message, fields(extra)),
    warn: (message, extra) => logger.warn(message, fields(extra)),
    error: (message, extra) => logger.error(message, fields(extra)),
    withContext(context) {
      logger.resetKeys();
      logger.appendKeys({ requestId: context.awsRequestId ?? null });
    },
  };
}
