// The AWS path: principals from the JWT authorizer's claims, CSRF with the double-submit cookie, the hosted UI sign-in
// with PKCE, and the CloudFront function that hands the cookie's token to the authorizer.
import { readFileSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENIED_HEADER } from '#shared/api/auth/auth-middleware.ts';
import { claimList, DEFAULT_COGNITO_SETTINGS, principalFromClaims } from '#shared/api/auth/cognito-claims.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import { startTestDynamo, type TestDynamo } from '../support/local-dynamo.ts';
import { CookieJar } from './auth-support.ts';

const claims = (extra: Record<string, unknown>) => ({ sub: 'a1b2', token_use: 'id', 'cognito:username': 'pat@example.com', email: 'pat@example.com', ...extra });

describe('principals from Cognito claims', () => {
  it('reads groups in every form API Gateway hands them over', () => {
    expect(claimList('[negotiator supervisor]')).toEqual(['negotiator', 'supervisor']);
    expect(claimList('["negotiator","provider"]')).toEqual(['negotiator', 'provider']);
    expect(claimList(['admin'])).toEqual(['admin']);
    expect(claimList('negotiator')).toEqual(['negotiator']);
    expect(claimList(undefined)).toEqual([]);
  });

  it('gives the highest role the groups grant, and a provider its TIN', () => {
    expect(principalFromClaims(claims({ 'cognito:groups': '[negotiator supervisor]' }))).toEqual({ id: 'cognito:pat@example.com', role: 'supervisor' });
    expect(principalFromClaims(claims({ 'cognito:groups': '[provider]', 'custom:provider_tin': '13-4567890' }))).toEqual({
      id: 'cognito:pat@example.com',
      role: 'provider',
      providerTin: '134567890',
    });
  });

  it('grants nothing without a known group, or to a provider without a TIN', () => {
    expect(principalFromClaims(claims({}))).toBeNull();
    expect(principalFromClaims(claims({ 'cognito:groups': '[everyone]' }))).toBeNull();
    expect(principalFromClaims(claims({ 'cognito:groups': '[provider]' }))).toBeNull();
    expect(principalFromClaims(claims({ 'cognito:groups': '[provider]', 'custom:provider_tin': 'abc' }))).toBeNull();
  });
});

describe('the router behind API Gateway', () => {
  let dynamo: TestDynamo;
  let app: ReturnType<typeof createReviewRouter>;
  const tokenCalls: { url: string; body: string }[] = [];
  const lambdaEnv = (c: Record<string, unknown> | null) => (c ? { requestContext: { authorizer: { jwt: { claims: c } } } } : { requestContext: {} });

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    const cases = new DynamoCaseRepository(dynamo.db, dynamo.tableName);
    const objects = new S3ObjectStore(new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
    app = createReviewRouter({
      cases,
      objects,
      console: {
        cognito: DEFAULT_COGNITO_SETTINGS,
        secureCookies: true,
        allowedOrigins: ['https://console.example'],
        cognitoSignIn: {
          domain: 'parley-1.auth.us-east-1.amazoncognito.com',
          clientId: 'client123',
          consoleOrigin: 'https://console.example',
          fetch: async (url, init) => {
            tokenCalls.push({ url: String(url), body: String(init?.body) });
            return new Response(JSON.stringify({ id_token: 'header.payload.signature', access_token: 'a', expires_in: 3600 }), { status: 200 });
          },
        },
      },
    });
  });
  afterAll(async () => dynamo?.stop());

  it('takes the principal from the verified claims in the request context', async () => {
    const me = await app.request('/api/me', {}, lambdaEnv(claims({ 'cognito:groups': '[negotiator]', name: 'Pat Negotiator' })));
    expect(await me.json()).toMatchObject({ role: 'negotiator', name: 'Pat Negotiator' });
    expect((await app.request('/api/me', {}, lambdaEnv(null))).status).toBe(401);
    const provider = await app.request('/api/cases', {}, lambdaEnv(claims({ 'cognito:groups': '[provider]', 'custom:provider_tin': '134567890' })));
    expect(provider.status).toBe(403);
    expect(provider.headers.get(DENIED_HEADER)).toBe('role');
  });

  it('asks cookie-carried tokens for the double-submit CSRF token on changes; bearer clients need none', async () => {
    const env = lambdaEnv(claims({ 'cognito:groups': '[negotiator]' }));
    const withCookie = (extra: Record<string, string>) =>
      app.request('/auth/signout', { method: 'POST', headers: { cookie: 'parley_id=t; parley_csrf=secret-value-1234567890', origin: 'https://console.example', ...extra } }, env);
    const refused = await withCookie({});
    expect(refused.status).toBe(403);
    expect(refused.headers.get(DENIED_HEADER)).toBe('csrf');
    expect((await withCookie({ 'x-csrf-token': 'another-value-1234567890' })).status).toBe(403);
    const signedOut = await withCookie({ 'x-csrf-token': 'secret-value-1234567890' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('https://parley-1.auth.us-east-1.amazoncognito.com/logout?client_id=client123&logout_uri=https%3A%2F%2Fconsole.example%2F');
    expect(signedOut.headers.getSetCookie().some((c) => c.startsWith('parley_id=;'))).toBe(true);
    const bearer = await app.request('/auth/signout', { method: 'POST', headers: { authorization: 'Bearer t' } }, env);
    expect(bearer.status).toBe(303);
    const foreign = await withCookie({ 'x-csrf-token': 'secret-value-1234567890', origin: 'https://evil.example' });
    expect(foreign.headers.get(DENIED_HEADER)).toBe('origin');
  });

  it('signs in through the hosted UI with PKCE and keeps the ID token in an HttpOnly, Secure, SameSite=Strict cookie', async () => {
    const login = await app.request('/auth/login');
    expect(login.status).toBe(302);
    const target = new URL(login.headers.get('location')!);
    expect(target.origin).toBe('https://parley-1.auth.us-east-1.amazoncognito.com');
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    expect(target.searchParams.get('redirect_uri')).toBe('https://console.example/auth/callback');
    const jar = new CookieJar().take(login);
    const state = target.searchParams.get('state')!;

    const forged = await app.request(`/auth/callback?code=abc&state=someone-elses`, { headers: { cookie: jar.header() } });
    expect(forged.status).toBe(400);
    expect(tokenCalls).toHaveLength(0);

    const callback = await app.request(`/auth/callback?code=abc&state=${state}`, { headers: { cookie: jar.header() } });
    expect(callback.status).toBe(200);
    expect(tokenCalls).toHaveLength(1);
    const sent = new URLSearchParams(tokenCalls[0]!.body);
    const verifier = jar.get('parley_pkce')!.split('.')[1]!;
    expect(sent.get('code_verifier')).toBe(verifier);
    expect(target.searchParams.get('code_challenge')).toBe((await import('node:crypto')).createHash('sha256').update(verifier).digest('base64url'));
    const idCookie = callback.headers.getSetCookie().find((c) => c.startsWith('parley_id='))!;
    expect(idCookie).toContain('header.payload.signature');
    expect(idCookie).toMatch(/HttpOnly/);
    expect(idCookie).toMatch(/Secure/);
    expect(idCookie).toMatch(/SameSite=Strict/);
    expect(callback.headers.getSetCookie().some((c) => c.startsWith('parley_csrf='))).toBe(true);
  });
});

describe('the CloudFront viewer-request function', () => {
  const handler = new Function(`${readFileSync('web/cloudfront/cookie-to-authorization.js', 'utf8')}; return handler;`)() as (event: unknown) => any;
  const event = (uri: string, cookies: Record<string, { value: string }>, headers: Record<string, { value: string }> = {}) => ({ request: { method: 'GET', uri, cookies, headers } });

  it('hands the cookie\'s token to the JWT authorizer as a bearer token', () => {
    expect(handler(event('/queue', { parley_id: { value: 'tok' } })).headers.authorization).toEqual({ value: 'Bearer tok' });
    expect(handler(event('/api/queue', { parley_id: { value: 'tok' } }, { authorization: { value: 'Bearer other' } })).headers.authorization).toEqual({ value: 'Bearer other' });
  });

  it('sends a page asked for without a token to the sign-in page, and lets sign-in, assets and API calls through', () => {
    expect(handler(event('/queue', {}))).toMatchObject({ statusCode: 302, headers: { location: { value: '/auth/signed-out' } } });
    for (const uri of ['/auth/login', '/assets/console.css', '/api/health']) expect(handler(event(uri, {})).uri).toBe(uri);
  });
});
