// Local users, one-time sign-in links and browser sessions: the shapes and the port (DynamoDB implements it).
import * as z from 'zod';
import { Role } from '../principal.ts';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/, 'expected an email address');

export const LocalUser = z.object({
  id: z.string().regex(/^U[0-9A-Z]{16}$/),
  email: Email,
  name: z.string().trim().min(1).max(120),
  role: Role,
  /** The TIN a provider user acts for (nine digits); null for the plan's staff. */
  providerTin: z.string().regex(/^\d{9}$/, 'a TIN is nine digits').nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  disabled: z.boolean().default(false),
});
export type LocalUser = z.infer<typeof LocalUser>;

/** A one-time sign-in link as stored: only the token's hash, never the token. */
export interface SignInLink {
  tokenHash: string;
  userId: string;
  createdAt: string;
  createdBy: string;
  /** ISO time after which the link no longer signs anyone in. */
  expiresAt: string;
}

/** A browser session as stored: keyed by the hash of the cookie value. */
export interface StoredSession {
  idHash: string;
  userId: string;
  /** The synchronizer token every cookie-authenticated mutation must echo. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface SubmissionEntry {
  submissionId: string;
  createdAt: string;
}

export interface AuthStore {
  /** Creates the user unless the email is taken (emails are unique, case-insensitive). */
  createUser(user: LocalUser): Promise<'created' | 'email-taken'>;
  getUser(id: string): Promise<LocalUser | null>;
  findUserByEmail(email: string): Promise<LocalUser | null>;
  listUsers(): Promise<LocalUser[]>;
  setUserDisabled(id: string, disabled: boolean): Promise<LocalUser | null>;

  saveSignInLink(link: SignInLink): Promise<void>;
  /** Removes the link and returns it, atomically: of two concurrent redemptions only one gets it. */
  takeSignInLink(tokenHash: string): Promise<SignInLink | null>;

  saveSession(session: StoredSession): Promise<void>;
  getSession(idHash: string): Promise<StoredSession | null>;
  deleteSession(idHash: string): Promise<void>;

  /** Remembers that a user opened a submission (the portal lists them, newest first). */
  recordSubmission(userId: string, entry: SubmissionEntry): Promise<void>;
  listSubmissions(userId: string, limit?: number): Promise<SubmissionEntry[]>;
}
