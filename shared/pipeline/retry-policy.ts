// Which failures are worth retrying, and how: the local runner and the Step Functions definition both use this.

/** AWS and network error names that are transient: throttling, limits, timeouts, optimistic-lock races. */
export const RETRYABLE_ERRORS = [
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ProvisionedThroughputExceeded',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
  'SlowDown',
  'TimeoutError',
  'RequestTimeout',
  'VersionConflict',
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
] as const;

const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export const RETRY_POLICY = {
  maxAttempts: 5,
  initialDelayMs: 500,
  backoffRate: 2,
  maxDelayMs: 8_000,
} as const;

export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (RETRYABLE_ERRORS as readonly string[]).includes(error.name) || (code !== undefined && RETRYABLE_NETWORK_CODES.has(code));
}

export function retryDelayMs(attempt: number): number {
  const base = RETRY_POLICY.initialDelayMs * RETRY_POLICY.backoffRate ** (attempt - 1);
  return Math.min(RETRY_POLICY.maxDelayMs, base) * (0.5 + Math.random() / 2); // jitter
}
