// The environment variables the stack gives each function, named once for infra/ and the handlers.

export const ENV = {
  tableName: 'PARLEY_TABLE_NAME',
  documentsBucket: 'PARLEY_DOCUMENTS_BUCKET',
  lettersBucket: 'PARLEY_LETTERS_BUCKET',
  /** Folder holding the derived CMS tables (manifest.json), copied next to the bundle. */
  dataDir: 'PARLEY_DATA_DIR',
  /** Offer rules file (read by shared/pricing/offer-rules.ts); built-in defaults when unset. */
  offerRules: 'PARLEY_OFFER_RULES',
  /** config/ copied next to the bundle: letters.json and letterhead.json (whose logo path is relative to it). */
  configDir: 'PARLEY_CONFIG_DIR',
  stateMachineArn: 'PARLEY_STATE_MACHINE_ARN',
  textractTopicArn: 'PARLEY_TEXTRACT_TOPIC_ARN',
  textractRoleArn: 'PARLEY_TEXTRACT_ROLE_ARN',
  supervisorApprovalCents: 'PARLEY_SUPERVISOR_APPROVAL_CENTS',
  /** The console's origin (https://<distribution>), allowed to send changes (CSRF Origin check). */
  consoleOrigin: 'PARLEY_CONSOLE_ORIGIN',
  /** Presigned upload URLs point there (the documents bucket's regional endpoint). */
  uploadOrigin: 'PARLEY_UPLOAD_ORIGIN',
  /** The Cognito hosted UI domain (<prefix>.auth.<region>.amazoncognito.com) and the console's app client. */
  cognitoDomain: 'PARLEY_COGNITO_DOMAIN',
  cognitoClientId: 'PARLEY_COGNITO_CLIENT_ID',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export class MissingConfiguration extends Error {
  override readonly name = 'MissingConfiguration';
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is not set (the stack sets it for this function)`);
  }
}

export function requiredEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new MissingConfiguration(name);
  return value;
}

export function optionalEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[name] || undefined;
}
