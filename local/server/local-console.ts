// The console on the local runtime: accounts and sessions in DynamoDB Local, assets from web/assets, and the
// administrator's one-time sign-in link that `parley start` prints.
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuthStore } from '#shared/api/auth/auth-store.dynamo.ts';
import type { AuthStore } from '#shared/api/auth/auth-store.ts';
import { signInUrl } from '#shared/api/auth/auth-routes.ts';
import { ensureFirstAdmin, issueSignInLink } from '#shared/api/auth/local-accounts.ts';
import type { ConsoleOptions } from '#shared/web/console-routes.ts';
import { readCaseSettings } from '#shared/cases/case-settings.ts';
import { PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { CONFIG_DIR, PROJECT_ROOT } from '../runtime/project-paths.ts';
import { OutboxFolder } from './outbox-folder.ts';

export const WEB_ASSETS_DIR = join(PROJECT_ROOT, 'web', 'assets');

export interface LocalConsoleInput {
  db: DynamoDBDocumentClient;
  /** The runtime's data folder: sent mail is in its outbox/. */
  dataDir?: string;
  configDir?: string;
  /** The upload gateway presigned URLs point at (the browser PUTs there). */
  uploadsEndpoint: string;
  now?: () => Date;
}

export function localConsoleOptions(input: LocalConsoleInput): ConsoleOptions & { store: AuthStore } {
  return {
    store: new DynamoAuthStore(input.db, PARLEY_TABLE.name),
    cognito: false,
    secureCookies: false,
    uploadOrigins: [new URL(input.uploadsEndpoint).origin],
    assetsDir: WEB_ASSETS_DIR,
    outbox: input.dataDir ? new OutboxFolder(join(input.dataDir, 'outbox')) : undefined,
    supervisorLimitCents: readCaseSettings(join(input.configDir ?? CONFIG_DIR, 'cases.json')).supervisorApprovalAboveCents,
    now: input.now,
  };
}

/** Creates the administrator on the first start; every start issues a fresh one-time link for it. */
export async function administratorSignIn(store: AuthStore, serverUrl: string, now: Date = new Date()): Promise<{ url: string; created: boolean; expiresAt: string }> {
  const { admin, created } = await ensureFirstAdmin(store, now);
  const link = await issueSignInLink(store, admin.id, 'system:parley-start', now);
  return { url: signInUrl(serverUrl, link.token), created, expiresAt: link.expiresAt };
}
