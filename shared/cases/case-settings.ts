// How the negotiation desk works: the supervisor approval limit and the offer expiry (config/cases.json locally).
import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';

export const DEFAULT_SUPERVISOR_LIMIT_CENTS = 1_000_000;

export const CaseSettings = z.object({
  /** Offers (and accepted counters) above this total need a supervisor's approval. Default $10,000. */
  supervisorApprovalAboveCents: z.number().int().nonnegative().default(DEFAULT_SUPERVISOR_LIMIT_CENTS),
  /** Calendar days a sent offer stays open outside the No Surprises Act; absent: the letter settings' offerExpiryDays. */
  offerExpiryDays: z.number().int().positive().nullable().default(null),
});
export type CaseSettings = z.infer<typeof CaseSettings>;
export type CaseSettingsInput = z.input<typeof CaseSettings>;

/** Reads a settings file; a missing file means the defaults. Throws naming the file and the fields when it is invalid. */
export function readCaseSettings(path: string): CaseSettings {
  if (!existsSync(path)) return CaseSettings.parse({});
  const parsed = CaseSettings.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
