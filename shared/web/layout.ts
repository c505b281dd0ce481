// The page shell shared by the console, the portal and the sign-in pages: header, navigation, content, assets.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Role } from '../api/principal.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface Viewer {
  name: string;
  role: Role;
  csrfToken: string | null;
}

export interface PageOptions {
  title: string;
  viewer?: Viewer | null;
  /** Which navigation entry is current. */
  section?: 'queue' | 'dashboard' | 'outbox' | 'users' | 'portal';
  /** Extra script modules beside console.js (served from /assets). */
  scripts?: string[];
  /** Wide pages (the case page) use the full width. */
  wide?: boolean;
}

export const ASSET_VERSION = '1';

const asset = (file: string) => `/assets/${file}?v=${ASSET_VERSION}`;

function navigation(viewer: Viewer, section: PageOptions['section']) {
  const link = (href: string, label: string, id: NonNullable<PageOptions['section']>) =>
    html`<a href="${href}" class="nav-link${section === id ? ' current' : ''}"${section === id ? html` aria-current="page"` : ''}>${label}</a>`;
  if (viewer.role === 'provider') return html`<nav class="nav" aria-label="Main">${link('/portal', 'Submissions and offers', 'portal')}</nav>`;
  return html`<nav class="nav" aria-label="Main">
    ${link('/queue', 'Queue', 'queue')} ${link('/dashboard', 'Savings', 'dashboard')} ${link('/outbox', 'Outbox', 'outbox')}
    ${viewer.role === 'admin' ? link('/admin/users', 'Users', 'users') : ''}
  </nav>`;
}

const ROLE_LABEL: Record<Role, string> = { provider: 'Provider', negotiator: 'Negotiator', supervisor: 'Supervisor', admin: 'Administrator' };

export function page(options: PageOptions, content: Html): Html {
  const viewer = options.viewer ?? null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Parley</title>
${viewer?.csrfToken ? html`<meta name="csrf-token" content="${viewer.csrfToken}">` : ''}
<link rel="icon" href="${asset('favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${asset('console.css')}">
<script type="module" src="${asset('console.js')}"></script>
${(options.scripts ?? []).map((s) => html`<script type="module" src="${asset(s)}"></script>`)}
</head>
<body>
<header class="topbar">
  <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">P</span> Parley</a>
  ${viewer ? navigation(viewer, options.section) : ''}
  ${
    viewer
      ? html`<div class="who">
      <span class="who-name">${viewer.name}</span> <span class="role-badge role-${viewer.role}">${ROLE_LABEL[viewer.role]}</span>
      <form method="post" action="/auth/signout" class="inline">${viewer.csrfToken ? html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">` : ''}<button class="link-button" type="submit">Sign out</button></form>
    </div>`
      : ''
  }
</header>
<main class="${options.wide ? 'main wide' : 'main'}" id="main">
${content}
</main>
</body>
</html>`;
}

/** A short page that says what went wrong (sign-in refused, no access, not found). */
export function messagePage(title: string, message: string, viewer: Viewer | null = null, action?: { href: string; label: string }): Html {
  return page(
    { title, viewer },
    html`<section class="card narrow message">
      <h1>${title}</h1>
      <p>${message}</p>
      ${action ? html`<p><a class="button" href="${action.href}">${action.label}</a></p>` : ''}
    </section>`,
  );
}
