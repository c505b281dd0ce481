// Who is calling the API: the auth middleware (console issue) sets it as the Hono context variable `principal`.
import type { Context } from 'hono';
import * as z from 'zod';

export const Role = z.enum(['provider', 'negotiator', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const Principal = z.object({
  id: z.string().min(1),
  role: Role,
  /** A provider user acts for this TIN. */
  providerTin: z.string().optional(),
});
export type Principal = z.infer<typeof Principal>;

/** The Hono environment of routes that read the caller; the variable is absent when nobody signed in. */
export interface PrincipalEnv {
  Variables: { principal?: Principal };
}

/** The caller, or null when the request carries no (valid) principal: the route answers 401. */
export function principalOf(c: Context): Principal | null {
  const parsed = Principal.safeParse(c.get('principal'));
  return parsed.success ? parsed.data : null;
}
