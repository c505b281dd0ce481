// Unguessable tokens (sign-in links, sessions, CSRF) and the hashes they are stored under: a leaked table reveals none.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for a token: its SHA-256 (the token itself has 256 bits of entropy, so no salt or stretching is needed). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Constant-time comparison of two tokens (different lengths compare false). */
export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A user id: "U" + 16 base32 characters; safe in keys, URLs and upload key segments. */
export function newUserId(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(16);
  let id = 'U';
  for (let i = 0; i < 16; i++) id += BASE32[bytes[i]! % 32];
  return id;
}
