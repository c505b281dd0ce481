// Signing in and out with local accounts (one-time links), who am I, and the administrator's user management.
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { deleteCookie, setCookie } from 'hono/cookie';
import { messagePage, page } from '../../web/layout.ts';
import { usersPage } from '../../web/pages/users-page.ts';
import { viewerOf } from '../../web/viewer.ts';
import { Role } from '../principal.ts';
import type { AuthStore } from './auth-store.ts';
import { CSRF_COOKIE, ID_TOKEN_COOKIE, SESSION_COOKIE, type AuthEnv } from './auth-middleware.ts';
import { closeSession, createLocalUser, InvalidNewUser, issueSignInLink, redeemSignInLink, SignInRefused } from './local-accounts.ts';

export interface AuthRouteDeps {
  /** Local accounts; absent on AWS (Cognito), where only /api/me and sign-out are served. */
  store?: AuthStore;
  now?: () => Date;
  secureCookies?: boolean;
  /** Text for the signed-out page: how people get a link here. */
  signInHelp?: string;
  /** AWS: where sign-out sends the browser (Cognito's logout), after the token cookies are cleared. */
  signOutRedirect?: string;
}

/** The URL a sign-in link token opens. */
export function signInUrl(origin: string, token: string): string {
  return `${origin}/auth/signin/${token}`;
}

export function landingPath(role: Role): string {
  return role === 'provider' ? '/portal' : '/queue';
}

export function createAuthRoutes(deps: AuthRouteDeps): Hono<AuthEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AuthEnv>();
  const store = deps.store;

  app.get('/', (c) => {
    const principal = c.get('principal');
    return c.redirect(principal ? landingPath(principal.role) : '/auth/signed-out', 303);
  });

  app.get('/auth/signed-out', (c) =>
    c.html(
      messagePage(
        'Sign in',
        deps.signInHelp ??
          (store
            ? 'Open the one-time sign-in link you were given. `parley start` prints one for the administrator; the administrator issues links for everyone else (or run `npx parley user link <email>`).'
            : 'Sign in with your organization account.'),
        null,
        store ? undefined : { href: '/auth/login', label: 'Sign in' },
      ),
    ),
  );

  app.get('/api/me', (c) => {
    const principal = c.get('principal')!;
    const auth = c.get('auth');
    return c.json({ id: principal.id, role: principal.role, providerTin: principal.providerTin ?? null, name: auth?.displayName ?? principal.id });
  });

  app.post('/auth/signout', async (c) => {
    const auth = c.get('auth');
    if (store && auth?.sessionId) await closeSession(store, auth.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: deps.secureCookies });
    if (auth?.via === 'cognito') {
      deleteCookie(c, ID_TOKEN_COOKIE, { path: '/', secure: true });
      deleteCookie(c, CSRF_COOKIE, { path: '/', secure: true });
    }
    return c.redirect(deps.signOutRedirect ?? '/auth/signed-out', 303);
  });

  if (!store) return app;

  // Opening the link only shows a button: mail scanners and link previews that fetch it do not use it up.
  app.get('/auth/signin/:token', (c) =>
    c.html(
      page(
        { title: 'Sign in' },
        html`<section class="card narrow message">
          <h1>Sign in to Parley</h1>
          <p>This link signs you in once. Continue to open your session.</p>
          <form method="post" action="/auth/signin">
            <input type="hidden" name="token" value="${c.req.param('token')}">
            <button class="button" type="submit" id="continue-sign-in">Continue</button>
          </form>
        </section>`,
      ),
    ),
  );

  app.post('/auth/signin', async (c) => {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof body.token === 'string' ? body.token : '';
    try {
      const session = await redeemSignInLink(store, token, now());
      setCookie(c, SESSION_COOKIE, session.sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: deps.secureCookies ?? false,
        expires: new Date(session.expiresAt),
      });
      return c.redirect(landingPath(session.user.role), 303);
    } catch (error) {
      if (!(error instanceof SignInRefused)) throw error;
      return c.html(messagePage('Sign-in link not valid', error.message), error.why === 'expired' ? 410 : 400);
    }
  });

  const renderUsers = async (c: Context<AuthEnv>, notice: Parameters<typeof usersPage>[2] = {}, status: 200 | 201 | 400 = 200) =>
    c.html(usersPage(viewerOf(c)!, await store.listUsers(), notice, c.get('principal')?.id ?? null), status);

  app.get('/admin/users', (c) => renderUsers(c));

  app.post('/admin/users', async (c) => {
    const body = await c.req.parseBody();
    const role = Role.safeParse(body.role);
    if (!role.success) return renderUsers(c, { error: 'Choose a role.' }, 400);
    try {
      const user = await createLocalUser(
        store,
        {
          email: String(body.email ?? ''),
          name: String(body.name ?? ''),
          role: role.data,
          providerTin: typeof body.providerTin === 'string' && body.providerTin.trim() !== '' ? body.providerTin.trim() : null,
        },
        c.get('principal')!.id,
        now(),
      );
      const link = await issueSignInLink(store, user.id, c.get('principal')!.id, now());
      return renderUsers(c, { link: { user, url: signInUrl(new URL(c.req.url).origin, link.token), expiresAt: link.expiresAt } }, 201);
    } catch (error) {
      if (error instanceof InvalidNewUser) return renderUsers(c, { error: error.message }, 400);
      throw error;
    }
  });

  app.post('/admin/users/:userId/link', async (c) => {
    const user = await store.getUser(c.req.param('userId'));
    if (!user) return renderUsers(c, { error: 'No such user.' }, 400);
    if (user.disabled) return renderUsers(c, { error: `${user.name} is disabled; enable the account first.` }, 400);
    const link = await issueSignInLink(store, user.id, c.get('principal')!.id, now());
    return renderUsers(c, { link: { user, url: signInUrl(new URL(c.req.url).origin, link.token), expiresAt: link.expiresAt } }, 201);
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/admin/users/:userId/${action}`, async (c) => {
      if (disabled && c.req.param('userId') === c.get('principal')!.id) return renderUsers(c, { error: 'You cannot disable your own account.' }, 400);
      const user = await store.setUserDisabled(c.req.param('userId'), disabled);
      if (!user) return renderUsers(c, { error: 'No such user.' }, 400);
      return c.redirect('/admin/users', 303);
    });
  }

  return app;
}
