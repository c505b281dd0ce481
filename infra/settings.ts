// Deployment settings read from CDK context (cdk.json or `-c key=value`), validated once so the stack stays env-agnostic.
import type { Node } from 'constructs';
import * as z from 'zod';

const Email = z.string().email();

export const ParleySettings = z.object({
  /** The address bills are emailed to; its domain must be verified in SES and its MX record point at SES inbound. */
  intakeRecipient: Email,
  /** Alarm notifications go to this email (a subscription to the alarm topic) when set. */
  alarmEmail: Email.nullable(),
  /** An existing SNS topic for alarms (e.g. the operations team's); a new encrypted topic is created when unset. */
  alarmTopicArn: z.string().startsWith('arn:').nullable(),
  /** Offers above this amount (integer cents) need a supervisor's approval; unset: config/cases.json decides. */
  supervisorApprovalCents: z.number().int().nonnegative().nullable(),
  /** Retention of every log group, in days (CloudWatch accepts only its own list of values). */
  logRetentionDays: z.number().int().positive(),
  /** Textract's concurrent asynchronous jobs quota (default 20 in us-east-1): the starter's reserved concurrency stays under it. */
  textractConcurrency: z.number().int().positive(),
  /** Noncurrent (overwritten or deleted) object versions are kept this many days before S3 removes them. */
  noncurrentVersionDays: z.number().int().positive(),
});
export type ParleySettings = z.infer<typeof ParleySettings>;

export const DEFAULT_SETTINGS: ParleySettings = {
  intakeRecipient: 'bills@intake.parley.example',
  alarmEmail: null,
  alarmTopicArn: null,
  supervisorApprovalCents: null,
  logRetentionDays: 400,
  textractConcurrency: 5,
  noncurrentVersionDays: 90,
};

const CONTEXT_KEYS: Record<keyof ParleySettings, string> = {
  intakeRecipient: 'parley:intakeRecipient',
  alarmEmail: 'parley:alarmEmail',
  alarmTopicArn: 'parley:alarmTopicArn',
  supervisorApprovalCents: 'parley:supervisorApprovalCents',
  logRetentionDays: 'parley:logRetentionDays',
  textractConcurrency: 'parley:textractConcurrency',
  noncurrentVersionDays: 'parley:noncurrentVersionDays',
};

const NUMERIC_FIELDS = new Set<keyof ParleySettings>(['supervisorApprovalCents', 'logRetentionDays', 'textractConcurrency', 'noncurrentVersionDays']);

export class InvalidDeploymentSettings extends Error {
  override readonly name = 'InvalidDeploymentSettings';
}

/** Context values arrive as strings from `-c` and as JSON values from cdk.json: numbers are coerced from either. */
export function settingsFromContext(node: Node): ParleySettings {
  const raw: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(CONTEXT_KEYS) as [keyof ParleySettings, string][]) {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') continue;
    raw[field] = NUMERIC_FIELDS.has(field) && typeof value === 'string' ? Number(value) : value;
  }
  const parsed = ParleySettings.safeParse({ ...DEFAULT_SETTINGS, ...raw });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${CONTEXT_KEYS[i.path[0] as keyof ParleySettings] ?? i.path.join('.')}: ${i.message}`);
    throw new InvalidDeploymentSettings(`invalid CDK context: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export const SETTINGS_CONTEXT_KEYS = CONTEXT_KEYS;
