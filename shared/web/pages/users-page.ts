// The administrator's page: local users, their roles, new sign-in links.
import { html } from 'hono/html';
import type { LocalUser } from '../../api/auth/auth-store.ts';
import { page, type Html, type Viewer } from '../layout.ts';
import { dateTime } from '../format.ts';

export interface IssuedLink {
  user: LocalUser;
  url: string;
  expiresAt: string;
}

const ROLES = [
  ['negotiator', 'Negotiator'],
  ['supervisor', 'Supervisor'],
  ['provider', 'Provider (billing office)'],
  ['admin', 'Administrator'],
] as const;

export function usersPage(viewer: Viewer, users: LocalUser[], notice: { link?: IssuedLink; error?: string } = {}, selfId: string | null = null): Html {
  const csrf = html`<input type="hidden" name="_csrf" value="${viewer.csrfToken ?? ''}">`;
  return page(
    { title: 'Users', viewer, section: 'users' },
    html`<div class="page-head"><h1>Users</h1><p class="muted">People who sign in to this Parley. Each gets a one-time sign-in link that works once, for 15 minutes.</p></div>
    ${notice.error ? html`<div class="alert alert-error" role="alert">${notice.error}</div>` : ''}
    ${
      notice.link
        ? html`<div class="alert alert-ok" role="status" data-testid="issued-link">
          <strong>Sign-in link for ${notice.link.user.name}</strong> (${notice.link.user.email}), valid until ${dateTime(notice.link.expiresAt)}:
          <input class="copy-field" type="text" readonly value="${notice.link.url}" aria-label="Sign-in link">
          <span class="muted">Send it to them over a channel you trust; it is shown only once.</span>
        </div>`
        : ''
    }
    <div class="two-col">
    <section class="card">
      <h2>People</h2>
      <table class="table">
        <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>TIN</th><th>Since</th><th></th></tr></thead>
        <tbody>
        ${users.map(
          (u) => html`<tr class="${u.disabled ? 'disabled' : ''}">
            <td>${u.name}</td><td>${u.email}</td><td><span class="role-badge role-${u.role}">${u.role}</span></td>
            <td class="num">${u.providerTin ?? ''}</td><td>${dateTime(u.createdAt)}</td>
            <td class="actions">
              <form method="post" action="/admin/users/${u.id}/link" class="inline">${csrf}<button class="button small" type="submit">New sign-in link</button></form>
              ${
                u.id === selfId
                  ? ''
                  : u.disabled
                    ? html`<form method="post" action="/admin/users/${u.id}/enable" class="inline">${csrf}<button class="button small secondary" type="submit">Enable</button></form>`
                    : html`<form method="post" action="/admin/users/${u.id}/disable" class="inline">${csrf}<button class="button small secondary" type="submit">Disable</button></form>`
              }
            </td>
          </tr>`,
        )}
        </tbody>
      </table>
    </section>
    <section class="card">
      <h2>Add a user</h2>
      <form method="post" action="/admin/users" class="form-grid">
        ${csrf}
        <label>Name <input name="name" required maxlength="120" autocomplete="off"></label>
        <label>Email <input name="email" type="email" required maxlength="254" autocomplete="off"></label>
        <label>Role <select name="role">${ROLES.map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select></label>
        <label>Provider TIN <input name="providerTin" inputmode="numeric" pattern="\\d{2}-?\\d{7}" placeholder="for provider users: 12-3456789"></label>
        <button class="button" type="submit">Add and issue a sign-in link</button>
      </form>
    </section>
    </div>`,
  );
}
