// On AWS: the principal from the claims API Gateway's JWT authorizer verified (a Cognito ID token): groups -> role.
import type { Principal, Role } from '../principal.ts';

export interface CognitoSettings {
  /** The custom attribute holding a provider user's TIN (ID token claim). */
  tinClaim: string;
  /** Cognito group name -> role; the highest role a user's groups grant wins. */
  groupRoles: Readonly<Record<string, Role>>;
}

export const DEFAULT_COGNITO_SETTINGS: CognitoSettings = {
  tinClaim: 'custom:provider_tin',
  groupRoles: { admin: 'admin', supervisor: 'supervisor', negotiator: 'negotiator', provider: 'provider' },
};

const RANK: Readonly<Record<Role, number>> = { provider: 1, negotiator: 2, supervisor: 3, admin: 4 };

/**
 * API Gateway HTTP APIs hand claims over as strings; an array claim such as cognito:groups arrives as "[a b]" (or JSON,
 * depending on the path the token took), so every form is read.
 */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: "[a b]" or "[a, b]"
    }
    return text.slice(1, -1).split(/[\s,]+/).filter(Boolean);
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

/**
 * The principal the claims describe, or null (no role-granting group; a provider without a TIN). Staff may call with
 * an ID or an access token; a provider's TIN is a custom attribute, which only the ID token carries.
 */
export function principalFromClaims(claims: Record<string, unknown>, settings: CognitoSettings = DEFAULT_COGNITO_SETTINGS): Principal | null {
  const subject = typeof claims.sub === 'string' ? claims.sub : null;
  if (!subject) return null;
  const roles = claimList(claims['cognito:groups'])
    .map((group) => settings.groupRoles[group])
    .filter((role): role is Role => role !== undefined);
  if (roles.length === 0) return null;
  const role = roles.reduce((best, r) => (RANK[r] > RANK[best] ? r : best));
  const username = [claims['cognito:username'], claims.username].find((v): v is string => typeof v === 'string') ?? subject;
  const tin = typeof claims[settings.tinClaim] === 'string' ? String(claims[settings.tinClaim]).replace(/-/g, '') : null;
  if (role === 'provider' && !(tin && /^\d{9}$/.test(tin))) return null;
  return { id: `cognito:${username}`, role, ...(role === 'provider' && tin ? { providerTin: tin } : {}) };
}

/** The verified claims in a Lambda request context (HTTP API v2 JWT authorizer, or REST API Cognito authorizer). */
export function authorizerClaims(env: unknown): Record<string, unknown> | null {
  const requestContext = (env as { requestContext?: { authorizer?: { jwt?: { claims?: unknown }; claims?: unknown } } } | undefined)?.requestContext;
  const claims = requestContext?.authorizer?.jwt?.claims ?? requestContext?.authorizer?.claims;
  return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
}
