// Every registered route x every role (and nobody signed in): the route's declared policy decides, on the server.
// Routes are read from the router itself, so a route someone adds is covered at once, and one without a policy fails.
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENIED_HEADER } from '#shared/api/auth/auth-middleware.ts';
import { MIDDLEWARE_PATHS, policyFor, policyKey, ROUTE_POLICIES, type RoutePolicy } from '#shared/api/auth/route-policy.ts';
import type { Role } from '#shared/api/principal.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { Negotiation } from '#shared/model/case.ts';
import { signInAs, type SignedIn } from './auth-support.ts';
import { pricedCase, startConsoleHarness, storeCase, type ConsoleHarness } from '../web/console-harness.ts';

let h: ConsoleHarness;
const ROLES: Role[] = ['provider', 'negotiator', 'supervisor', 'admin'];
const signedIn = new Map<Role, SignedIn>();
let outsider: SignedIn;
const OWN_TIN = '134567890';

beforeAll(async () => {
  h = await startConsoleHarness({}, { full: true });
  // The provider's own case, with an offer sent (providers reach only such cases); and someone else's.
  const own = pricedCase('MATRIX-1', { tin: OWN_TIN, status: 'SENT' });
  own.negotiation = Negotiation.parse({
    offers: [{ version: 1, totalOfferCents: 10000, lines: [], letter: null, draftedAt: own.createdAt, draftedBy: 'system:test', sentOn: '2025-06-01', expiresOn: '2025-07-01' }],
  });

  await storeCase(h, own);
  await storeCase(h, pricedCase('OTHER-1', { tin: '999999999', status: 'SENT' }));
  for (const role of ROLES) signedIn.set(role, await signInAs(h.app, h.store, h.clock, role, role === 'provider' ? { tin: OWN_TIN } : {}));
  outsider = await signInAs(h.app, h.store, h.clock, 'provider', { tin: '555555555' });
});
afterAll(async () => h?.stop());

interface Route {
  method: string;
  path: string;
}

function registeredRoutes(app: Hono): Route[] {
  const seen = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL' && MIDDLEWARE_PATHS.includes(r.path)) continue;
    seen.set(policyKey(r.method, r.path), { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

const PARAMS: Record<string, string> = {
  id: 'MATRIX-1',
  token: 'not-a-real-token-but-long-enough-to-look-like-one',
  userId: 'U0000000000000000',
  page: '1',
  file: 'console.css',
  message: 'nothing.eml',
  attachment: '0',
  submission: 'S0000000000000000',
};

function concrete(path: string, overrides: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, (_, name: string) => encodeURIComponent(overrides[name] ?? PARAMS[name] ?? 'x'));
}

async function call(route: Route, who: SignedIn | null, overrides: Record<string, string> = {}): Promise<Response> {
  const path = concrete(route.path, overrides);
  const headers: Record<string, string> = { origin: 'http://localhost', 'content-type': 'application/json' };
  if (who) {
    headers.cookie = who.jar.header();
    headers['x-csrf-token'] = who.csrf;
  }
  const body = route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}';
  return h.app.request(path, { method: route.method, headers, body });
}

function allowed(policy: RoutePolicy, role: Role): boolean {
  return policy.access === 'public' || policy.access.includes(role);
}

describe('the authorization matrix', () => {
  it('has a declared policy for every route the router serves', () => {
    const missing = registeredRoutes(h.app).filter((r) => !policyFor(r.method, r.path));
    expect(missing.map((r) => policyKey(r.method, r.path))).toEqual([]);
  });

  it('covers the routes of every area (auth, pages, cases, intake)', () => {
    const keys = registeredRoutes(h.app).map((r) => policyKey(r.method, r.path));
    for (const key of ['POST /api/cases/:id/approve', 'PATCH /api/cases/:id/offer', 'POST /api/uploads', 'GET /queue', 'POST /admin/users', 'GET /api/cases/:id']) {
      expect(keys).toContain(key);
    }
    expect(keys.length).toBeGreaterThan(40);
  });

  it('refuses a route that has no policy, whoever calls it', async () => {
    const app = createReviewRouter({ cases: h.cases, objects: h.objects, console: { store: h.store, cognito: false, now: h.clock.now } });
    // A route added without a policy, as a careless change would: nobody gets through.
    app.get('/api/undeclared', (c) => c.json({ secret: true }));
    for (const role of ROLES) {
      const response = await app.request('/api/undeclared', { headers: { cookie: signedIn.get(role)!.jar.header() } });
      expect(response.status).toBe(403);
      expect(response.headers.get(DENIED_HEADER)).toBe('no-policy');
    }
    expect(ROUTE_POLICIES['GET /api/undeclared']).toBeUndefined();
  });

  it('answers every route x role as its policy says', async () => {
    const routes = registeredRoutes(h.app).filter((r) => r.path !== '/auth/signout' && r.path !== '/api/undeclared');
    const wrong: string[] = [];
    for (const route of routes) {
      const policy = policyFor(route.method, route.path)!;
      const key = policyKey(route.method, route.path);
      const anonymous = await call(route, null);
      if (policy.access === 'public') {
        if (anonymous.headers.get(DENIED_HEADER)) wrong.push(`${key} anonymous: refused a public route`);
      } else {
        if (anonymous.headers.get(DENIED_HEADER) !== 'unauthenticated') wrong.push(`${key} anonymous: ${anonymous.status} not refused`);
        const expectedStatus = route.path.startsWith('/api/') ? 401 : route.method === 'GET' ? 303 : 401;
        if (anonymous.status !== expectedStatus) wrong.push(`${key} anonymous: ${anonymous.status}, expected ${expectedStatus}`);
      }
      for (const role of ROLES) {
        const response = await call(route, signedIn.get(role)!);
        const denied = response.headers.get(DENIED_HEADER);
        if (allowed(policy, role)) {
          if (denied) wrong.push(`${key} as ${role}: refused (${denied}) though the policy allows it`);
        } else if (response.status !== 403 || denied !== 'role') {
          wrong.push(`${key} as ${role}: ${response.status} ${denied ?? ''}, expected 403 role`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps a provider to the cases of its own TIN: someone else\'s case answers 404, as if it did not exist', async () => {
    const scoped = registeredRoutes(h.app).filter((r) => {
      const policy = policyFor(r.method, r.path)!;
      return policy.caseParam && allowed(policy, 'provider');
    });
    expect(scoped.length).toBeGreaterThanOrEqual(6);
    for (const route of scoped) {
      const own = await call(route, signedIn.get('provider')!);
      expect(own.headers.get(DENIED_HEADER), policyKey(route.method, route.path)).toBeNull();
      for (const [who, id] of [[signedIn.get('provider')!, 'OTHER-1'], [outsider, 'MATRIX-1'], [signedIn.get('provider')!, 'NO-SUCH-CASE']] as const) {
        const response = await call(route, who, { id });
        expect(response.status, `${policyKey(route.method, route.path)} ${id}`).toBe(404);
        expect(response.headers.get(DENIED_HEADER)).toBe('case');
      }
    }
  });

  it('signs out only a signed-in user', async () => {
    const route = { method: 'POST', path: '/auth/signout' };
    expect((await call(route, null)).headers.get(DENIED_HEADER)).toBe('unauthenticated');
    const someone = await signInAs(h.app, h.store, h.clock, 'negotiator');
    expect((await call(route, someone)).status).toBe(303);
  });
});
