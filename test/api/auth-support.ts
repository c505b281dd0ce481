// Test support for the auth tests: a review router on DynamoDB Local with local accounts, and a tiny cookie jar.
import type { Hono } from 'hono';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoAuthStore } from '#shared/api/auth/auth-store.dynamo.ts';
import { createLocalUser, issueSignInLink } from '#shared/api/auth/local-accounts.ts';
import { tokenHash } from '#shared/api/auth/secret-tokens.ts';
import type { Role } from '#shared/api/principal.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import type { TestDynamo } from '../support/local-dynamo.ts';

export interface Clock {
  now: () => Date;
  advanceMinutes(minutes: number): void;
}

export function testClock(start = '2025-06-02T14:00:00.000Z'): Clock {
  let time = Date.parse(start);
  return { now: () => new Date(time), advanceMinutes: (m) => void (time += m * 60_000) };
}

export function authRouter(dynamo: TestDynamo, clock: Clock): { app: Hono; store: DynamoAuthStore; cases: DynamoCaseRepository } {
  const store = new DynamoAuthStore(dynamo.db, dynamo.tableName);
  const cases = new DynamoCaseRepository(dynamo.db, dynamo.tableName, clock.now);
  // Nothing in these tests reads objects: the store points nowhere.
  const objects = new S3ObjectStore(new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  const app = createReviewRouter({ cases, objects, console: { store, cognito: false, now: clock.now } });
  return { app, store, cases };
}

/** Cookies a browser would keep from Set-Cookie headers (name=value only). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): this {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      const text = value.join('=');
      if (text === '' || /max-age=0/i.test(header)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), text);
    }
    return this;
  }

  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

export interface SignedIn {
  jar: CookieJar;
  csrf: string;
  userId: string;
  get(path: string, init?: RequestInit): Promise<Response>;
  /** A same-origin form post carrying the CSRF token, as the console's pages send it. */
  post(path: string, fields?: Record<string, string>): Promise<Response>;
}

const ORIGIN = 'http://localhost';

export async function signInAs(app: Hono, store: DynamoAuthStore, clock: Clock, role: Role, options: { tin?: string; email?: string } = {}): Promise<SignedIn> {
  const user = await createLocalUser(
    store,
    { email: options.email ?? `${role}-${Math.random().toString(36).slice(2)}@example.test`, name: `Test ${role}`, role, providerTin: options.tin ?? null },
    'test',
    clock.now(),
  );
  const { token } = await issueSignInLink(store, user.id, 'test', clock.now());
  const jar = new CookieJar();
  const response = await app.request('/auth/signin', { method: 'POST', body: new URLSearchParams({ token }), headers: { origin: ORIGIN } });
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  jar.take(response);
  const page = await app.request('/api/me', { headers: { cookie: jar.header() } });
  if (page.status !== 200) throw new Error(`session not active: ${page.status}`);
  // The console renders this token into its pages; the test reads it where the server keeps it.
  const csrf = (await store.getSession(tokenHash(jar.get('parley_session')!)))!.csrfToken;
  return {
    jar,
    csrf,
    userId: user.id,
    get: async (path, init = {}) => app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } }),
    post: async (path, fields = {}) =>
      app.request(path, { method: 'POST', body: new URLSearchParams({ _csrf: csrf, ...fields }), headers: { cookie: jar.header(), origin: ORIGIN } }),
  };
}
