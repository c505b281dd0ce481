// The guarded write every change to a case goes through: load the case as the actor may see it, refuse a stale
// version, check the lifecycle move for the actor's role, apply, and write the case with its history event in one
// version-guarded transaction. Used by the desk's actions (case-service.ts) and the deadline sweep (deadline-sweep.ts).
import type { CaseDeadlines, CaseStatus, NextDeadline, StoredCase } from '../model/case.ts';
import { lifecycleRole, visibleTo, type CaseActor } from './case-actor.ts';
import { NotFound, VersionConflict, type CaseChange, type CaseRepository } from './case-repository.ts';
import { nextDeadline } from './deadlines.ts';
import { assertRoleTransition, type CaseAction, type TransitionContext } from './lifecycle.ts';

/** What an action changes, and the history event that says so. */
export interface Applied {
  change: Omit<CaseChange, 'status' | 'nextDeadline'>;
  type: string;
  reason?: string | null;
  data?: Record<string, unknown>;
}

/** No deadline orders these: the outcome is reached or the case is filed. */
export const WITHOUT_DEADLINE: readonly CaseStatus[] = ['ACCEPTED', 'SETTLED', 'WITHDRAWN', 'CLOSED'];

/** The case if the actor may see it: a provider sees only its TIN's cases; anything else looks like "not found". */
export async function loadCase(cases: CaseRepository, caseId: string, actor: CaseActor): Promise<StoredCase> {
  const record = await cases.getCase(caseId);
  if (!record || !visibleTo(record, actor)) throw new NotFound('case', caseId);
  return record;
}

/** The case as the actor may see it, at the version the caller read: a stale edit is refused before any work for it. */
export async function loadAtVersion(cases: CaseRepository, caseId: string, expectedVersion: number, actor: CaseActor): Promise<StoredCase> {
  const record = await loadCase(cases, caseId, actor);
  if (record.version !== expectedVersion) throw new VersionConflict(caseId, expectedVersion, record.version);
  return record;
}

export const statusContext = (record: StoredCase): TransitionContext => ({ nsa: record.nsa !== null });

/** A lifecycle move: `apply` runs only once the version and the move are known to be allowed. */
export async function transitionCase(
  cases: CaseRepository,
  caseId: string,
  expectedVersion: number,
  actor: CaseActor,
  action: CaseAction,
  apply: (record: StoredCase, to: CaseStatus) => Applied | Promise<Applied>,
  context: (record: StoredCase) => TransitionContext,
  today: string,
): Promise<StoredCase> {
  // A stale edit is refused before any letter is written for it.
  const record = await loadAtVersion(cases, caseId, expectedVersion, actor);
  const to = assertRoleTransition(caseId, lifecycleRole(actor), record.status, action, context(record));
  const applied = await apply(record, to);
  return writeCase(cases, record, expectedVersion, actor, to, applied, action, today);
}

/** Writes the change with its history event and the deadline that orders the queue, guarded by the version read. */
export function writeCase(
  cases: CaseRepository,
  record: StoredCase,
  expectedVersion: number,
  actor: CaseActor,
  to: CaseStatus,
  applied: Applied,
  action: string,
  today: string,
): Promise<StoredCase> {
  const deadlines = applied.change.deadlines !== undefined ? applied.change.deadlines : record.deadlines;
  return cases.updateCase(
    record.id,
    expectedVersion,
    { ...applied.change, status: to, nextDeadline: WITHOUT_DEADLINE.includes(to) ? null : queueDeadline(deadlines, today) },
    { actor: actor.id, type: applied.type, reason: applied.reason?.trim() || null, data: { action, role: actor.role, ...applied.data } },
  );
}

/** The deadline that orders the queue: the next one ahead, else the last one passed (overdue cases come first). */
export function queueDeadline(deadlines: CaseDeadlines | null, today: string): NextDeadline | null {
  if (!deadlines) return null;
  const ahead = nextDeadline(deadlines, today);
  if (ahead) return ahead;
  const passed = [
    { date: deadlines.responseNoticeDue, kind: 'response-notice' as const },
    { date: deadlines.openNegotiationEnds, kind: 'open-negotiation-ends' as const },
    { date: deadlines.idrInitiationDeadline, kind: 'idr-initiation' as const },
    { date: deadlines.nsa && deadlines.openNegotiationEnds ? null : deadlines.offerExpiresOn, kind: 'offer-expiry' as const },
  ].filter((d): d is { date: string; kind: NextDeadline['kind'] } => d.date !== null);
  passed.sort((a, b) => b.date.localeCompare(a.date));
  return passed[0] ?? null;
}
