// Who acts on a case and what they may see: the negotiation desk's people, providers (their TIN's cases only) and the
// system's scheduled jobs.
import { providerByRole } from '../model/bill.ts';
import type { StoredCase } from '../model/case.ts';
import type { CaseRole } from './lifecycle.ts';

/** Who acts: a person signed in to the API or the CLI, or the system (`system:deadlines`). */
export interface CaseActor {
  id: string;
  role: CaseRole | 'admin';
  /** A provider acts only on the cases of this TIN. */
  providerTin?: string | null;
}

/** The lifecycle's role for an actor: an administrator acts as a supervisor. */
export function lifecycleRole(actor: CaseActor): CaseRole {
  return actor.role === 'admin' ? 'supervisor' : actor.role;
}

export function billingTin(record: Pick<StoredCase, 'bill'>): string | null {
  return providerByRole(record.bill, 'billing')?.tin ?? null;
}

/** Providers see the cases billed under their TIN; staff see every case. */
export function visibleTo(record: Pick<StoredCase, 'bill'>, actor: CaseActor): boolean {
  if (actor.role !== 'provider') return true;
  const tin = billingTin(record);
  return Boolean(actor.providerTin) && tin === actor.providerTin;
}
