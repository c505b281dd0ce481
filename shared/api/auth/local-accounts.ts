// Local accounts: the first administrator, users the admin adds, one-time sign-in links and the sessions they open.
import type { Principal, Role } from '../principal.ts';
import { Email, LocalUser, type AuthStore, type StoredSession } from './auth-store.ts';
import { newSecretToken, newUserId, tokenHash } from './secret-tokens.ts';

export const SIGN_IN_LINK_MINUTES = 15;
export const SESSION_HOURS = 8;

export const FIRST_ADMIN_EMAIL = 'admin@parley.local';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  providerTin?: string | null;
}

/** Why a user could not be created: each names the field and the value's problem (never the value when it is PHI-free anyway). */
export class InvalidNewUser extends Error {
  override readonly name = 'InvalidNewUser';
  constructor(readonly problems: string[]) {
    super(`cannot create the user: ${problems.join('; ')}`);
  }
}

export async function createLocalUser(store: AuthStore, input: NewUser, createdBy: string, now: Date): Promise<LocalUser> {
  const problems: string[] = [];
  if (input.role === 'provider' && !input.providerTin) problems.push('providerTin: a provider user needs the TIN they act for');
  if (input.role !== 'provider' && input.providerTin) problems.push('providerTin: only provider users act for a TIN');
  const parsed = LocalUser.safeParse({
    id: newUserId(),
    email: input.email,
    name: input.name,
    role: input.role,
    providerTin: input.providerTin ? input.providerTin.replace(/-/g, '') : null,
    createdAt: now.toISOString(),
    createdBy,
    disabled: false,
  });
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (problems.length > 0 || !parsed.success) throw new InvalidNewUser(problems);
  const outcome = await store.createUser(parsed.data);
  if (outcome === 'email-taken') throw new InvalidNewUser([`email: ${parsed.data.email} already has an account`]);
  return parsed.data;
}

/** The first start creates the administrator; later starts find it. */
export async function ensureFirstAdmin(store: AuthStore, now: Date): Promise<{ admin: LocalUser; created: boolean }> {
  const existing = await store.findUserByEmail(FIRST_ADMIN_EMAIL);
  if (existing) return { admin: existing, created: false };
  try {
    const admin = await createLocalUser(store, { email: FIRST_ADMIN_EMAIL, name: 'Administrator', role: 'admin' }, 'system:first-start', now);
    return { admin, created: true };
  } catch (error) {
    // Two starts racing: the other one created it.
    const raced = await store.findUserByEmail(FIRST_ADMIN_EMAIL);
    if (raced) return { admin: raced, created: false };
    throw error;
  }
}

/** Issues a single-use link token; only its hash is stored. The caller puts the token in a URL: /auth/signin/<token>. */
export async function issueSignInLink(
  store: AuthStore,
  userId: string,
  issuedBy: string,
  now: Date,
  minutes: number = SIGN_IN_LINK_MINUTES,
): Promise<{ token: string; expiresAt: string }> {
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + minutes * 60_000).toISOString();
  await store.saveSignInLink({ tokenHash: tokenHash(token), userId, createdAt: now.toISOString(), createdBy: issuedBy, expiresAt });
  return { token, expiresAt };
}

export type SignInRefusal = 'unknown-or-used' | 'expired' | 'account-disabled';

export class SignInRefused extends Error {
  override readonly name = 'SignInRefused';
  constructor(readonly why: SignInRefusal) {
    super(
      why === 'expired'
        ? 'this sign-in link has expired; ask for a new one'
        : why === 'account-disabled'
          ? 'this account is disabled'
          : 'this sign-in link is not valid or was already used; ask for a new one',
    );
  }
}

export interface OpenedSession {
  /** The cookie value (never stored). */
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  user: LocalUser;
}

/** Redeems a link (at most once, even when two browsers race) and opens a session for its user. */
export async function redeemSignInLink(store: AuthStore, token: string, now: Date, sessionHours: number = SESSION_HOURS): Promise<OpenedSession> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new SignInRefused('unknown-or-used');
  const link = await store.takeSignInLink(tokenHash(token));
  if (!link) throw new SignInRefused('unknown-or-used');
  if (link.expiresAt <= now.toISOString()) throw new SignInRefused('expired');
  const user = await store.getUser(link.userId);
  if (!user) throw new SignInRefused('unknown-or-used');
  if (user.disabled) throw new SignInRefused('account-disabled');
  return openSession(store, user, now, sessionHours);
}

export async function openSession(store: AuthStore, user: LocalUser, now: Date, sessionHours: number = SESSION_HOURS): Promise<OpenedSession> {
  const sessionId = newSecretToken();
  const csrfToken = newSecretToken();
  const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000).toISOString();
  const session: StoredSession = { idHash: tokenHash(sessionId), userId: user.id, csrfToken, createdAt: now.toISOString(), expiresAt };
  await store.saveSession(session);
  return { sessionId, csrfToken, expiresAt, user };
}

export interface ActiveSession {
  principal: Principal;
  user: LocalUser;
  session: StoredSession;
}

/** The signed-in user behind a session cookie, or null when the session is unknown, expired, or its user disabled. */
export async function activeSession(store: AuthStore, sessionId: string, now: Date): Promise<ActiveSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return null;
  const session = await store.getSession(tokenHash(sessionId));
  if (!session || session.expiresAt <= now.toISOString()) return null;
  const user = await store.getUser(session.userId);
  if (!user || user.disabled) return null;
  const principal: Principal = { id: user.id, role: user.role, ...(user.providerTin ? { providerTin: user.providerTin } : {}) };
  return { principal, user, session };
}

export async function closeSession(store: AuthStore, sessionId: string): Promise<void> {
  if (/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) await store.deleteSession(tokenHash(sessionId));
}

export function normalizeEmail(email: string): string | null {
  const parsed = Email.safeParse(email);
  return parsed.success ? parsed.data : null;
}
