// The scheduler's job: cases whose deadline passed move on by themselves (sent offers past their expiry to EXPIRED,
// NSA claims past open negotiation to IDR_ELIGIBLE), as `system:deadlines`. Needs the case table only: no letter is
// written and no mail sent, so the scheduled function carries neither.
import type { CaseStatus } from '../model/case.ts';
import type { CaseActor } from './case-actor.ts';
import { VersionConflict, type CaseRepository } from './case-repository.ts';
import { statusContext, transitionCase } from './case-transition.ts';
import { dayNumber } from './business-days.ts';
import { dueTransition } from './deadlines.ts';
import { InvalidTransition } from './lifecycle.ts';

export const DEADLINE_SWEEPER: CaseActor = { id: 'system:deadlines', role: 'system' };

export interface SweepResult {
  today: string;
  examined: number;
  moved: { caseId: string; action: 'expire' | 'idr'; to: CaseStatus }[];
  /** Cases someone changed while the sweep ran: the next sweep looks again. */
  conflicts: string[];
}

/** Statuses where a deadline sweep may have something to do (expire: SENT; idr: where the lifecycle allows it). */
const SWEPT_STATUSES: readonly CaseStatus[] = ['OFFER_DRAFTED', 'APPROVED', 'SENT', 'COUNTERED', 'REVISED', 'NEEDS_REVIEW', 'REJECTED'];

/**
 * Moves every case whose deadline passed before `today` (ISO date). Reads only cases whose stored next deadline is
 * before today (the byStatus index is ordered by it). Safe to run at any time and from a scheduled function: a case
 * changed meanwhile is a conflict left for the next run.
 */
export async function sweepDeadlines(cases: CaseRepository, today: string): Promise<SweepResult> {
  dayNumber(today);
  const result: SweepResult = { today, examined: 0, moved: [], conflicts: [] };
  let cursor: string | undefined;
  do {
    const page = await cases.listCases({ statuses: SWEPT_STATUSES, deadlineBefore: today, limit: 100, cursor });
    for (const record of page.cases) {
      result.examined++;
      if (!record.deadlines) continue;
      const action = dueTransition(record.status, record.deadlines, today);
      if (!action) continue;
      try {
        const moved = await transitionCase(
          cases,
          record.id,
          record.version,
          DEADLINE_SWEEPER,
          action,
          () => ({
            change: {},
            type: action === 'expire' ? 'deadline.offer-expired' : 'deadline.idr-eligible',
            reason:
              action === 'expire'
                ? `the offer expired on ${record.deadlines!.offerExpiresOn}`
                : `open negotiation ended on ${record.deadlines!.openNegotiationEnds} without agreement`,
            data: { today },
          }),
          statusContext,
          today,
        );
        result.moved.push({ caseId: record.id, action, to: moved.status });
      } catch (error) {
        if (error instanceof VersionConflict || error instanceof InvalidTransition) result.conflicts.push(record.id);
        else throw error;
      }
    }
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return result;
}
