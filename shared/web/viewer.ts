// Who is looking at a page, for the header and the forms' CSRF token.
import type { Context } from 'hono';
import type { AuthEnv } from '../api/auth/auth-middleware.ts';
import type { Viewer } from './layout.ts';

export function viewerOf(c: Context<AuthEnv>): Viewer | null {
  const principal = c.get('principal');
  if (!principal) return null;
  const auth = c.get('auth');
  return { name: auth?.displayName ?? principal.id, role: principal.role, csrfToken: auth?.csrfToken ?? null };
}
