import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFound, VersionConflict } from '#shared/cases/case-repository.ts';
import { InvalidCaseInput, SupervisorApprovalRequired, ActionNotAllowed } from '#shared/cases/case-errors.ts';
import { InvalidTransition } from '#shared/cases/lifecycle.ts';
import { LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { readPdfText } from '../letters/read-pdf.ts';
import {
  NEGOTIATOR,
  OTHER_NEGOTIATOR,
  OTHER_PROVIDER,
  PROVIDER,
  SUPERVISOR,
  draftedCase,
  pricingFor,
  startCaseDesk,
  threeLineBill,
  type CaseDesk,
} from './support/case-desk.ts';

let desk: CaseDesk;

beforeAll(async () => {
  desk = await startCaseDesk();
});
afterAll(async () => desk?.stop());

/** PDF text with line breaks as spaces: sentences wrap wherever the layout puts them. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await readPdfText(bytes)).text.replace(/\s+/g, ' ');
}

const at = (iso: string) => {
  desk.clock.now = new Date(iso);
};

describe('working a case from the drafted offer to settlement', () => {
  it('approves, sends, takes a counter, revises, sends again, accepts, settles and closes, with every step in the history', async () => {
    const service = desk.service();
    at('2025-04-07T15:00:00.000Z');
    let c = await draftedCase(desk, 'FLOW-1');
    c = await service.approve(c.id, c.version, NEGOTIATOR, { reason: 'benchmarks check out' });
    expect(c).toMatchObject({ status: 'APPROVED', version: 2 });
    expect(c.negotiation.offers).toEqual([
      expect.objectContaining({ version: 1, totalOfferCents: 44_000, approvedBy: 'user:nina', sentOn: null, source: 'pricing' }),
    ]);

    c = await service.send(c.id, c.version, NEGOTIATOR, { to: 'billing@chelsea-ortho.example' });
    expect(c.status).toBe('SENT');
    // Not an NSA claim: the offer is open 30 calendar days from the day it was sent.
    expect(c.deadlines).toMatchObject({ nsa: false, offerExpiresOn: '2025-05-07', openNegotiationEnds: null });
    expect(c.nextDeadline).toEqual({ date: '2025-05-07', kind: 'offer-expiry' });
    expect(c.negotiation.offers[0]).toMatchObject({ sentOn: '2025-04-07', sentBy: 'user:nina', sentTo: 'billing@chelsea-ortho.example', expiresOn: '2025-05-07' });
    const mail = desk.mailer.sent.find((m) => m.caseId === 'FLOW-1')!;
    expect(mail).toMatchObject({ to: 'billing@chelsea-ortho.example', version: 1, fileName: 'FLOW-1-offer-v1.pdf' });
    const sentLetter = await pdfText(mail.letterPdf);
    expect(sentLetter).toContain('$440.00');
    expect(sentLetter).toMatch(/expires on May 7, 2025/);

    at('2025-04-14T16:00:00.000Z');
    c = await service.counter(c.id, c.version, PROVIDER, { amountCents: 70_000, note: 'Our floor is 60% of billed', signatory: { name: 'Pat Quinn', title: 'Billing Manager' } });
    expect(c.status).toBe('COUNTERED');
    expect(c.negotiation.counters).toEqual([
      expect.objectContaining({ amountCents: 70_000, receivedOn: '2025-04-14', answersVersion: 1, recordedBy: 'provider:chelsea-billing' }),
    ]);

    c = await service.revise(c.id, c.version, NEGOTIATOR, { edit: { totalOfferCents: 55_000 }, reason: 'meet halfway' });
    expect(c.status).toBe('REVISED');
    expect(c.letter).toMatchObject({ key: 'FLOW-1/offer-v2.pdf', version: 2 });
    expect(c.negotiation.offers.map((o) => [o.version, o.totalOfferCents, o.sentOn])).toEqual([
      [1, 44_000, '2025-04-07'],
      [2, 55_000, null],
    ]);
    expect(c.pricing!.totals.offerCents).toBe(55_000);

    c = await service.send(c.id, c.version, NEGOTIATOR);
    expect(c.status).toBe('SENT');
    expect(c.deadlines!.offerExpiresOn).toBe('2025-05-14');
    const revised = await pdfText(await desk.objects.get({ bucket: LETTERS_BUCKET.name, key: 'FLOW-1/offer-v2.pdf' }));
    expect(revised).toContain('Revised offer, version 2');
    expect(revised).toContain('Thank you for your counteroffer of $700.00, received on April 14, 2025');
    expect(revised).toContain('our earlier offer of $440.00 dated April 7, 2025');
    expect(revised).toContain('$550.00');
    // The method says how the negotiated amount relates to the benchmarks ($550.00 / $314.28 = 175.0%).
    expect(revised).toContain('Negotiated: the offer of $550.00 is 175.0% of the total benchmark ($314.28), spread over the lines in proportion to their benchmarks');

    at('2025-04-21T14:00:00.000Z');
    c = await service.accept(c.id, c.version, PROVIDER, { signature: { name: 'Pat Quinn', title: 'Billing Manager' } });
    expect(c.status).toBe('ACCEPTED');
    expect(c.negotiation).toMatchObject({
      agreedCents: 55_000,
      acceptance: { name: 'Pat Quinn', title: 'Billing Manager', signedOn: '2025-04-21', party: 'provider', accepted: 'offer', offerVersion: 2 },
      settlementLetter: { key: 'FLOW-1/settlement.pdf' },
    });
    expect(c.nextDeadline).toBeNull();
    const agreement = await pdfText(await desk.objects.get({ bucket: LETTERS_BUCKET.name, key: 'FLOW-1/settlement.pdf' }));
    expect(agreement).toContain('SETTLEMENT AGREEMENT');
    expect(agreement).toContain('$1,140.00'); // billed
    expect(agreement).toContain('$550.00'); // agreed
    expect(agreement).toContain('version 2');
    expect(agreement).toContain('/s/ Pat Quinn');
    expect(agreement).toContain('/s/ Dana Whitfield');
    expect(agreement).toContain('Pat Quinn, Billing Manager');

    c = await service.settle(c.id, c.version, NEGOTIATOR);
    expect(c.status).toBe('SETTLED');
    expect(c.negotiation.settledBy).toBe('user:nina');
    c = await service.close(c.id, c.version, NEGOTIATOR, { reason: 'paid' });
    expect(c).toMatchObject({ status: 'CLOSED', version: 9 });

    const history = await desk.repository.listEvents('FLOW-1');
    expect(history.map((e) => [e.type, e.fromStatus, e.toStatus, e.actor])).toEqual([
      ['case.created', null, 'OFFER_DRAFTED', 'system:draft'],
      ['offer.approved', 'OFFER_DRAFTED', 'APPROVED', 'user:nina'],
      ['offer.sent', 'APPROVED', 'SENT', 'user:nina'],
      ['counter.recorded', 'SENT', 'COUNTERED', 'provider:chelsea-billing'],
      ['offer.revised', 'COUNTERED', 'REVISED', 'user:nina'],
      ['offer.sent', 'REVISED', 'SENT', 'user:nina'],
      ['offer.accepted', 'SENT', 'ACCEPTED', 'provider:chelsea-billing'],
      ['case.settled', 'ACCEPTED', 'SETTLED', 'user:nina'],
      ['case.closed', 'SETTLED', 'CLOSED', 'user:nina'],
    ]);
    expect(history[4]).toMatchObject({ reason: 'meet halfway', data: { offerVersion: 2, offerCents: 55_000, previousOfferCents: 44_000, edit: 'total' } });
    expect(await desk.letterKeys('FLOW-1')).toEqual(['FLOW-1/offer-v1.pdf', 'FLOW-1/offer-v2.pdf', 'FLOW-1/settlement.pdf']);
  });

  it('lets a negotiator accept the provider counter: the counter becomes the agreed version, signed by both sides', async () => {
    const service = desk.service();
    at('2025-04-07T15:00:00.000Z');
    let c = await draftedCase(desk, 'FLOW-2');
    c = await service.approve(c.id, c.version, NEGOTIATOR);
    c = await service.send(c.id, c.version, NEGOTIATOR);
    c = await service.counter(c.id, c.version, NEGOTIATOR, { amountCents: 50_000, receivedOn: '2025-04-10', note: 'by fax' });
    await expect(service.accept(c.id, c.version, NEGOTIATOR, { signature: { name: 'Dana Whitfield' } })).rejects.toThrow(
      "case FLOW-2: counterpartySignature: the counteroffer names no signatory: give the provider's signature",
    );
    c = await service.accept(c.id, c.version, NEGOTIATOR, {
      signature: { name: 'Dana Whitfield', title: 'Senior Claims Negotiator' },
      counterpartySignature: { name: 'Lee Park', title: 'Office Manager' },
    });
    expect(c.status).toBe('ACCEPTED');
    expect(c.negotiation.agreedCents).toBe(50_000);
    expect(c.negotiation.offers.at(-1)).toMatchObject({ version: 2, source: 'counter', totalOfferCents: 50_000, letter: null });
    expect(c.negotiation.acceptance).toMatchObject({ party: 'plan', accepted: 'counter', offerVersion: 2, name: 'Dana Whitfield' });
    const agreement = await pdfText(await desk.objects.get({ bucket: LETTERS_BUCKET.name, key: 'FLOW-2/settlement.pdf' }));
    expect(agreement).toContain('$500.00');
    expect(agreement).toContain('/s/ Lee Park');
    expect(agreement).toContain('/s/ Dana Whitfield');
    expect(agreement).toContain('version 2 of 04/10/2025');
  });
});

describe('offer edits', () => {
  it('spreads a new total over the lines in proportion to their benchmarks, in cents that add up exactly', async () => {
    const service = desk.service();
    let c = await draftedCase(desk, 'EDIT-1');
    c = await service.editOffer(c.id, c.version, NEGOTIATOR, { totalOfferCents: 40_001 });
    expect(c.status).toBe('OFFER_DRAFTED');
    const offers = c.pricing!.lines.map((l) => l.offerCents);
    expect(offers.reduce((a, b) => a! + b!, 0)).toBe(40_001);
    // 18571 : 10000 : 2857 of 40001 = 23637.2.. : 12728.0.. : 3636.4..; the spare cent goes to the largest remainder.
    expect(offers).toEqual([23_637, 12_728, 3_636]);
    expect(c.negotiation.offers).toEqual([expect.objectContaining({ version: 1, totalOfferCents: 40_001, source: 'edit', approvedBy: null })]);
    expect(c.pricing!.lines[0]!.flags).toEqual([expect.objectContaining({ code: 'OFFER_EDITED', message: 'Offer set by a negotiator (the rule gave $260.00).' })]);
    // Still version 1: nothing has been sent yet, so the draft letter is rewritten.
    expect(await desk.letterKeys('EDIT-1')).toEqual(['EDIT-1/offer-v1.pdf']);
  });

  it('fills lines up to what they billed and gives the rest to the others; refuses a total above billed', async () => {
    const service = desk.service();
    let c = await draftedCase(desk, 'EDIT-2');
    c = await service.editOffer(c.id, c.version, NEGOTIATOR, { totalOfferCents: 110_000 });
    const offers = c.pricing!.lines.map((l) => l.offerCents!);
    expect(offers.reduce((a, b) => a + b, 0)).toBe(110_000);
    offers.forEach((offer, i) => expect(offer).toBeLessThanOrEqual(c.bill.lines[i]!.chargeCents));
    expect(offers[0]).toBe(45_000);
    await expect(service.editOffer(c.id, c.version, NEGOTIATOR, { totalOfferCents: 114_001 })).rejects.toThrow(
      'case EDIT-2: totalOfferCents: the offer $1,140.01 is above what the priced lines billed ($1,140.00)',
    );
    await expect(service.editOffer(c.id, c.version, NEGOTIATOR, { lines: [{ lineNumber: 2, offerCents: 39_001 }] })).rejects.toThrow(
      'case EDIT-2: line 2: the offer $390.01 is above what the line billed ($390.00)',
    );
    await expect(service.editOffer(c.id, c.version, NEGOTIATOR, { lines: [{ lineNumber: 9, offerCents: 1 }] })).rejects.toBeInstanceOf(InvalidCaseInput);
  });

  it('edits single lines and voids an approval (back to OFFER_DRAFTED)', async () => {
    const service = desk.service();
    let c = await draftedCase(desk, 'EDIT-3');
    c = await service.approve(c.id, c.version, NEGOTIATOR);
    c = await service.editOffer(c.id, c.version, NEGOTIATOR, { lines: [{ lineNumber: 3, offerCents: 5_000 }] });
    expect(c.status).toBe('OFFER_DRAFTED');
    expect(c.pricing!.totals.offerCents).toBe(45_000);
    expect(c.negotiation.offers).toEqual([expect.objectContaining({ version: 1, totalOfferCents: 45_000, approvedBy: null })]);
    expect(c.pricing!.methodSummary).toMatch(/ Negotiated: the offer for line 3 was set in negotiation; the total offer of \$450\.00 is 143\.2% of the total benchmark \(\$314\.28\)\.$/);
    // A second edit replaces the sentence instead of adding another.
    c = await service.editOffer(c.id, c.version, NEGOTIATOR, { lines: [{ lineNumber: 1, offerCents: 25_000 }] });
    expect(c.pricing!.methodSummary.match(/Negotiated:/g)).toHaveLength(1);
    expect(c.pricing!.methodSummary).toContain('the offer for lines 1 and 3 was set in negotiation');
  });

  it('after an offer went out, an edit is a revision with a new letter version', async () => {
    const service = desk.service();
    let c = await draftedCase(desk, 'EDIT-4');
    c = await service.approve(c.id, c.version, NEGOTIATOR);
    c = await service.send(c.id, c.version, NEGOTIATOR);
    c = await service.editOffer(c.id, c.version, NEGOTIATOR, { totalOfferCents: 48_000 });
    expect(c.status).toBe('REVISED');
    expect(c.negotiation.offers.map((o) => o.version)).toEqual([1, 2]);
    // Editing the unsent revision again rewrites version 2.
    c = await service.editOffer(c.id, c.version, NEGOTIATOR, { totalOfferCents: 49_000 });
    expect(c.negotiation.offers.map((o) => [o.version, o.totalOfferCents])).toEqual([[1, 44_000], [2, 49_000]]);
    expect(await desk.letterKeys('EDIT-4')).toEqual(['EDIT-4/offer-v1.pdf', 'EDIT-4/offer-v2.pdf']);
  });
});

describe('guards', () => {
  it('lets one of two negotiators editing the same version win; the other gets a conflict naming the case, and loses nothing on retry', async () => {
    const service = desk.service();
    const c = await draftedCase(desk, 'RACE-1');
    const outcomes = await Promise.allSettled([
      service.editOffer(c.id, c.version, NEGOTIATOR, { lines: [{ lineNumber: 1, offerCents: 30_000 }] }),
      service.editOffer(c.id, c.version, OTHER_NEGOTIATOR, { lines: [{ lineNumber: 2, offerCents: 20_000 }] }),
    ]);
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(VersionConflict);
    expect(lost[0]!.reason.message).toContain('case RACE-1 was changed by someone else (you edited version 1, it is now version 2)');
    // The loser reloads and applies the edit again: both edits are in the case, each in the history once.
    const loserEdit = outcomes[0]!.status === 'rejected' ? { lineNumber: 1, offerCents: 30_000 } : { lineNumber: 2, offerCents: 20_000 };
    const loser = outcomes[0]!.status === 'rejected' ? NEGOTIATOR : OTHER_NEGOTIATOR;
    const fresh = (await desk.repository.getCase('RACE-1'))!;
    const final = await service.editOffer('RACE-1', fresh.version, loser, { lines: [loserEdit] });
    expect(final.pricing!.lines.slice(0, 2).map((l) => l.offerCents)).toEqual([30_000, 20_000]);
    expect((await desk.repository.listEvents('RACE-1')).filter((e) => e.type === 'offer.edited')).toHaveLength(2);
  });

  it('refuses a stale version before writing any letter', async () => {
    const service = desk.service();
    let c = await draftedCase(desk, 'STALE-1');
    c = await service.approve(c.id, c.version, NEGOTIATOR);
    await expect(service.send(c.id, 1, NEGOTIATOR)).rejects.toThrow('case STALE-1 was changed by someone else (you edited version 1, it is now version 2)');
    expect((await desk.repository.getCase('STALE-1'))!.status).toBe('APPROVED');
  });

  it('needs a supervisor to approve an offer above the limit; a negotiator may then send it', async () => {
    const service = desk.service({ settings: { supervisorApprovalAboveCents: 40_000 } });
    let c = await draftedCase(desk, 'LIMIT-1');
    const refused = service.approve(c.id, c.version, NEGOTIATOR);
    await expect(refused).rejects.toBeInstanceOf(SupervisorApprovalRequired);
    await expect(refused).rejects.toThrow('cannot approve case LIMIT-1 as a negotiator: the amount $440.00 is above the supervisor limit $400.00');
    c = await service.approve(c.id, c.version, SUPERVISOR);
    expect(c.negotiation.offers[0]).toMatchObject({ approvedBy: 'user:sam', approvedByRole: 'supervisor' });
    c = await service.send(c.id, c.version, NEGOTIATOR);
    expect(c.status).toBe('SENT');
    // A negotiator's revision above the limit is refused too; under it, it goes through.
    c = await service.counter(c.id, c.version, PROVIDER, { amountCents: 90_000 });
    await expect(service.revise(c.id, c.version, NEGOTIATOR, { edit: { totalOfferCents: 45_000 } })).rejects.toBeInstanceOf(SupervisorApprovalRequired);
    c = await service.revise(c.id, c.version, NEGOTIATOR, { edit: { totalOfferCents: 39_000 } });
    expect(c.status).toBe('REVISED');
  });

  it('lets a provider act only on its own TIN, and answers "not found" for the others', async () => {
    const service = desk.service();
    let c = await draftedCase(desk, 'TIN-1');
    c = await service.approve(c.id, c.version, NEGOTIATOR);
    c = await service.send(c.id, c.version, NEGOTIATOR);
    await expect(service.counter(c.id, c.version, OTHER_PROVIDER, { amountCents: 1_000 })).rejects.toBeInstanceOf(NotFound);
    await expect(service.getCase(c.id, OTHER_PROVIDER)).rejects.toThrow('case TIN-1 not found');
    await expect(service.approve(c.id, c.version, PROVIDER)).rejects.toThrow(InvalidTransition);
    expect((await service.getCase(c.id, PROVIDER)).id).toBe('TIN-1');
  });

  it('records every read of a case as an event, without a new version', async () => {
    const service = desk.service();
    const c = await draftedCase(desk, 'READ-1');
    await service.getCase('READ-1', NEGOTIATOR);
    at('2025-04-07T15:00:01.000Z');
    await service.history('READ-1', SUPERVISOR);
    const reads = (await desk.repository.listEvents('READ-1')).filter((e) => e.type === 'case.read');
    expect(reads.map((e) => [e.actor, e.data.view])).toEqual([
      ['user:nina', 'case'],
      ['user:sam', 'history'],
    ]);
    expect((await desk.repository.getCase('READ-1'))!.version).toBe(c.version);
  });

  it('assigns: a negotiator takes a case, only a supervisor assigns someone else', async () => {
    const service = desk.service();
    let c = await draftedCase(desk, 'ASSIGN-1');
    c = await service.assign(c.id, c.version, NEGOTIATOR, { assignee: NEGOTIATOR.id });
    expect(c.assignee).toBe('user:nina');
    await expect(service.assign(c.id, c.version, NEGOTIATOR, { assignee: 'user:omar' })).rejects.toBeInstanceOf(ActionNotAllowed);
    await expect(service.assign(c.id, c.version, PROVIDER, { assignee: 'provider:x' })).rejects.toBeInstanceOf(ActionNotAllowed);
    c = await service.assign(c.id, c.version, SUPERVISOR, { assignee: 'user:omar' });
    expect(c.assignee).toBe('user:omar');
    expect((await service.queue(OTHER_NEGOTIATOR)).cases.map((x) => x.id)).toContain('ASSIGN-1');
    expect((await service.queue(NEGOTIATOR)).cases.map((x) => x.id)).not.toContain('ASSIGN-1');
  });
});

describe('No Surprises Act claims', () => {
  it('start open negotiation when the first offer is sent and print its windows in the letter', async () => {
    const service = desk.service();
    at('2025-11-20T15:00:00.000Z');
    let c = await draftedCase(desk, 'NSA-1');
    c = await service.markNsa(c.id, c.version, NEGOTIATOR, { reason: 'emergency care' });
    expect(c.nsa).toEqual({ openNegotiationStart: null });
    expect(c.deadlines).toBeNull();
    c = await service.approve(c.id, c.version, NEGOTIATOR);
    c = await service.send(c.id, c.version, NEGOTIATOR);
    // 30 business days from Thu 2025-11-20, skipping Thanksgiving (11-27), Christmas (12-25) and New Year (2026-01-01).
    expect(c.nsa).toEqual({ openNegotiationStart: '2025-11-20' });
    expect(c.deadlines).toMatchObject({ nsa: true, openNegotiationEnds: '2026-01-06', idrInitiationDeadline: '2026-01-12', offerExpiresOn: '2026-01-06' });
    expect(c.nextDeadline).toEqual({ date: '2026-01-06', kind: 'open-negotiation-ends' });
    const letter = await pdfText(await desk.objects.get({ bucket: LETTERS_BUCKET.name, key: 'NSA-1/offer-v1.pdf' }));
    expect(letter).toContain('No Surprises Act');
    expect(letter).toContain('January 6, 2026');
    expect(letter).toContain('January 12, 2026');
  });
});

describe('a re-run after a crash', () => {
  it('writes the same letter key again instead of a second letter, and the retry completes', async () => {
    let failNext = true;
    const flaky = new Proxy(desk.repository, {
      get(target, property, receiver) {
        if (property === 'updateCase' && failNext) {
          return async () => {
            failNext = false;
            throw new Error('crashed after the letter was written');
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const service = desk.service({ cases: flaky });
    let c = await draftedCase(desk, 'CRASH-1', { pricing: pricingFor(threeLineBill(), [18_571, 10_000, 2_857], [26_000, 14_000, 4_000]) });
    c = await service.approve(c.id, c.version, NEGOTIATOR).catch(() => service.approve(c.id, c.version, NEGOTIATOR));
    c = await service.send(c.id, c.version, NEGOTIATOR);
    c = await service.counter(c.id, c.version, PROVIDER, { amountCents: 80_000 });
    failNext = true;
    await expect(service.revise(c.id, c.version, NEGOTIATOR, { edit: { totalOfferCents: 50_000 } })).rejects.toThrow('crashed');
    expect(await desk.letterKeys('CRASH-1')).toEqual(['CRASH-1/offer-v1.pdf', 'CRASH-1/offer-v2.pdf']);
    c = await service.revise(c.id, c.version, NEGOTIATOR, { edit: { totalOfferCents: 50_000 } });
    expect(c.negotiation.offers.map((o) => o.version)).toEqual([1, 2]);
    expect(await desk.letterKeys('CRASH-1')).toEqual(['CRASH-1/offer-v1.pdf', 'CRASH-1/offer-v2.pdf']);
    expect((await desk.repository.listEvents('CRASH-1')).filter((e) => e.type === 'offer.revised')).toHaveLength(1);
  });
});
