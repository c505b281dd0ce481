import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoAuthStore } from '#shared/api/auth/auth-store.dynamo.ts';
import {
  createLocalUser,
  ensureFirstAdmin,
  FIRST_ADMIN_EMAIL,
  InvalidNewUser,
  issueSignInLink,
  redeemSignInLink,
  SignInRefused,
} from '#shared/api/auth/local-accounts.ts';
import { startTestDynamo, type TestDynamo } from '../support/local-dynamo.ts';
import { authRouter, CookieJar, signInAs, testClock, type Clock } from './auth-support.ts';

let dynamo: TestDynamo;
let app: Hono;
let store: DynamoAuthStore;
const clock: Clock = testClock();

beforeAll(async () => {
  dynamo = await startTestDynamo();
  ({ app, store } = authRouter(dynamo, clock));
});
afterAll(async () => dynamo?.stop());

describe('local accounts', () => {
  it('creates the administrator on the first start only', async () => {
    const first = await ensureFirstAdmin(store, clock.now());
    const second = await ensureFirstAdmin(store, clock.now());
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.admin.id).toBe(first.admin.id);
    expect(first.admin).toMatchObject({ email: FIRST_ADMIN_EMAIL, role: 'admin' });
  });

  it('refuses a provider without a TIN, a negotiator with one, a bad email and a taken email', async () => {
    const make = (input: Parameters<typeof createLocalUser>[1]) => createLocalUser(store, input, 'test', clock.now());
    await expect(make({ email: 'p@x.test', name: 'P', role: 'provider' })).rejects.toThrow(/needs the TIN/);
    await expect(make({ email: 'n@x.test', name: 'N', role: 'negotiator', providerTin: '123456789' })).rejects.toThrow(/only provider users/);
    await expect(make({ email: 'not an email', name: 'N', role: 'negotiator' })).rejects.toBeInstanceOf(InvalidNewUser);
    await make({ email: 'Dana@Example.test', name: 'Dana', role: 'negotiator' });
    await expect(make({ email: 'dana@example.TEST', name: 'Dana again', role: 'negotiator' })).rejects.toThrow(/already has an account/);
  });

  it('keeps only the hash of a sign-in link and of a session at rest', async () => {
    const user = await createLocalUser(store, { email: 'hash@x.test', name: 'H', role: 'negotiator' }, 'test', clock.now());
    const { token } = await issueSignInLink(store, user.id, 'test', clock.now());
    const session = await redeemSignInLink(store, await issueSignInLink(store, user.id, 'test', clock.now()).then((l) => l.token), clock.now());
    const { Items } = await dynamo.db.send(new ScanCommand({ TableName: dynamo.tableName }));
    const everything = JSON.stringify(Items);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(session.sessionId);
    // The TTL attribute DynamoDB expires them by is epoch seconds.
    const stored = Items!.find((i) => i.itemType === 'session' && i.userId === user.id)!;
    expect(stored.expiresAt).toBe(Math.ceil(Date.parse(session.expiresAt) / 1000));
  });

  it('signs in once per link, even when two browsers redeem it at the same moment', async () => {
    const user = await createLocalUser(store, { email: 'race@x.test', name: 'R', role: 'negotiator' }, 'test', clock.now());
    const { token } = await issueSignInLink(store, user.id, 'test', clock.now());
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => redeemSignInLink(store, token, clock.now())));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.every((o) => o.reason instanceof SignInRefused && o.reason.why === 'unknown-or-used')).toBe(true);
  });

  it('refuses an expired link and a disabled account', async () => {
    const user = await createLocalUser(store, { email: 'late@x.test', name: 'L', role: 'negotiator' }, 'test', clock.now());
    const { token } = await issueSignInLink(store, user.id, 'test', clock.now(), 15);
    const later = new Date(clock.now().getTime() + 16 * 60_000);
    await expect(redeemSignInLink(store, token, later)).rejects.toMatchObject({ why: 'expired' });
    await store.setUserDisabled(user.id, true);
    const again = await issueSignInLink(store, user.id, 'test', clock.now());
    await expect(redeemSignInLink(store, again.token, clock.now())).rejects.toMatchObject({ why: 'account-disabled' });
  });
});

describe('signing in through the browser', () => {
  it('shows a button for the link without using it up; posting it opens an HttpOnly, SameSite=Strict session', async () => {
    const user = await createLocalUser(store, { email: 'web@x.test', name: 'Webb', role: 'negotiator' }, 'test', clock.now());
    const { token } = await issueSignInLink(store, user.id, 'test', clock.now());
    const shown = await app.request(`/auth/signin/${token}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('name="token"');
    // A link scanner fetching it twice changes nothing.
    await app.request(`/auth/signin/${token}`);

    const signedIn = await app.request('/auth/signin', { method: 'POST', body: new URLSearchParams({ token }) });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/queue');
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('parley_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);

    const jar = new CookieJar().take(signedIn);
    const me = await app.request('/api/me', { headers: { cookie: jar.header() } });
    expect(await me.json()).toMatchObject({ id: user.id, role: 'negotiator', name: 'Webb' });

    const reused = await app.request('/auth/signin', { method: 'POST', body: new URLSearchParams({ token }) });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('already used');
  });

  it('lands providers on the portal', async () => {
    const provider = await signInAs(app, store, clock, 'provider', { tin: '134567890' });
    expect(await (await provider.get('/')).headers.get('location')).toBe('/portal');
  });

  it('ends the session when it expires and when the user signs out', async () => {
    const negotiator = await signInAs(app, store, clock, 'negotiator');
    expect((await negotiator.get('/api/me')).status).toBe(200);
    const out = await negotiator.post('/auth/signout');
    expect(out.status).toBe(303);
    expect((await negotiator.get('/api/me')).status).toBe(401);

    const other = await signInAs(app, store, clock, 'negotiator');
    clock.advanceMinutes(8 * 60 + 1);
    try {
      expect((await other.get('/api/me')).status).toBe(401);
    } finally {
      clock.advanceMinutes(-(8 * 60 + 1));
    }
  });

  it('ends the sessions of a user the administrator disables', async () => {
    const admin = await signInAs(app, store, clock, 'admin');
    const negotiator = await signInAs(app, store, clock, 'negotiator');
    expect((await admin.post(`/admin/users/${negotiator.userId}/disable`)).status).toBe(303);
    expect((await negotiator.get('/api/me')).status).toBe(401);
  });

  it('sends people who are not signed in to the sign-in page, and API callers a 401', async () => {
    const page = await app.request('/admin/users');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/auth/signed-out');
    expect((await app.request('/api/cases')).status).toBe(401);
    expect((await app.request('/api/health')).status).toBe(200);
  });
});

describe('roles are enforced on the server', () => {
  it('keeps providers out of the negotiators\' API and everyone but the administrator out of user management', async () => {
    const provider = await signInAs(app, store, clock, 'provider', { tin: '134567890' });
    const negotiator = await signInAs(app, store, clock, 'negotiator');
    expect((await provider.get('/api/cases')).status).toBe(403);
    expect((await provider.get('/api/documents')).status).toBe(403);
    expect((await negotiator.get('/admin/users')).status).toBe(403);
    expect((await negotiator.post('/admin/users', { name: 'Eve', email: 'eve@x.test', role: 'admin' })).status).toBe(403);
    expect(await store.findUserByEmail('eve@x.test')).toBeNull();
  });

  it('lets the administrator add a user and hands back a one-time link that signs them in', async () => {
    const admin = await signInAs(app, store, clock, 'admin');
    const created = await admin.post('/admin/users', { name: 'Pat <script>alert(1)</script>', email: 'pat@clinic.test', role: 'provider', providerTin: '13-4567890' });
    expect(created.status).toBe(201);
    const body = await created.text();
    expect(body).not.toContain('<script>alert(1)</script>');
    expect(body).toContain('Pat &lt;script&gt;');
    const url = /value="(http:\/\/[^"]+\/auth\/signin\/[A-Za-z0-9_-]+)"/.exec(body)![1]!;
    const token = url.split('/').pop()!;
    const signedIn = await app.request('/auth/signin', { method: 'POST', body: new URLSearchParams({ token }) });
    const jar = new CookieJar().take(signedIn);
    expect(await (await app.request('/api/me', { headers: { cookie: jar.header() } })).json()).toMatchObject({ role: 'provider', providerTin: '134567890' });
  });
});

describe('CSRF protection for cookie-authenticated changes', () => {
  const addUser = { name: 'Csrf Target', email: 'csrf@x.test', role: 'negotiator' };

  it('refuses a change without the token, with a wrong token, and from another origin', async () => {
    const admin = await signInAs(app, store, clock, 'admin');
    const send = (headers: Record<string, string>, fields: Record<string, string>) =>
      app.request('/admin/users', { method: 'POST', body: new URLSearchParams(fields), headers: { cookie: admin.jar.header(), ...headers } });
    expect((await send({}, addUser)).status).toBe(403);
    expect((await send({}, { ...addUser, _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await send({ origin: 'https://evil.example' }, { ...addUser, _csrf: admin.csrf })).status).toBe(403);
    expect((await send({ 'sec-fetch-site': 'cross-site' }, { ...addUser, _csrf: admin.csrf })).status).toBe(403);
    expect(await store.findUserByEmail('csrf@x.test')).toBeNull();
  });

  it('accepts the token as a form field or as the X-CSRF-Token header', async () => {
    const admin = await signInAs(app, store, clock, 'admin');
    expect((await admin.post('/admin/users', addUser)).status).toBe(201);
    const viaHeader = await app.request('/admin/users', {
      method: 'POST',
      body: new URLSearchParams({ ...addUser, email: 'csrf2@x.test' }),
      headers: { cookie: admin.jar.header(), 'x-csrf-token': admin.csrf, 'sec-fetch-site': 'same-origin' },
    });
    expect(viaHeader.status).toBe(201);
  });

  it('does not accept one session\'s token for another session', async () => {
    const admin = await signInAs(app, store, clock, 'admin');
    const other = await signInAs(app, store, clock, 'admin');
    const response = await app.request('/admin/users', {
      method: 'POST',
      body: new URLSearchParams({ ...addUser, email: 'csrf3@x.test', _csrf: other.csrf }),
      headers: { cookie: admin.jar.header() },
    });
    expect(response.status).toBe(403);
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script, no framing by others, nosniff and no referrer outside the site', async () => {
    const response = await app.request('/auth/signed-out');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });
});
