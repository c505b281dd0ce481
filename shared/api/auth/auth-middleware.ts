// Every request passes here first: security headers, who is calling (session cookie locally, Cognito claims on AWS),
// CSRF for cookie-authenticated changes, then the route's declared policy (roles, a provider's own cases, read log).
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import type { CaseRepository } from '../../cases/case-repository.ts';
import type { StoredCase } from '../../model/case.ts';
import { providerByRole } from '../../model/bill.ts';
import { messagePage } from '../../web/layout.ts';
import { invalidateCaseSnapshot } from '../../web/case-snapshot.ts';
import type { Principal, PrincipalEnv } from '../principal.ts';
import type { AuthStore, LocalUser } from './auth-store.ts';
import { authorizerClaims, DEFAULT_COGNITO_SETTINGS, principalFromClaims, type CognitoSettings } from './cognito-claims.ts';
import { activeSession } from './local-accounts.ts';
import { MIDDLEWARE_PATHS, mayAccess, policyFor, routeParams, type RoutePolicy } from './route-policy.ts';
import { sameToken } from './secret-tokens.ts';

export const SESSION_COOKIE = 'parley_session';
/** On AWS: the Cognito ID token (CloudFront copies it into the Authorization header for the JWT authorizer). */
export const ID_TOKEN_COOKIE = 'parley_id';
/** On AWS: the double-submit CSRF cookie set at sign-in. */
export const CSRF_COOKIE = 'parley_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export interface AuthDeps {
  /** Local accounts and sessions; absent on AWS, where Cognito signs users in. */
  store?: AuthStore;
  /** Where each user's upload submissions are listed (default: the store). */
  submissionIndex?: Pick<AuthStore, 'recordSubmission' | 'listSubmissions'>;
  /** Read the principal from API Gateway's JWT authorizer claims (false: never). */
  cognito?: CognitoSettings | false;
  cases: Pick<CaseRepository, 'getCase' | 'appendEvent'>;
  /** Writes a read of a case into its history; defaults to appending a `case.read` event. */
  recordRead?: (record: StoredCase, principal: Principal, what: string) => Promise<void>;
  now?: () => Date;
  /** Mark cookies Secure (every https deployment). */
  secureCookies?: boolean;
  /** Origins (scheme://host[:port]) allowed to send changes besides the request's own, e.g. the CloudFront domain. */
  allowedOrigins?: string[];
  /** Where presigned upload URLs point (CSP connect-src), e.g. the local upload gateway or the S3 bucket endpoint. */
  uploadOrigins?: string[];
}

export interface AuthState {
  via: 'session' | 'cognito' | 'upstream';
  /** The credential came in a cookie: changes must carry the CSRF token. */
  cookie: boolean;
  csrfToken: string | null;
  displayName: string;
  user: LocalUser | null;
  sessionId: string | null;
}

export interface AuthEnv extends PrincipalEnv {
  Variables: PrincipalEnv['Variables'] & { auth?: AuthState; scopedCase?: StoredCase };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Installs the chain on the router; call before any route is registered. */
export function installAuth(app: Hono<any>, deps: AuthDeps): void {
  app.use('*', securityHeaders(deps), resolvePrincipal(deps), csrfProtection(deps), authorize(deps), rememberSubmissions(deps));
}

/** A new upload submission goes into its uploader's list (the portal shows it), whichever client opened it. */
export function rememberSubmissions(deps: Pick<AuthDeps, 'store' | 'submissionIndex' | 'now'>): MiddlewareHandler<AuthEnv> {
  const index = deps.submissionIndex ?? deps.store;
  const now = deps.now ?? (() => new Date());
  return async (c, next) => {
    await next();
    if (!index || c.req.method !== 'POST' || c.req.path !== '/api/uploads' || c.res.status !== 201) return;
    const principal = c.get('principal');
    const request = (await c.req.json().catch(() => null)) as { submissionId?: unknown } | null;
    if (!principal || !request || request.submissionId !== undefined) return;
    const issued = (await c.res.clone().json().catch(() => null)) as { submissionId?: unknown } | null;
    if (typeof issued?.submissionId === 'string') await index.recordSubmission(principal.id, { submissionId: issued.submissionId, createdAt: now().toISOString() });
  };
}

export function securityHeaders(deps: Pick<AuthDeps, 'uploadOrigins'>): MiddlewareHandler {
  const connect = ["'self'", ...(deps.uploadOrigins ?? [])].join(' ');
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('content-security-policy', csp);
    headers.set('x-frame-options', 'SAMEORIGIN');
    headers.set('x-content-type-options', 'nosniff');
    // Not no-referrer: with it, browsers send "Origin: null" on form posts and the origin check could not tell ours apart.
    headers.set('referrer-policy', 'same-origin');
    headers.set('cross-origin-opener-policy', 'same-origin');
    headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  };
}

export function resolvePrincipal(deps: AuthDeps): MiddlewareHandler<AuthEnv> {
  const now = deps.now ?? (() => new Date());
  const cognito = deps.cognito === false ? null : (deps.cognito ?? DEFAULT_COGNITO_SETTINGS);
  return async (c, next) => {
    const upstream = c.get('principal');
    if (upstream) {
      // Set by an enclosing app in the same process (a test harness, a composed server): trusted as is.
      c.set('auth', { via: 'upstream', cookie: false, csrfToken: null, displayName: upstream.id, user: null, sessionId: null });
      return next();
    }
    const claims = cognito ? authorizerClaims(c.env) : null;
    if (claims && cognito) {
      const principal = principalFromClaims(claims, cognito);
      if (principal) {
        const name = [claims.name, claims.email, claims['cognito:username']].find((v): v is string => typeof v === 'string') ?? principal.id;
        const viaCookie = getCookie(c, ID_TOKEN_COOKIE) !== undefined;
        c.set('principal', principal);
        c.set('auth', { via: 'cognito', cookie: viaCookie, csrfToken: getCookie(c, CSRF_COOKIE) ?? null, displayName: name, user: null, sessionId: null });
      }
      return next();
    }
    const sessionId = deps.store ? getCookie(c, SESSION_COOKIE) : undefined;
    if (sessionId && deps.store) {
      const active = await activeSession(deps.store, sessionId, now());
      if (active) {
        c.set('principal', active.principal);
        c.set('auth', { via: 'session', cookie: true, csrfToken: active.session.csrfToken, displayName: active.user.name, user: active.user, sessionId });
      }
    }
    return next();
  };
}

function requestOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}

export function csrfProtection(deps: Pick<AuthDeps, 'allowedOrigins'>): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    // A browser always names the page that sent a change; only our own pages may send one.
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== requestOrigin(c) && !(deps.allowedOrigins ?? []).includes(origin)) {
      return refuse(c, 403, 'origin', 'cross-origin request refused', `changes are accepted only from this site's own pages, not from ${origin}`);
    }
    const fetchSite = c.req.header('sec-fetch-site');
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      return refuse(c, 403, 'cross-site', 'cross-site request refused', 'changes are accepted only from this site\'s own pages');
    }
    const auth = c.get('auth');
    if (auth?.cookie) {
      const sent = c.req.header(CSRF_HEADER) ?? (await formField(c, CSRF_FIELD));
      if (!auth.csrfToken || !sent || !sameToken(sent, auth.csrfToken)) {
        return refuse(c, 403, 'csrf', 'missing or wrong CSRF token', 'reload the page and try again');
      }
    }
    return next();
  };
}

async function formField(c: Context, name: string): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

/** The route that will answer: the first matched route registered for a method (middleware is registered for ALL). */
export function answeringRoute(c: Context): { method: string; path: string } | null {
  for (const route of matchedRoutes(c)) {
    if (route.method !== 'ALL') return { method: route.method, path: route.path };
    if (!MIDDLEWARE_PATHS.includes(route.path)) return { method: route.method, path: route.path };
  }
  return null;
}

export function providerOwnsCase(principal: Principal, record: StoredCase): boolean {
  const tin = providerByRole(record.bill, 'billing')?.tin?.replace(/-/g, '') ?? null;
  return principal.providerTin !== undefined && tin === principal.providerTin;
}

/** An offer was put to the provider: the first version went out. */
export function offerWasSent(record: StoredCase): boolean {
  return record.negotiation.offers.some((offer) => offer.sentOn !== null);
}

export function authorize(deps: AuthDeps): MiddlewareHandler<AuthEnv> {
  const recordRead =
    deps.recordRead ??
    (async (record: StoredCase, principal: Principal, what: string) => {
      await deps.cases.appendEvent(record.id, { actor: principal.id, type: 'case.read', reason: null, data: { what } });
    });
  return async (c, next) => {
    const route = answeringRoute(c);
    if (!route) return next();
    const method = route.method === 'ALL' ? c.req.method : route.method;
    const policy: RoutePolicy | undefined = policyFor(method, route.path);
    if (!policy) return refuse(c, 403, 'no-policy', 'no access policy', `${method} ${route.path} has no declared access policy, so nobody may call it`);
    const principal = c.get('principal') ?? null;
    if (policy.access !== 'public') {
      if (!principal) return unauthenticated(c);
      if (!mayAccess(policy, principal.role)) return refuse(c, 403, 'role', 'forbidden', `a ${principal.role} may not do this`);
    }

    let caseId: string | null = null;
    if (policy.caseParam) {
      caseId = routeParams(route.path, c.req.path)?.[policy.caseParam] ?? null;
      if (principal?.role === 'provider') {
        const record = caseId ? await deps.cases.getCase(caseId) : null;
        // Someone else's case answers exactly like one that does not exist.
        if (!record || !providerOwnsCase(principal, record) || (policy.providerNeedsOffer && !offerWasSent(record))) {
          return refuse(c, 404, 'case', 'not found', `case ${caseId ?? ''} not found`);
        }
        c.set('scopedCase', record);
      }
    }

    await next();

    if (!SAFE_METHODS.has(c.req.method) && c.res.status < 400) invalidateCaseSnapshot(deps.cases);

    if (policy.recordsRead && principal && caseId && c.res.status >= 200 && c.res.status < 300) {
      const record = c.get('scopedCase') ?? (await deps.cases.getCase(caseId));
      if (record) {
        try {
          await recordRead(record, principal, `${c.req.method} ${c.req.path}`);
        } catch {
          // A read that cannot be logged is not served.
          c.res = undefined;
          c.res = isApi(c) ? c.json({ error: 'read not recorded', message: 'the access log could not be written; try again' }, 503) : await c.html(messagePage('Try again', 'The access log could not be written, so the case is not shown. Try again.'), 503);
        }
      }
    }
  };
}

function isApi(c: Context): boolean {
  return c.req.path.startsWith('/api/');
}

/** Says which check refused a request (tests and logs tell an auth refusal from a route's own answer). */
export const DENIED_HEADER = 'x-parley-denied';

function unauthenticated(c: Context): Response | Promise<Response> {
  c.header(DENIED_HEADER, 'unauthenticated');
  if (isApi(c)) return c.json({ error: 'unauthenticated', message: 'sign in first' }, 401);
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/auth/signed-out', 303);
  return c.html(messagePage('Signed out', 'Your session has ended. Sign in again.', null, { href: '/auth/signed-out', label: 'Sign in' }), 401);
}

function refuse(c: Context, status: 403 | 404, code: string, error: string, message: string): Response | Promise<Response> {
  c.header(DENIED_HEADER, code);
  if (isApi(c)) return c.json({ error, message }, status);
  const viewer = null;
  return c.html(messagePage(status === 404 ? 'Not found' : 'Not allowed', message, viewer, { href: '/', label: 'Back to the start page' }), status);
}
