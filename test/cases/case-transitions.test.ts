// Every action the service offers, from every status, by every role: it moves the case exactly where the lifecycle
// says, or refuses with an InvalidTransition that names the case, its status and the move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseActor, CaseService } from '#shared/cases/case-service.ts';
import { InvalidTransition, nextStatus, roleMayTake, type CaseAction } from '#shared/cases/lifecycle.ts';
import { CaseStatus, Offer, type CaseRecord } from '#shared/model/case.ts';
import { LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { caseFixture } from '../support/bill-fixture.ts';
import { NEGOTIATOR, PROVIDER, SUPERVISOR, pricingFor, startCaseDesk, storedCase, threeLineBill, type CaseDesk } from './support/case-desk.ts';

let desk: CaseDesk;
let service: CaseService;

beforeAll(async () => {
  desk = await startCaseDesk();
  service = desk.service();
});
afterAll(async () => desk?.stop());

const bill = threeLineBill();
const pricing = pricingFor(bill, [18_571, 10_000, 2_857], [26_000, 14_000, 4_000]);
const letterV1 = { bucket: LETTERS_BUCKET.name, key: 'x/offer-v1.pdf', version: 1, createdAt: '2025-04-01T10:00:00.000Z' };
const lines = [{ lineNumber: 1, offerCents: 26_000 }, { lineNumber: 2, offerCents: 14_000 }, { lineNumber: 3, offerCents: 4_000 }];
const v1 = Offer.parse({ version: 1, totalOfferCents: 44_000, lines, letter: letterV1, draftedAt: '2025-04-01T10:00:00.000Z', draftedBy: 'system:draft' });
const v1Sent = { ...v1, approvedBy: 'user:nina', approvedByRole: 'negotiator', sentOn: '2025-04-01', sentBy: 'user:nina', expiresOn: '2025-05-01' };
const v2Draft = Offer.parse({ ...v1, version: 2, totalOfferCents: 50_000, source: 'edit', letter: { ...letterV1, version: 2 } });
const counter = {
  amountCents: 70_000, receivedOn: '2025-04-03', note: null, attachmentKey: null, signatory: { name: 'Pat Quinn', title: null },
  answersVersion: 1, recordedBy: 'provider:x', recordedAt: '2025-04-03T10:00:00.000Z',
};
const deadlines = { nsa: false, openNegotiationStart: null, responseNoticeDue: null, openNegotiationEnds: null, idrInitiationOpens: null, idrInitiationDeadline: null, offerExpiresOn: '2025-05-01' };
const negotiation = (over: Partial<NonNullable<CaseRecord['negotiation']>>) => ({
  offers: [], counters: [], agreedCents: null, acceptance: null, settlementLetter: null, settledAt: null, settledBy: null, ...over,
});
const acceptance = { name: 'Pat Quinn', title: null, signedOn: '2025-04-05', party: 'provider' as const, accepted: 'offer' as const, offerVersion: 1, recordedBy: 'provider:x', recordedAt: '2025-04-05T10:00:00.000Z' };

/** The case a status implies: what has been drafted, sent, countered or agreed by the time a case gets there. */
function stateOf(status: CaseStatus): Partial<CaseRecord> {
  const sent = { pricing, letter: letterV1, deadlines, negotiation: negotiation({ offers: [v1Sent] }) };
  switch (status) {
    case 'RECEIVED':
    case 'EXTRACTED':
      return {};
    case 'PRICED':
      return { pricing };
    case 'OFFER_DRAFTED':
      return { pricing, letter: letterV1 };
    case 'NEEDS_REVIEW':
      return { pricing, letter: letterV1, statusBeforeReview: 'OFFER_DRAFTED', reasons: ['check the units'] };
    case 'APPROVED':
      return { pricing, letter: letterV1, negotiation: negotiation({ offers: [{ ...v1, approvedBy: 'user:nina', approvedByRole: 'negotiator' }] }) };
    case 'SENT':
      return sent;
    case 'REVISED':
      return { ...sent, negotiation: negotiation({ offers: [v1Sent, v2Draft], counters: [counter] }) };
    case 'ACCEPTED':
    case 'SETTLED':
      return { ...sent, negotiation: negotiation({ offers: [v1Sent], agreedCents: 44_000, acceptance }) };
    case 'IDR_ELIGIBLE':
      return { ...sent, nsa: { openNegotiationStart: '2025-04-01' }, negotiation: negotiation({ offers: [v1Sent], counters: [counter] }) };
    default:
      return { ...sent, negotiation: negotiation({ offers: [v1Sent], counters: [counter] }) };
  }
}

const ACTIONS: { action: CaseAction; run: (id: string, version: number, actor: CaseActor) => Promise<{ status: CaseStatus }> }[] = [
  { action: 'approve', run: (id, v, a) => service.approve(id, v, a) },
  { action: 'send', run: (id, v, a) => service.send(id, v, a) },
  { action: 'counter', run: (id, v, a) => service.counter(id, v, a, { amountCents: 60_000 }) },
  { action: 'revise', run: (id, v, a) => service.revise(id, v, a, { edit: { totalOfferCents: 48_000 } }) },
  {
    action: 'accept',
    run: (id, v, a) => service.accept(id, v, a, { signature: { name: 'Pat Quinn' }, counterpartySignature: { name: 'Dana Whitfield' } }),
  },
  { action: 'settle', run: (id, v, a) => service.settle(id, v, a) },
  { action: 'reject', run: (id, v, a) => service.reject(id, v, a, { reason: 'declined' }) },
  { action: 'withdraw', run: (id, v, a) => service.withdraw(id, v, a, { reason: 'paid elsewhere' }) },
  { action: 'close', run: (id, v, a) => service.close(id, v, a) },
  { action: 'reopen', run: (id, v, a) => service.reopen(id, v, a, { reason: 'provider wrote again' }) },
  { action: 'review', run: (id, v, a) => service.review(id, v, a, { reason: 'looks odd' }) },
  { action: 'resume', run: (id, v, a) => service.resume(id, v, a) },
];

const ROLES: CaseActor[] = [NEGOTIATOR, SUPERVISOR, PROVIDER];

describe.each(CaseStatus.options)('from %s', (status) => {
  it('every action by every role moves the case where the lifecycle says, or is refused naming case, status and move', async () => {
    const outcomes: string[] = [];
    for (const { action, run } of ACTIONS) {
      for (const actor of ROLES) {
        const id = `T-${status}-${action}-${actor.role}`;
        const state = stateOf(status);
        const record = await storedCase(desk, caseFixture(id, { status, bill, ...state, ...(state.letter ? { letter: { ...state.letter, key: `${id}/offer-v1.pdf` } } : {}) }));
        const context = { nsa: record.nsa !== null, resumeTo: record.statusBeforeReview ?? undefined };
        const allowed = roleMayTake(actor.role === 'provider' ? 'provider' : actor.role === 'supervisor' ? 'supervisor' : 'negotiator', status, action, context);
        const result = await run(id, record.version, actor).then(
          (moved) => ({ ok: true as const, status: moved.status }),
          (error: Error) => ({ ok: false as const, error }),
        );
        if (allowed) {
          if (!result.ok) throw new Error(`${id}: expected ${action} to succeed, got ${result.error.name}: ${result.error.message}`);
          expect(result.status, id).toBe(nextStatus(status, action, context));
          const stored = (await desk.repository.getCase(id))!;
          expect(stored.version, id).toBe(record.version + 1);
          expect((await desk.repository.listEvents(id)).at(-1), id).toMatchObject({ actor: actor.id, fromStatus: status, toStatus: result.status === status ? null : result.status });
          outcomes.push(`${action}/${actor.role} -> ${result.status}`);
        } else {
          if (result.ok) throw new Error(`${id}: expected ${action} by a ${actor.role} to be refused, it moved to ${result.status}`);
          expect(result.error, id).toBeInstanceOf(InvalidTransition);
          expect(result.error.message, id).toContain(`cannot ${action} case ${id} in status ${status}`);
          const stored = (await desk.repository.getCase(id))!;
          expect(stored.version, id).toBe(record.version);
          expect(stored.status, id).toBe(status);
        }
      }
    }
    // Each status allows some move by someone (CLOSED: a supervisor's reopen).
    expect(outcomes.length).toBeGreaterThan(0);
  });
});

describe('refusals a negotiator meets', () => {
  it('say what is allowed instead', async () => {
    await storedCase(desk, caseFixture('T-MSG-1', { status: 'OFFER_DRAFTED', bill, ...stateOf('OFFER_DRAFTED') }));
    await expect(service.send('T-MSG-1', 1, NEGOTIATOR)).rejects.toThrow(
      'cannot send case T-MSG-1 in status OFFER_DRAFTED: send is not a move from OFFER_DRAFTED (allowed from OFFER_DRAFTED: draft, approve, review, reject, withdraw, idr)',
    );
    await expect(service.approve('T-MSG-1', 1, PROVIDER)).rejects.toThrow(
      'cannot approve case T-MSG-1 in status OFFER_DRAFTED: a provider may not approve a case in OFFER_DRAFTED',
    );
    await storedCase(desk, caseFixture('T-MSG-2', { status: 'SETTLED', bill, ...stateOf('SETTLED') }));
    await expect(service.reopen('T-MSG-2', 1, NEGOTIATOR)).rejects.toThrow('a negotiator may not reopen a case in SETTLED');
  });
});
