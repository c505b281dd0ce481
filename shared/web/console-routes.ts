// The console and the portal, mounted on the review router: sign-in and accounts, static assets, the pages.
import { Hono } from 'hono';
import type { AuthStore } from '../api/auth/auth-store.ts';
import type { AuthEnv } from '../api/auth/auth-middleware.ts';
import { createAuthRoutes } from '../api/auth/auth-routes.ts';
import type { CognitoSettings } from '../api/auth/cognito-claims.ts';
import type { ReviewApiDeps } from '../api/review-router.ts';
import { serveAsset } from './static-assets.ts';

export interface ConsoleOptions {
  /** Local accounts and sessions (DynamoDB); absent on AWS. */
  store?: AuthStore;
  /** AWS: read the principal from the JWT authorizer's claims with these settings (false: never). */
  cognito?: CognitoSettings | false;
  secureCookies?: boolean;
  /** Origins allowed to send changes besides the request's own (the CloudFront domain on AWS). */
  allowedOrigins?: string[];
  /** Where presigned upload URLs point, for the Content-Security-Policy. */
  uploadOrigins?: string[];
  /** Serve /assets/* from this folder (locally: web/assets); on AWS CloudFront serves them. */
  assetsDir?: string;
  now?: () => Date;
}

export function createConsoleRoutes(deps: ReviewApiDeps): Hono<AuthEnv> {
  const options = deps.console ?? {};
  const app = new Hono<AuthEnv>();
  app.route('/', createAuthRoutes({ store: options.store, now: options.now, secureCookies: options.secureCookies }));
  if (options.assetsDir) {
    const directory = options.assetsDir;
    app.get('/assets/:file', (c) => serveAsset(c, directory, c.req.param('file')));
  }
  return app;
}
