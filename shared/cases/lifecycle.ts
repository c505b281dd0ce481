// The case lifecycle as an explicit state machine: which action moves a case from which status to which, who may
// take it, and a named error for every move the machine refuses.
//
//   RECEIVED -extract-> EXTRACTED -price-> PRICED -draft-> OFFER_DRAFTED -approve-> APPROVED -send-> SENT
//   SENT -counter-> COUNTERED -revise-> REVISED -send-> SENT            (as many rounds as it takes)
//   SENT | COUNTERED | IDR_ELIGIBLE | EXPIRED -accept-> ACCEPTED -settle-> SETTLED -close-> CLOSED
//   any open status -review-> NEEDS_REVIEW -extract|price|draft|approve|resume-> back where work can go on
//   SENT -expire-> EXPIRED; open negotiation over without agreement (NSA only) -idr-> IDR_ELIGIBLE
//   REJECTED | WITHDRAWN | EXPIRED | IDR_ELIGIBLE | SETTLED -close-> CLOSED; outcomes and CLOSED -reopen-> NEEDS_REVIEW
import type { CaseStatus } from '../model/case.ts';

export type CaseAction =
  | 'extract' // lines read from the document (or corrected by hand during review)
  | 'price' // benchmarks and offers computed (or overridden during review)
  | 'draft' // the offer letter written; again after an edit, which voids an approval
  | 'approve' // the drafted offer may go out
  | 'send' // the offer (or a revision) went to the provider
  | 'counter' // the provider answered with a counteroffer
  | 'revise' // a new offer version drafted in answer to a counter, or to re-issue an expired offer
  | 'accept' // agreement: the provider accepted our offer, or we accepted the provider's counter
  | 'settle' // the settlement agreement is signed by both parties
  | 'review' // a person must look at the case (with reasons)
  | 'resume' // leave review, back to the status the case had before it (given in the context)
  | 'reject' // negotiation ends without agreement: the claim is refused, or the offer declined outright
  | 'withdraw' // the claim is withdrawn (paid elsewhere, resubmitted, billed in error)
  | 'expire' // the sent offer's expiry date passed without an answer
  | 'idr' // No Surprises Act: open negotiation ended without agreement; federal IDR may be initiated
  | 'close' // the case is filed away
  | 'reopen'; // an ended or closed case goes back to a person

export const CASE_ACTIONS: readonly CaseAction[] = [
  'extract', 'price', 'draft', 'approve', 'send', 'counter', 'revise', 'accept', 'settle',
  'review', 'resume', 'reject', 'withdraw', 'expire', 'idr', 'close', 'reopen',
];

/** Negotiation is over in these: no pipeline step or scheduler moves the case; only people close or reopen it. */
export const FINAL_CASE_STATUSES: readonly CaseStatus[] = ['SETTLED', 'REJECTED', 'WITHDRAWN', 'EXPIRED', 'IDR_ELIGIBLE', 'CLOSED'];

export function isFinalStatus(status: CaseStatus): boolean {
  return FINAL_CASE_STATUSES.includes(status);
}

/** The statuses a case can be in while work is still going on: where `review` may be raised from and `resume` return to. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'RECEIVED', 'EXTRACTED', 'PRICED', 'OFFER_DRAFTED', 'APPROVED', 'SENT', 'COUNTERED', 'REVISED', 'ACCEPTED',
];

type Table = Readonly<Record<CaseStatus, Readonly<Partial<Record<CaseAction, CaseStatus>>>>>;

// `review` from every open status (and NEEDS_REVIEW itself, to add reasons); `resume` is resolved from the context.
const TABLE: Table = {
  RECEIVED: { extract: 'EXTRACTED', review: 'NEEDS_REVIEW', reject: 'REJECTED', withdraw: 'WITHDRAWN' },
  EXTRACTED: { price: 'PRICED', review: 'NEEDS_REVIEW', reject: 'REJECTED', withdraw: 'WITHDRAWN' },
  PRICED: { draft: 'OFFER_DRAFTED', review: 'NEEDS_REVIEW', reject: 'REJECTED', withdraw: 'WITHDRAWN' },
  OFFER_DRAFTED: {
    draft: 'OFFER_DRAFTED', approve: 'APPROVED', review: 'NEEDS_REVIEW', reject: 'REJECTED', withdraw: 'WITHDRAWN', idr: 'IDR_ELIGIBLE',
  },
  APPROVED: {
    send: 'SENT', draft: 'OFFER_DRAFTED', review: 'NEEDS_REVIEW', reject: 'REJECTED', withdraw: 'WITHDRAWN', idr: 'IDR_ELIGIBLE',
  },
  SENT: {
    counter: 'COUNTERED', accept: 'ACCEPTED', revise: 'REVISED', expire: 'EXPIRED', idr: 'IDR_ELIGIBLE',
    review: 'NEEDS_REVIEW', reject: 'REJECTED', withdraw: 'WITHDRAWN',
  },
  COUNTERED: {
    counter: 'COUNTERED', revise: 'REVISED', accept: 'ACCEPTED', idr: 'IDR_ELIGIBLE',
    review: 'NEEDS_REVIEW', reject: 'REJECTED', withdraw: 'WITHDRAWN',
  },
  REVISED: {
    revise: 'REVISED', send: 'SENT', counter: 'COUNTERED', idr: 'IDR_ELIGIBLE',
    review: 'NEEDS_REVIEW', reject: 'REJECTED', withdraw: 'WITHDRAWN',
  },
  // An accepted offer binds: it is settled, or a person looks at it; nobody withdraws or rejects it any more.
  ACCEPTED: { settle: 'SETTLED', review: 'NEEDS_REVIEW' },
  SETTLED: { close: 'CLOSED', reopen: 'NEEDS_REVIEW' },
  NEEDS_REVIEW: {
    review: 'NEEDS_REVIEW', extract: 'EXTRACTED', price: 'PRICED', draft: 'OFFER_DRAFTED', approve: 'APPROVED',
    reject: 'REJECTED', withdraw: 'WITHDRAWN', idr: 'IDR_ELIGIBLE',
  },
  REJECTED: { revise: 'REVISED', idr: 'IDR_ELIGIBLE', close: 'CLOSED', reopen: 'NEEDS_REVIEW' },
  WITHDRAWN: { close: 'CLOSED', reopen: 'NEEDS_REVIEW' },
  // The letter says a late acceptance binds only when we confirm it: accepting an expired offer is that confirmation.
  EXPIRED: { accept: 'ACCEPTED', revise: 'REVISED', idr: 'IDR_ELIGIBLE', close: 'CLOSED', reopen: 'NEEDS_REVIEW' },
  // The parties may still settle while federal IDR is pending.
  IDR_ELIGIBLE: { accept: 'ACCEPTED', close: 'CLOSED', reopen: 'NEEDS_REVIEW' },
  CLOSED: { reopen: 'NEEDS_REVIEW' },
};

export interface TransitionContext {
  /** The case is a No Surprises Act claim: required for `idr`. */
  nsa?: boolean;
  /** For `resume`: the status the case had when it was sent to review (the store keeps it in the review event). */
  resumeTo?: CaseStatus;
}

/** A move the lifecycle refuses. The message names the case (when known), its status and the attempted action. */
export class InvalidTransition extends Error {
  override readonly name = 'InvalidTransition';
  constructor(
    readonly from: CaseStatus,
    readonly action: CaseAction,
    readonly caseId?: string,
    readonly why?: string,
  ) {
    const who = caseId !== undefined ? `case ${caseId}` : 'a case';
    const allowed = allowedActions(from);
    super(
      `cannot ${action} ${who} in status ${from}${why ? `: ${why}` : ''} ` +
        `(allowed from ${from}: ${allowed.length ? allowed.join(', ') : 'nothing'})`,
    );
  }
}

function resolve(current: CaseStatus, action: CaseAction, context: TransitionContext): CaseStatus | { why: string } {
  if (action === 'resume') {
    if (current !== 'NEEDS_REVIEW') return { why: 'only a case in review can resume' };
    const target = context.resumeTo;
    if (target === undefined) return { why: 'resume needs the status the case had before review' };
    if (!OPEN_CASE_STATUSES.includes(target)) return { why: `a case cannot resume to ${target}` };
    return target;
  }
  const next = TABLE[current][action];
  if (next === undefined) return { why: `${action} is not a move from ${current}` };
  if (action === 'idr' && context.nsa !== true) return { why: 'only No Surprises Act claims become IDR-eligible' };
  return next;
}

/** The status `action` leads to from `current`; throws InvalidTransition when the move is not allowed. */
export function nextStatus(current: CaseStatus, action: CaseAction, context: TransitionContext = {}): CaseStatus {
  const next = resolve(current, action, context);
  if (typeof next === 'object') throw new InvalidTransition(current, action, undefined, next.why);
  return next;
}

/** nextStatus for a named case: the error says which case refused the move. */
export function assertTransition(caseId: string, current: CaseStatus, action: CaseAction, context: TransitionContext = {}): CaseStatus {
  const next = resolve(current, action, context);
  if (typeof next === 'object') throw new InvalidTransition(current, action, caseId, next.why);
  return next;
}

/** Whether the move is allowed, without throwing. */
export function canTransition(current: CaseStatus, action: CaseAction, context: TransitionContext = {}): boolean {
  return typeof resolve(current, action, context) === 'string';
}

/** The actions the table allows from `current` (`resume` from review; `idr` listed though it needs an NSA claim). */
export function allowedActions(current: CaseStatus): CaseAction[] {
  const fromTable = Object.keys(TABLE[current]) as CaseAction[];
  const actions = current === 'NEEDS_REVIEW' ? [...fromTable, 'resume' as const] : fromTable;
  return CASE_ACTIONS.filter((a) => actions.includes(a));
}

/** Every (from, action, to) the table holds, for diagrams, docs and tests; `resume` fans out to each open status. */
export function listTransitions(): { from: CaseStatus; action: CaseAction; to: CaseStatus }[] {
  const rows: { from: CaseStatus; action: CaseAction; to: CaseStatus }[] = [];
  for (const [from, moves] of Object.entries(TABLE) as [CaseStatus, Partial<Record<CaseAction, CaseStatus>>][]) {
    for (const action of CASE_ACTIONS) {
      const to = moves[action];
      if (to) rows.push({ from, action, to });
    }
    if (from === 'NEEDS_REVIEW') for (const to of OPEN_CASE_STATUSES) rows.push({ from, action: 'resume', to });
  }
  return rows;
}

export type CaseRole = 'system' | 'negotiator' | 'supervisor' | 'provider';

// The pipeline and the scheduler are `system`; a provider acts only on an offer put to it; approval and reopening a
// closed matter need a negotiator or above (the store can add four-eyes: approver != drafter, from the history).
const ROLE_ACTIONS: Readonly<Record<CaseRole, readonly CaseAction[]>> = {
  system: ['extract', 'price', 'draft', 'review', 'reject', 'expire', 'idr'],
  negotiator: [
    'extract', 'price', 'draft', 'approve', 'send', 'counter', 'revise', 'accept', 'settle',
    'review', 'resume', 'reject', 'withdraw', 'close',
  ],
  supervisor: [
    'extract', 'price', 'draft', 'approve', 'send', 'counter', 'revise', 'accept', 'settle',
    'review', 'resume', 'reject', 'withdraw', 'close', 'reopen',
  ],
  provider: ['counter', 'accept', 'reject', 'withdraw'],
};

// A provider answers an offer that was put to it; it cannot accept its own counter or reject a claim before it is sent.
const PROVIDER_FROM: Readonly<Partial<Record<CaseAction, readonly CaseStatus[]>>> = {
  counter: ['SENT', 'COUNTERED'],
  accept: ['SENT'],
  reject: ['SENT'],
  withdraw: ['RECEIVED', 'EXTRACTED', 'PRICED', 'OFFER_DRAFTED', 'APPROVED', 'SENT', 'COUNTERED', 'REVISED', 'NEEDS_REVIEW'],
};

export function actionsForRole(role: CaseRole): CaseAction[] {
  return [...ROLE_ACTIONS[role]];
}

/** Whether `role` may take `action` on a case in `current` (the role's rights and the lifecycle both allow it). */
export function roleMayTake(role: CaseRole, current: CaseStatus, action: CaseAction, context: TransitionContext = {}): boolean {
  if (!ROLE_ACTIONS[role].includes(action)) return false;
  if (role === 'provider' && !(PROVIDER_FROM[action] ?? []).includes(current)) return false;
  return canTransition(current, action, context);
}

/** assertTransition that also checks the role; the error names the role when it is the role that may not act. */
export function assertRoleTransition(
  caseId: string,
  role: CaseRole,
  current: CaseStatus,
  action: CaseAction,
  context: TransitionContext = {},
): CaseStatus {
  const next = assertTransition(caseId, current, action, context);
  if (!roleMayTake(role, current, action, context)) {
    throw new InvalidTransition(current, action, caseId, `a ${role} may not ${action} a case in ${current}`);
  }
  return next;
}
