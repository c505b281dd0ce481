// Who may call which route: one declared policy per registered route (method + path). A route without a policy is
// refused (fail closed), and the authorization matrix test fails on it.
import type { Role } from '../principal.ts';

export const STAFF: readonly Role[] = ['negotiator', 'supervisor', 'admin'];
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];
export const ALL_ROLES: readonly Role[] = ['provider', 'negotiator', 'supervisor', 'admin'];
export const STAFF_AND_PROVIDERS: readonly Role[] = ALL_ROLES;

export interface RoutePolicy {
  /** 'public': no sign-in (health, sign-in pages, static assets); otherwise the roles that may call it. */
  access: 'public' | readonly Role[];
  /**
   * The route works on one case, named by this path parameter: a provider may only reach a case billed under its TIN
   * (anyone else's answers 404, as if it did not exist); `providerNeedsOffer` also hides cases no offer was sent for.
   */
  caseParam?: string;
  providerNeedsOffer?: boolean;
  /** A successful GET shows the case's PHI: the read goes into the case's history (the PHI access log). */
  recordsRead?: boolean;
}

const CASE = 'id';
const staffCaseRead: RoutePolicy = { access: STAFF, caseParam: CASE, recordsRead: true };
const staffCaseAction: RoutePolicy = { access: STAFF, caseParam: CASE };
const providerCaseAction: RoutePolicy = { access: STAFF_AND_PROVIDERS, caseParam: CASE, providerNeedsOffer: true };

/** Keyed by `METHOD path` exactly as the route was registered (Hono pattern syntax). */
export const ROUTE_POLICIES: Readonly<Record<string, RoutePolicy>> = {
  // The review API (shared/api/review-router.ts)
  'GET /api/health': { access: 'public' },
  'GET /api/cases': { access: STAFF },
  'GET /api/cases/:id': staffCaseRead,
  'GET /api/cases/:id/letter': staffCaseRead,
  'GET /api/documents': { access: STAFF },
  'GET /api/documents/:id/999': { access: STAFF },
  'GET /api/documents/:id/repriced-837': { access: STAFF },

  // Cases (shared/api/case-routes.ts): a provider answers only an offer put to it; the case service checks the status.
  'GET /api/queue': { access: STAFF },
  'GET /api/cases/:id/history': staffCaseRead,
  'PATCH /api/cases/:id/offer': staffCaseAction,
  'POST /api/cases/:id/approve': staffCaseAction,
  'POST /api/cases/:id/send': staffCaseAction,
  'POST /api/cases/:id/counter': providerCaseAction,
  'POST /api/cases/:id/revise': staffCaseAction,
  'POST /api/cases/:id/accept': providerCaseAction,
  'POST /api/cases/:id/settle': staffCaseAction,
  'POST /api/cases/:id/reject': providerCaseAction,
  'POST /api/cases/:id/withdraw': providerCaseAction,
  'POST /api/cases/:id/close': staffCaseAction,
  'POST /api/cases/:id/reopen': { access: SUPERVISORS, caseParam: CASE },
  'POST /api/cases/:id/review': staffCaseAction,
  'POST /api/cases/:id/resume': staffCaseAction,
  'POST /api/cases/:id/assign': staffCaseAction,
  'POST /api/cases/:id/nsa': staffCaseAction,
  'GET /api/exports/cases.csv': { access: STAFF },
  'GET /api/exports/cases.json': { access: STAFF },
  'GET /api/reports/savings': { access: STAFF },

  // Intake (shared/api/upload-routes.ts): the route itself keeps a provider to its own submissions.
  'POST /api/uploads': { access: ALL_ROLES },
  'GET /api/submissions/:id': { access: ALL_ROLES },

  // Sign-in and accounts (shared/api/auth/auth-routes.ts)
  'GET /auth/signin/:token': { access: 'public' },
  'POST /auth/signin': { access: 'public' },
  'GET /auth/signed-out': { access: 'public' },
  'POST /auth/signout': { access: ALL_ROLES },
  'GET /auth/login': { access: 'public' },
  'GET /auth/callback': { access: 'public' },
  'GET /api/me': { access: ALL_ROLES },
  'GET /admin/users': { access: ADMINS },
  'POST /admin/users': { access: ADMINS },
  'POST /admin/users/:userId/link': { access: ADMINS },
  'POST /admin/users/:userId/disable': { access: ADMINS },
  'POST /admin/users/:userId/enable': { access: ADMINS },

  // Console and portal pages (shared/web/)
  'GET /': { access: ALL_ROLES },
  'GET /assets/:file': { access: 'public' },
  'GET /queue': { access: STAFF },
  'GET /cases/:id': staffCaseRead,
  'GET /cases/:id/pages/:page': { access: STAFF, caseParam: CASE },
  'GET /cases/:id/settlement': staffCaseRead,
  'POST /cases/:id/attachments': { access: STAFF_AND_PROVIDERS, caseParam: CASE, providerNeedsOffer: true },
  'GET /cases/:id/attachments/:file': { access: STAFF, caseParam: CASE, recordsRead: true },
  'GET /dashboard': { access: STAFF },
  'GET /outbox': { access: STAFF },
  'GET /outbox/:message': { access: STAFF },
  'GET /outbox/:message/:attachment': { access: STAFF },
  'GET /outbox/:message/:attachment/pages/:page': { access: STAFF },
  'GET /portal': { access: ['provider'] },
  'GET /portal/submissions/:submission': { access: ['provider'] },
  'GET /portal/cases/:id': { access: ['provider'], caseParam: CASE, providerNeedsOffer: true, recordsRead: true },
  'GET /portal/cases/:id/letter': { access: ['provider'], caseParam: CASE, providerNeedsOffer: true, recordsRead: true },
  'GET /portal/cases/:id/letter/pages/:page': { access: ['provider'], caseParam: CASE, providerNeedsOffer: true },
};

/** Path patterns of middleware (registered with `use`): they answer nothing themselves and need no policy. */
export const MIDDLEWARE_PATHS: readonly string[] = ['*', '/*'];

export function policyKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

export function policyFor(method: string, path: string): RoutePolicy | undefined {
  return ROUTE_POLICIES[policyKey(method, path)];
}

export function mayAccess(policy: RoutePolicy, role: Role | null): boolean {
  if (policy.access === 'public') return true;
  return role !== null && policy.access.includes(role);
}

/** The values of a pattern's `:name` segments in a concrete path (Hono patterns: `:name`, `:name{regex}`, `:name?`, `*`). */
export function routeParams(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/');
  const pathParts = path.split('/');
  const params: Record<string, string> = {};
  for (let i = 0; i < patternParts.length; i++) {
    const part = patternParts[i]!;
    if (part === '*') return params;
    const value = pathParts[i];
    const name = /^:([A-Za-z0-9_]+)/.exec(part)?.[1];
    if (name) {
      if (value === undefined || value === '') {
        if (part.endsWith('?')) continue;
        return null;
      }
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (part !== value) return null;
  }
  return pathParts.length === patternParts.length ? params : null;
}
