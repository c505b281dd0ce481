import { describe, expect, it } from 'vitest';
import { CaseStatus } from '../../shared/model/case.ts';
import {
  CASE_ACTIONS,
  FINAL_CASE_STATUSES,
  InvalidTransition,
  OPEN_CASE_STATUSES,
  actionsForRole,
  allowedActions,
  assertRoleTransition,
  assertTransition,
  canTransition,
  listTransitions,
  nextStatus,
  roleMayTake,
  type CaseAction,
} from '../../shared/cases/lifecycle.ts';

const STATUSES = CaseStatus.options;

function walk(start: CaseStatus, actions: CaseAction[]): CaseStatus[] {
  const seen: CaseStatus[] = [start];
  for (const a of actions) seen.push(nextStatus(seen.at(-1)!, a, { nsa: true }));
  return seen;
}

describe('case lifecycle', () => {
  it('walks the main road with two rounds of counteroffers to a closed settlement', () => {
    expect(
      walk('RECEIVED', ['extract', 'price', 'draft', 'approve', 'send', 'counter', 'revise', 'send', 'counter', 'revise', 'send', 'accept', 'settle', 'close']),
    ).toEqual([
      'RECEIVED', 'EXTRACTED', 'PRICED', 'OFFER_DRAFTED', 'APPROVED', 'SENT', 'COUNTERED', 'REVISED', 'SENT',
      'COUNTERED', 'REVISED', 'SENT', 'ACCEPTED', 'SETTLED', 'CLOSED',
    ]);
  });

  it('lets a negotiator accept a counteroffer and a provider accept a sent offer', () => {
    expect(nextStatus('COUNTERED', 'accept')).toBe('ACCEPTED');
    expect(roleMayTake('negotiator', 'COUNTERED', 'accept')).toBe(true);
    expect(roleMayTake('provider', 'SENT', 'accept')).toBe(true);
    expect(roleMayTake('provider', 'COUNTERED', 'accept')).toBe(false); // its own counter
  });

  it('allows every move in the table and lands where the table says', () => {
    const rows = listTransitions();
    expect(rows.length).toBeGreaterThan(60);
    for (const { from, action, to } of rows) {
      const context = action === 'resume' ? { resumeTo: to } : { nsa: true };
      expect(nextStatus(from, action, context), `${from} -${action}->`).toBe(to);
      expect(canTransition(from, action, context)).toBe(true);
      expect(allowedActions(from)).toContain(action);
    }
  });

  it('refuses every move the table does not hold, naming the state, the move and what is allowed', () => {
    const allowed = new Set(listTransitions().map((t) => `${t.from}:${t.action}`));
    let refused = 0;
    for (const from of STATUSES) {
      for (const action of CASE_ACTIONS) {
        if (allowed.has(`${from}:${action}`)) continue;
        refused++;
        const error = (() => {
          try {
            nextStatus(from, action, { nsa: true, resumeTo: 'SENT' });
          } catch (e) {
            return e;
          }
          return null;
        })();
        expect(error, `${from} -${action}-> should be refused`).toBeInstanceOf(InvalidTransition);
        expect((error as InvalidTransition).from).toBe(from);
        expect((error as InvalidTransition).action).toBe(action);
        expect((error as Error).message).toContain(`cannot ${action} a case in status ${from}`);
      }
    }
    expect(refused).toBeGreaterThan(150);
  });

  it('names the case in the error when given its id', () => {
    expect(() => assertTransition('CASE-7Q2M9X', 'PRICED', 'send')).toThrowError(
      'cannot send case CASE-7Q2M9X in status PRICED: send is not a move from PRICED (allowed from PRICED: draft, review, reject, withdraw)',
    );
    const error = (() => {
      try {
        assertTransition('CASE-1', 'CLOSED', 'settle');
      } catch (e) {
        return e as InvalidTransition;
      }
    })();
    expect(error).toMatchObject({ name: 'InvalidTransition', caseId: 'CASE-1', from: 'CLOSED', action: 'settle' });
    expect(error?.message).toContain('(allowed from CLOSED: reopen)');
  });

  it.each([
    ['SETTLED', 'accept'],
    ['ACCEPTED', 'withdraw'],
    ['ACCEPTED', 'counter'],
    ['SENT', 'settle'],
    ['OFFER_DRAFTED', 'send'], // must be approved first
    ['COUNTERED', 'send'], // a revision must be drafted first
    ['RECEIVED', 'price'],
    ['CLOSED', 'close'],
    ['WITHDRAWN', 'accept'],
  ] as [CaseStatus, CaseAction][])('refuses %s -%s->', (from, action) => {
    expect(() => assertTransition('C-9', from, action)).toThrowError(new RegExp(`^cannot ${action} case C-9 in status ${from}`));
  });

  it('sends any open case to review, and review back to where the work can go on', () => {
    for (const from of OPEN_CASE_STATUSES) expect(nextStatus(from, 'review')).toBe('NEEDS_REVIEW');
    expect(nextStatus('NEEDS_REVIEW', 'review')).toBe('NEEDS_REVIEW'); // more reasons
    expect(nextStatus('NEEDS_REVIEW', 'extract')).toBe('EXTRACTED'); // lines corrected by hand
    expect(nextStatus('NEEDS_REVIEW', 'price')).toBe('PRICED');
    expect(nextStatus('NEEDS_REVIEW', 'draft')).toBe('OFFER_DRAFTED');
    expect(nextStatus('NEEDS_REVIEW', 'resume', { resumeTo: 'COUNTERED' })).toBe('COUNTERED');
    expect(() => nextStatus('NEEDS_REVIEW', 'resume')).toThrowError(/resume needs the status the case had before review/);
    expect(() => nextStatus('NEEDS_REVIEW', 'resume', { resumeTo: 'CLOSED' })).toThrowError(/cannot resume to CLOSED/);
    expect(() => nextStatus('SENT', 'resume', { resumeTo: 'SENT' })).toThrowError(/only a case in review can resume/);
  });

  it('keeps ended cases out of review and out of the pipeline: people close or reopen them', () => {
    for (const from of FINAL_CASE_STATUSES) {
      expect(canTransition(from, 'review')).toBe(false);
      for (const action of ['extract', 'price', 'draft', 'approve', 'send', 'settle'] as CaseAction[]) {
        expect(canTransition(from, action, { nsa: true }), `${from} -${action}->`).toBe(false);
      }
      expect(nextStatus(from, 'reopen')).toBe('NEEDS_REVIEW');
    }
    for (const from of ['SETTLED', 'REJECTED', 'WITHDRAWN', 'EXPIRED', 'IDR_ELIGIBLE'] as CaseStatus[]) {
      expect(nextStatus(from, 'close')).toBe('CLOSED');
    }
  });

  it('expires only an offer that is out with the provider', () => {
    expect(nextStatus('SENT', 'expire')).toBe('EXPIRED');
    for (const from of STATUSES.filter((s) => s !== 'SENT')) expect(canTransition(from, 'expire')).toBe(false);
    expect(nextStatus('EXPIRED', 'revise')).toBe('REVISED'); // re-issue with a new expiry
    expect(nextStatus('EXPIRED', 'accept')).toBe('ACCEPTED'); // a late acceptance we confirm
  });

  it('makes only No Surprises Act claims IDR-eligible, and only while no agreement exists', () => {
    expect(nextStatus('COUNTERED', 'idr', { nsa: true })).toBe('IDR_ELIGIBLE');
    expect(() => assertTransition('C-2', 'COUNTERED', 'idr', { nsa: false })).toThrowError(
      /cannot idr case C-2 in status COUNTERED: only No Surprises Act claims become IDR-eligible/,
    );
    for (const from of ['ACCEPTED', 'SETTLED', 'WITHDRAWN', 'CLOSED', 'RECEIVED'] as CaseStatus[]) {
      expect(canTransition(from, 'idr', { nsa: true }), from).toBe(false);
    }
    expect(nextStatus('IDR_ELIGIBLE', 'accept')).toBe('ACCEPTED'); // settling while IDR is pending
  });

  it('gives each role its own actions', () => {
    expect(actionsForRole('system')).toEqual(['extract', 'price', 'draft', 'review', 'reject', 'expire', 'idr']);
    expect(actionsForRole('provider')).toEqual(['counter', 'accept', 'reject', 'withdraw']);
    expect(actionsForRole('negotiator')).not.toContain('reopen');
    expect(actionsForRole('supervisor')).toContain('reopen');
    expect(roleMayTake('system', 'OFFER_DRAFTED', 'approve')).toBe(false);
    expect(roleMayTake('supervisor', 'CLOSED', 'reopen')).toBe(true);
    expect(roleMayTake('provider', 'PRICED', 'reject')).toBe(false);
    expect(() => assertRoleTransition('C-3', 'provider', 'OFFER_DRAFTED', 'approve')).toThrowError(
      'cannot approve case C-3 in status OFFER_DRAFTED: a provider may not approve a case in OFFER_DRAFTED (allowed from OFFER_DRAFTED: draft, approve, review, reject, withdraw, idr)',
    );
    expect(assertRoleTransition('C-3', 'provider', 'SENT', 'counter')).toBe('COUNTERED');
  });
});
