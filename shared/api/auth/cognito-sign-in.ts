// Signing in on AWS: the Cognito hosted UI with the authorization code flow and PKCE. The callback trades the code
// for tokens and keeps the ID token in an HttpOnly cookie; CloudFront copies that cookie into the Authorization header
// (web/cloudfront/cookie-to-authorization.js), so API Gateway's JWT authorizer checks it on every request.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { messagePage, page } from '../../web/layout.ts';
import { CSRF_COOKIE, ID_TOKEN_COOKIE, type AuthEnv } from './auth-middleware.ts';
import { newSecretToken } from './secret-tokens.ts';

export interface CognitoSignInSettings {
  /** The hosted UI domain, e.g. parley-123456789012.auth.us-east-1.amazoncognito.com */
  domain: string;
  /** The console's app client (public: no secret). */
  clientId: string;
  /** The console's public origin (https://dxxxx.cloudfront.net): the callback is <origin>/auth/callback. */
  consoleOrigin: string;
  /** The token endpoint call; injectable for tests. */
  fetch?: typeof fetch;
}

const PKCE_COOKIE = 'parley_pkce';

export function callbackUrl(settings: CognitoSignInSettings): string {
  return `${settings.consoleOrigin}/auth/callback`;
}

function challenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function createCognitoSignInRoutes(settings: CognitoSignInSettings): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const fetchToken = settings.fetch ?? fetch;
  const secure = { path: '/', httpOnly: true, secure: true } as const;

  app.get('/auth/login', (c) => {
    const state = newSecretToken();
    const verifier = newSecretToken();
    // Lax: the cookie must come back on the hosted UI's redirect to the callback, a cross-site navigation.
    setCookie(c, PKCE_COOKIE, `${state}.${verifier}`, { path: '/auth', httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 600 });
    const url = new URL(`https://${settings.domain}/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: settings.clientId,
      redirect_uri: callbackUrl(settings),
      scope: 'openid email profile',
      state,
      code_challenge: challenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    return c.redirect(url.toString(), 302);
  });

  app.get('/auth/callback', async (c) => {
    const [state, verifier] = (getCookie(c, PKCE_COOKIE) ?? '').split('.');
    deleteCookie(c, PKCE_COOKIE, { path: '/auth', secure: true });
    const code = c.req.query('code');
    if (!state || !verifier || !code || c.req.query('state') !== state) {
      return c.html(messagePage('Sign-in did not complete', 'The sign-in answer did not match this browser. Start again.', null, { href: '/auth/login', label: 'Sign in' }), 400);
    }
    const response = await fetchToken(`https://${settings.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: settings.clientId, code, redirect_uri: callbackUrl(settings), code_verifier: verifier }),
    });
    const tokens = (await response.json().catch(() => null)) as { id_token?: unknown; expires_in?: unknown } | null;
    if (!response.ok || typeof tokens?.id_token !== 'string') {
      return c.html(messagePage('Sign-in did not complete', 'The sign-in service did not accept this sign-in. Start again.', null, { href: '/auth/login', label: 'Sign in' }), 502);
    }
    const maxAge = typeof tokens.expires_in === 'number' && tokens.expires_in > 0 ? tokens.expires_in : 3600;
    setCookie(c, ID_TOKEN_COOKIE, tokens.id_token, { ...secure, sameSite: 'Strict', maxAge });
    setCookie(c, CSRF_COOKIE, newSecretToken(), { ...secure, sameSite: 'Strict', maxAge });
    // A page of our own, not a redirect: SameSite=Strict cookies are sent on the navigation it starts.
    return c.html(
      page(
        { title: 'Signed in' },
        html`<meta http-equiv="refresh" content="0;url=/"><section class="card narrow message"><h1>Signed in</h1><p><a class="button" href="/">Continue</a></p></section>`,
      ),
    );
  });

  return app;
}

/** Where sign-out sends the browser on AWS: Cognito ends its session too, then returns to the console. */
export function cognitoLogoutUrl(settings: CognitoSignInSettings): string {
  const url = new URL(`https://${settings.domain}/logout`);
  url.search = new URLSearchParams({ client_id: settings.clientId, logout_uri: `${settings.consoleOrigin}/` }).toString();
  return url.toString();
}
