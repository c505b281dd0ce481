// The negotiation desk's actions on a case, one function each, all through the guarded write of case-transition.ts
// (load, check the role and the lifecycle, apply, write the case with its history event in one version-guarded
// transaction). Ports only (repository, object store, mailer). The deadline sweep lives apart (deadline-sweep.ts).
import {
  Counteroffer,
  Offer,
  type Acceptance,
  type CaseDeadlines,
  type CaseEvent,
  type CaseStatus,
  type LetterRef,
  type Negotiation,
  type StoredCase,
} from '../model/case.ts';
import type { PricedBill } from '../model/pricing.ts';
import { renderOfferLetter } from '../letters/offer-letter.ts';
import { offerLetterInputFor } from '../letters/offer-letter-from-case.ts';
import type { OfferLetterInput } from '../letters/offer-letter-input.ts';
import { renderSettlementAgreement } from '../letters/settlement-agreement.ts';
import type { LetterSettings } from '../pipeline/letter-settings.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { addCalendarDays, dayNumber } from './business-days.ts';
import { ActionNotAllowed, InvalidCaseInput, SupervisorApprovalRequired } from './case-errors.ts';
import { lifecycleRole, visibleTo, type CaseActor } from './case-actor.ts';
import { NotFound, type CaseListQuery, type CasePage, type CaseRepository } from './case-repository.ts';
import type { CaseSettings } from './case-settings.ts';
import { loadAtVersion, loadCase, statusContext, transitionCase, WITHOUT_DEADLINE, writeCase, type Applied } from './case-transition.ts';
import { computeDeadlines, DEFAULT_OFFER_EXPIRY_DAYS } from './deadlines.ts';
import { sweepDeadlines, type SweepResult } from './deadline-sweep.ts';
import { offerLetterKey, settlementKey } from './letter-keys.ts';
import { InvalidTransition, type CaseAction, type CaseRole, type TransitionContext } from './lifecycle.ts';
import { applyOfferEdit, offerAmounts, type OfferEdit } from './offer-edit.ts';
import { isEmailAddress, type OfferMailer } from './offer-mailer.ts';

export { billingTin, visibleTo, type CaseActor } from './case-actor.ts';
export { DEADLINE_SWEEPER, type SweepResult } from './deadline-sweep.ts';

export interface CaseServiceDeps {
  cases: CaseRepository;
  objects: ObjectStore;
  buckets: { letters: string };
  letters: LetterSettings;
  settings: CaseSettings;
  /** Emails sent letters; without it, `send` with a recipient is refused. */
  mailer?: OfferMailer;
  now(): Date;
}

export interface ActionInput {
  /** Why, in words: kept in the history event. */
  reason?: string | null;
}

export interface SendInput extends ActionInput {
  /** Email the letter to this address (through the OfferMailer); without it the letter is recorded as sent by hand. */
  to?: string | null;
}

export interface CounterInput extends ActionInput {
  amountCents: number;
  /** Default: today. */
  receivedOn?: string | null;
  note?: string | null;
  attachmentKey?: string | null;
  signatory?: { name: string; title?: string | null } | null;
}

export interface ReviseInput extends ActionInput {
  /** New amounts; without it the current amounts are issued again (e.g. after an offer expired). */
  edit?: OfferEdit | null;
}

export interface SignatureInput {
  name: string;
  title?: string | null;
  /** Default: today. */
  signedOn?: string | null;
}

export interface AcceptInput extends ActionInput {
  /** The accepting party's signature: the provider's on our offer, the plan's on the provider's counter. */
  signature: SignatureInput;
  /** The other party's signature on the agreement; defaults: the plan's signer from the letter settings, or the counter's signatory. */
  counterpartySignature?: SignatureInput | null;
}

export interface NsaInput extends ActionInput {
  nsa?: boolean;
  openNegotiationStart?: string | null;
}

export interface ReadOptions {
  /** Record the read in the case's history (default true). */
  log?: boolean;
  /** What was read, for the access log ("case", "history", "export"...). */
  view?: string;
}

export interface QueueQuery {
  status?: CaseStatus;
  tin?: string;
  /** Negotiators see their own queue unless they ask for everyone's. */
  scope?: 'mine' | 'all';
  limit?: number;
  cursor?: string;
}

/** Statuses a case is worked in: the queue. Ended outcomes (settled, rejected, withdrawn, closed) are not in it. */
export const QUEUE_STATUSES: readonly CaseStatus[] = [
  'RECEIVED', 'EXTRACTED', 'PRICED', 'OFFER_DRAFTED', 'APPROVED', 'SENT', 'COUNTERED', 'REVISED', 'ACCEPTED',
  'NEEDS_REVIEW', 'EXPIRED', 'IDR_ELIGIBLE',
];


export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  // ---- reads (each one is an event: the PHI access log) ----

  /**
   * The case, if the actor may see it; the read is recorded unless `log` is false (the API's auth layer logs the reads
   * of the routes it serves). A provider asking for another TIN's case gets NotFound.
   */
  async getCase(caseId: string, actor: CaseActor, options: ReadOptions = {}): Promise<StoredCase> {
    const record = await this.load(caseId, actor);
    if (options.log !== false) await this.recordRead(caseId, actor, options.view ?? 'case');
    return record;
  }

  async history(caseId: string, actor: CaseActor, options: ReadOptions = {}): Promise<CaseEvent[]> {
    await this.load(caseId, actor);
    if (options.log !== false) await this.recordRead(caseId, actor, options.view ?? 'history');
    return this.deps.cases.listEvents(caseId);
  }

  /**
   * Every case the actor may see (a provider: its TIN's), in deadline order, each read recorded (an export shows
   * claim identifiers): for exports and reports. `status` narrows it.
   */
  async allCases(actor: CaseActor, query: { status?: CaseStatus; tin?: string; view: string }): Promise<StoredCase[]> {
    const tin = actor.role === 'provider' ? actor.providerTin : query.tin;
    if (actor.role === 'provider' && (!tin || (query.tin && query.tin !== tin))) return [];
    const cases: StoredCase[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.cases.listCases({ status: query.status, providerTin: tin ?? undefined, limit: 200, cursor });
      cases.push(...page.cases.filter((record) => visibleTo(record, actor)));
      cursor = page.cursor ?? undefined;
    } while (cursor);
    for (let i = 0; i < cases.length; i += 16) {
      await Promise.all(cases.slice(i, i + 16).map((record) => this.recordRead(record.id, actor, query.view)));
    }
    return cases;
  }

  /** Appends a read event; the case and its version do not change. */
  async recordRead(caseId: string, actor: CaseActor, view = 'case'): Promise<void> {
    await this.deps.cases.appendEvent(caseId, { actor: actor.id, type: 'case.read', reason: null, data: { role: actor.role, view } });
  }

  /** A letter (offer version or settlement agreement) of a case the actor may see; the read is recorded. */
  async letter(
    caseId: string,
    actor: CaseActor,
    which: { version?: number; settlement?: boolean } = {},
    options: ReadOptions = {},
  ): Promise<{ ref: LetterRef; pdf: Uint8Array; fileName: string }> {
    const record = await this.load(caseId, actor);
    const ref = which.settlement
      ? record.negotiation.settlementLetter
      : which.version !== undefined
        ? (record.negotiation.offers.find((o) => o.version === which.version)?.letter ?? (record.letter?.version === which.version ? record.letter : null))
        : record.letter;
    if (!ref) throw new NotFound(which.settlement ? 'settlement agreement of case' : 'letter of case', caseId);
    const pdf = await this.deps.objects.get({ bucket: ref.bucket, key: ref.key });
    if (options.log !== false) await this.recordRead(caseId, actor, which.settlement ? 'settlement-agreement' : `letter-v${ref.version}`);
    return { ref, pdf, fileName: which.settlement ? `${caseId}-settlement.pdf` : `${caseId}-offer-v${ref.version}.pdf` };
  }

  /**
   * The caller's queue in deadline order: a provider's cases (its TIN), a negotiator's assigned cases (scope 'mine',
   * the default) or every worked case (scope 'all', the default for supervisors).
   */
  async queue(actor: CaseActor, query: QueueQuery = {}): Promise<CasePage> {
    const statuses = query.status ? [query.status] : QUEUE_STATUSES;
    const base: CaseListQuery = { statuses, limit: query.limit, cursor: query.cursor };
    if (actor.role === 'provider') {
      if (!actor.providerTin || (query.tin && query.tin !== actor.providerTin)) return { cases: [], cursor: null };
      return this.deps.cases.listCases({ ...base, providerTin: actor.providerTin });
    }
    const scope = query.scope ?? (actor.role === 'negotiator' ? 'mine' : 'all');
    const assignee = scope === 'mine' ? actor.id : undefined;
    if (query.tin) return this.deps.cases.listCases({ ...base, providerTin: query.tin, assignee });
    if (assignee) return this.deps.cases.listCases({ ...base, assignee });
    return this.deps.cases.listCases(base);
  }

  // ---- the negotiation ----

  /** The drafted offer may go out. Above the supervisor limit only a supervisor approves. */
  async approve(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput = {}): Promise<StoredCase> {
    return this.transition(caseId, expectedVersion, actor, 'approve', (record) => {
      const negotiation = this.withDraftOffer(record);
      const offer = negotiation.offers.at(-1)!;
      if (offer.sentOn !== null) throw new InvalidTransition(record.status, 'approve', caseId, 'the latest offer was already sent');
      this.checkLimit(caseId, 'approve', actor, offer.totalOfferCents);
      const approved: Offer = { ...offer, approvedBy: actor.id, approvedByRole: roleOf(actor), approvedAt: this.deps.now().toISOString() };
      return {
        change: { negotiation: replaceLast(negotiation, approved) },
        type: 'offer.approved',
        reason: input.reason,
        data: { offerVersion: offer.version, offerCents: offer.totalOfferCents },
      };
    });
  }

  /**
   * The approved offer (or revision) goes to the provider: the letter is written again dated today with the deadlines
   * it starts (NSA windows or the offer expiry), emailed when a recipient is given, and the deadlines are stored.
   */
  async send(caseId: string, expectedVersion: number, actor: CaseActor, input: SendInput = {}): Promise<StoredCase> {
    const to = input.to?.trim() || null;
    if (to !== null && !isEmailAddress(to)) throw new InvalidCaseInput(caseId, 'to', 'not an email address');
    if (to !== null && !this.deps.mailer) throw new InvalidCaseInput(caseId, 'to', 'no mailer is configured to email letters');
    return this.transition(caseId, expectedVersion, actor, 'send', async (record) => {
      const offer = record.negotiation.offers.at(-1);
      if (!offer || offer.sentOn !== null || !record.pricing) {
        throw new InvalidTransition(record.status, 'send', caseId, 'there is no drafted offer to send');
      }
      if (offer.totalOfferCents > this.limit && roleOf(actor) !== 'supervisor' && offer.approvedByRole !== 'supervisor') {
        throw new SupervisorApprovalRequired(caseId, 'send', offer.totalOfferCents, this.limit);
      }
      const sentOn = this.today();
      const firstSent = record.negotiation.offers.find((o) => o.sentOn !== null)?.sentOn ?? null;
      const nsa = record.nsa ? { openNegotiationStart: record.nsa.openNegotiationStart ?? firstSent ?? sentOn } : null;
      const deadlines = nsa
        ? computeDeadlines({ nsa: true, openNegotiationStart: nsa.openNegotiationStart })
        : computeDeadlines({ nsa: false, offerSentOn: sentOn, offerExpiryDays: this.expiryDays });
      const expiresOn = deadlines.offerExpiresOn!;
      const { ref, pdf } = await this.writeOfferLetter(record, record.pricing, offer.version, sentOn, expiresOn, deadlines);
      let messageId: string | null = null;
      if (to) {
        const mail = await this.deps.mailer!.sendOffer({
          caseId,
          version: offer.version,
          to,
          subject: offerSubject(record, offer.version),
          body: offerBody(record, offer.version, expiresOn, this.deps.letters),
          letterPdf: pdf,
          fileName: `${caseId}-offer-v${offer.version}.pdf`,
        });
        messageId = mail.messageId;
      }
      const sent: Offer = { ...offer, letter: ref, sentOn, sentBy: actor.id, sentTo: to, expiresOn };
      return {
        change: { negotiation: replaceLast(record.negotiation, sent), letter: ref, deadlines, nsa },
        type: 'offer.sent',
        reason: input.reason,
        data: { offerVersion: offer.version, offerCents: offer.totalOfferCents, expiresOn, emailed: to !== null, messageId },
      };
    });
  }

  /** The provider answered with a counteroffer (recorded by the provider itself or by a negotiator who received it). */
  async counter(caseId: string, expectedVersion: number, actor: CaseActor, input: CounterInput): Promise<StoredCase> {
    return this.transition(caseId, expectedVersion, actor, 'counter', (record) => {
      const billed = billedCents(record);
      if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) {
        throw new InvalidCaseInput(caseId, 'amountCents', 'a counteroffer is a whole number of cents > 0');
      }
      if (input.amountCents > billed) throw new InvalidCaseInput(caseId, 'amountCents', 'a counteroffer cannot be above the billed charges');
      const receivedOn = input.receivedOn ?? this.today();
      checkDate(caseId, 'receivedOn', receivedOn);
      const answers = lastSent(record.negotiation);
      const counter = Counteroffer.parse({
        amountCents: input.amountCents,
        receivedOn,
        note: input.note ?? null,
        attachmentKey: input.attachmentKey ?? null,
        signatory: input.signatory ?? null,
        answersVersion: answers?.version ?? null,
        recordedBy: actor.id,
        recordedAt: this.deps.now().toISOString(),
      });
      return {
        change: { negotiation: { ...record.negotiation, counters: [...record.negotiation.counters, counter] } },
        type: 'counter.recorded',
        reason: input.reason,
        data: { amountCents: counter.amountCents, answersVersion: counter.answersVersion, receivedOn },
      };
    });
  }

  /**
   * A new offer version in answer to a counter (or to re-issue an expired or declined offer): letter version N+1 with
   * the revision block, at the edited amounts. Revising an unsent revision rewrites that version instead.
   */
  async revise(caseId: string, expectedVersion: number, actor: CaseActor, input: ReviseInput = {}): Promise<StoredCase> {
    return this.transition(caseId, expectedVersion, actor, 'revise', (record) => this.draftOffer(record, actor, 'revise', input.edit ?? null, input.reason));
  }

  /**
   * A negotiator's edit of the offer, per line or in total. Before the offer is sent it redrafts the current letter
   * (voiding an approval); once an offer is out, the edit is a revision (new version).
   */
  async editOffer(caseId: string, expectedVersion: number, actor: CaseActor, edit: OfferEdit, input: ActionInput = {}): Promise<StoredCase> {
    const record = await this.load(caseId, actor);
    const action: CaseAction = ['PRICED', 'OFFER_DRAFTED', 'APPROVED', 'NEEDS_REVIEW'].includes(record.status) ? 'draft' : 'revise';
    return this.transition(caseId, expectedVersion, actor, action, (current) => this.draftOffer(current, actor, action, edit, input.reason));
  }

  /**
   * Agreement: the provider accepts our latest sent offer (its signature), or a negotiator accepts the provider's
   * latest counter (the plan's signature). Writes the settlement agreement PDF signed by both.
   */
  async accept(caseId: string, expectedVersion: number, actor: CaseActor, input: AcceptInput): Promise<StoredCase> {
    return this.transition(caseId, expectedVersion, actor, 'accept', async (record) => {
      if (!record.pricing) throw new InvalidTransition(record.status, 'accept', caseId, 'the case has no priced offer');
      const today = this.today();
      const now = this.deps.now().toISOString();
      const signature = this.signature(caseId, 'signature', input.signature, today);
      const acceptingCounter = record.status === 'COUNTERED';
      let negotiation = record.negotiation;
      let offer: Offer;
      let providerSignature;
      let planSignature;
      let acceptedOfferDate: string | null;
      if (acceptingCounter) {
        const counter = negotiation.counters.at(-1);
        if (!counter) throw new InvalidTransition(record.status, 'accept', caseId, 'there is no counteroffer to accept');
        this.checkLimit(caseId, 'accept', actor, counter.amountCents);
        // The counter becomes the agreed offer version: the agreement names the version it settles on.
        offer = Offer.parse({
          version: (negotiation.offers.at(-1)?.version ?? record.letter?.version ?? 0) + 1,
          totalOfferCents: counter.amountCents,
          lines: [],
          source: 'counter',
          letter: null,
          draftedAt: now,
          draftedBy: actor.id,
          approvedBy: actor.id,
          approvedByRole: roleOf(actor),
          approvedAt: now,
        });
        negotiation = { ...negotiation, offers: [...negotiation.offers, offer] };
        planSignature = signature;
        const fromCounter = counter.signatory ? { ...counter.signatory, signedOn: counter.receivedOn } : null;
        providerSignature = input.counterpartySignature
          ? this.signature(caseId, 'counterpartySignature', input.counterpartySignature, counter.receivedOn)
          : fromCounter;
        if (!providerSignature) {
          throw new InvalidCaseInput(caseId, 'counterpartySignature', "the counteroffer names no signatory: give the provider's signature");
        }
        acceptedOfferDate = counter.receivedOn;
      } else {
        const sent = lastSent(negotiation);
        if (!sent) throw new InvalidTransition(record.status, 'accept', caseId, 'no offer was sent');
        offer = sent;
        providerSignature = signature;
        planSignature = input.counterpartySignature
          ? this.signature(caseId, 'counterpartySignature', input.counterpartySignature, today)
          : { name: this.deps.letters.negotiator.name, title: this.deps.letters.negotiator.title ?? null, signedOn: today };
        acceptedOfferDate = sent.sentOn;
      }
      const acceptance: Acceptance = {
        name: signature.name,
        title: signature.title,
        signedOn: signature.signedOn,
        party: acceptingCounter ? 'plan' : 'provider',
        accepted: acceptingCounter ? 'counter' : 'offer',
        offerVersion: offer.version,
        recordedBy: actor.id,
        recordedAt: now,
      };
      const letterInput = offerLetterInputFor({ caseId, bill: record.bill, pricing: record.pricing, letterDate: today, settings: this.deps.letters });
      const pdf = await renderSettlementAgreement({
        letterhead: letterInput.letterhead,
        agreementDate: today,
        referenceNumber: caseId,
        parties: letterInput.parties,
        claim: letterInput.claim,
        billedCents: billedCents(record),
        agreedCents: offer.totalOfferCents,
        acceptedVersion: offer.version,
        acceptedOfferDate,
        paymentDays: this.deps.letters.paymentDays,
        providerSignature,
        payerSignature: planSignature,
        nsa: record.nsa !== null,
      });
      const settlementLetter = await this.putLetter(caseId, settlementKey(caseId), pdf, offer.version, 'settlement');
      return {
        change: { negotiation: { ...negotiation, agreedCents: offer.totalOfferCents, acceptance, settlementLetter } },
        type: acceptingCounter ? 'counter.accepted' : 'offer.accepted',
        reason: input.reason,
        data: { offerVersion: offer.version, agreedCents: offer.totalOfferCents, party: acceptance.party, signedOn: acceptance.signedOn },
      };
    });
  }

  /** The settlement agreement is signed by both parties: the case is settled. */
  async settle(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput = {}): Promise<StoredCase> {
    return this.transition(caseId, expectedVersion, actor, 'settle', (record) => ({
      change: { negotiation: { ...record.negotiation, settledAt: this.deps.now().toISOString(), settledBy: actor.id } },
      type: 'case.settled',
      reason: input.reason,
      data: { agreedCents: record.negotiation.agreedCents },
    }));
  }

  async reject(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput = {}): Promise<StoredCase> {
    return this.simple(caseId, expectedVersion, actor, 'reject', 'case.rejected', input);
  }

  async withdraw(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput = {}): Promise<StoredCase> {
    return this.simple(caseId, expectedVersion, actor, 'withdraw', 'case.withdrawn', input);
  }

  async close(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput = {}): Promise<StoredCase> {
    return this.simple(caseId, expectedVersion, actor, 'close', 'case.closed', input);
  }

  /** An ended or closed case goes back to a person (supervisors); it leaves review by a new draft or approval. */
  async reopen(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput = {}): Promise<StoredCase> {
    return this.transition(caseId, expectedVersion, actor, 'reopen', (record) => ({
      change: { statusBeforeReview: null, reasons: input.reason ? [...record.reasons, input.reason] : record.reasons },
      type: 'case.reopened',
      reason: input.reason,
      data: { from: record.status },
    }));
  }

  /** A person must look at the case; the reason is added to the case's reasons, and `resume` returns it where it was. */
  async review(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput & { reason: string }): Promise<StoredCase> {
    if (!input.reason?.trim()) throw new InvalidCaseInput(caseId, 'reason', 'say why the case needs review');
    return this.transition(caseId, expectedVersion, actor, 'review', (record) => ({
      change: {
        statusBeforeReview: record.status === 'NEEDS_REVIEW' ? record.statusBeforeReview : record.status,
        reasons: [...new Set([...record.reasons, input.reason.trim()])],
      },
      type: 'case.review',
      reason: input.reason,
      data: { from: record.status },
    }));
  }

  async resume(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput = {}): Promise<StoredCase> {
    return this.transition(
      caseId,
      expectedVersion,
      actor,
      'resume',
      () => ({ change: { statusBeforeReview: null, reasons: [] }, type: 'case.resumed', reason: input.reason }),
      (record) => ({ resumeTo: record.statusBeforeReview ?? undefined }),
    );
  }

  /** Puts the case in a negotiator's queue (null: nobody's). Supervisors assign anyone; negotiators take or drop their own. */
  async assign(caseId: string, expectedVersion: number, actor: CaseActor, input: ActionInput & { assignee: string | null }): Promise<StoredCase> {
    const assignee = input.assignee?.trim() || null;
    return this.mutate(caseId, expectedVersion, actor, 'assign', (record) => {
      const role = roleOf(actor);
      if (role !== 'negotiator' && role !== 'supervisor') throw new ActionNotAllowed(caseId, 'assign', `a ${actor.role} may not assign cases`);
      if (role === 'negotiator' && assignee !== actor.id && !(assignee === null && record.assignee === actor.id)) {
        throw new ActionNotAllowed(caseId, 'assign', 'a negotiator may take a case or give up their own; a supervisor assigns others');
      }
      return { change: { assignee }, type: 'case.assigned', reason: input.reason, data: { from: record.assignee, to: assignee } };
    });
  }

  /** Marks (or unmarks) a No Surprises Act claim; with a known open-negotiation start its windows become the deadlines. */
  async markNsa(caseId: string, expectedVersion: number, actor: CaseActor, input: NsaInput = {}): Promise<StoredCase> {
    const isNsa = input.nsa ?? true;
    if (input.openNegotiationStart) checkDate(caseId, 'openNegotiationStart', input.openNegotiationStart);
    return this.mutate(caseId, expectedVersion, actor, 'mark NSA', (record) => {
      const role = roleOf(actor);
      if (role !== 'negotiator' && role !== 'supervisor') throw new ActionNotAllowed(caseId, 'mark NSA', `a ${actor.role} may not change it`);
      if (WITHOUT_DEADLINE.includes(record.status)) throw new ActionNotAllowed(caseId, 'mark NSA', `the case is ${record.status}`);
      const firstSent = record.negotiation.offers.find((o) => o.sentOn !== null)?.sentOn ?? null;
      const latestSent = lastSent(record.negotiation)?.sentOn ?? null;
      let deadlines: CaseDeadlines | null = record.deadlines;
      let nsa = null;
      if (isNsa) {
        const start = input.openNegotiationStart ?? record.nsa?.openNegotiationStart ?? firstSent;
        nsa = { openNegotiationStart: start };
        if (start) deadlines = computeDeadlines({ nsa: true, openNegotiationStart: start });
      } else {
        deadlines = latestSent ? computeDeadlines({ nsa: false, offerSentOn: latestSent, offerExpiryDays: this.expiryDays }) : null;
      }
      return {
        change: { nsa, deadlines },
        type: 'case.nsa',
        reason: input.reason,
        data: { nsa: isNsa, openNegotiationStart: nsa?.openNegotiationStart ?? null },
      };
    });
  }

  // ---- the scheduler ----

  /** Moves every case whose deadline passed before `today` (ISO date): see deadline-sweep.ts. */
  sweepDeadlines(today: string): Promise<SweepResult> {
    return sweepDeadlines(this.deps.cases, today);
  }

  // ---- internals ----

  private get limit(): number {
    return this.deps.settings.supervisorApprovalAboveCents;
  }

  private get expiryDays(): number {
    return this.deps.settings.offerExpiryDays ?? this.deps.letters.offerExpiryDays ?? DEFAULT_OFFER_EXPIRY_DAYS;
  }

  private today(): string {
    return this.deps.now().toISOString().slice(0, 10);
  }

  private load(caseId: string, actor: CaseActor): Promise<StoredCase> {
    return loadCase(this.deps.cases, caseId, actor);
  }

  private transition(
    caseId: string,
    expectedVersion: number,
    actor: CaseActor,
    action: CaseAction,
    apply: (record: StoredCase, to: CaseStatus) => Applied | Promise<Applied>,
    context: (record: StoredCase) => TransitionContext = statusContext,
    today = this.today(),
  ): Promise<StoredCase> {
    return transitionCase(this.deps.cases, caseId, expectedVersion, actor, action, apply, context, today);
  }

  /** A change that is not a lifecycle move (assign, NSA marking): same guard, same event, status unchanged. */
  private async mutate(
    caseId: string,
    expectedVersion: number,
    actor: CaseActor,
    action: string,
    apply: (record: StoredCase) => Applied,
  ): Promise<StoredCase> {
    const record = await loadAtVersion(this.deps.cases, caseId, expectedVersion, actor);
    return writeCase(this.deps.cases, record, expectedVersion, actor, record.status, apply(record), action, this.today());
  }

  private simple(caseId: string, expectedVersion: number, actor: CaseActor, action: CaseAction, type: string, input: ActionInput): Promise<StoredCase> {
    return this.transition(caseId, expectedVersion, actor, action, (record) => ({ change: {}, type, reason: input.reason, data: { from: record.status } }));
  }

  private checkLimit(caseId: string, action: string, actor: CaseActor, amountCents: number): void {
    if (amountCents > this.limit && roleOf(actor) !== 'supervisor') throw new SupervisorApprovalRequired(caseId, action, amountCents, this.limit);
  }

  /** The negotiation with the offer the case is working on as its last entry (version 1 from the pipeline's draft). */
  private withDraftOffer(record: StoredCase): Negotiation {
    const latest = record.negotiation.offers.at(-1);
    if (latest) return record.negotiation;
    if (!record.pricing || !record.letter) throw new InvalidTransition(record.status, 'approve', record.id, 'the case has no drafted offer letter');
    const amounts = offerAmounts(record.pricing);
    const offer = Offer.parse({
      version: record.letter.version,
      totalOfferCents: amounts.totalOfferCents,
      lines: amounts.lines,
      source: 'pricing',
      letter: record.letter,
      draftedAt: record.letter.createdAt,
      draftedBy: 'system:draft',
    });
    return { ...record.negotiation, offers: [offer] };
  }

  /** Draft (before anything is sent) or revise: new amounts, the letter for the version being worked on, the offer entry. */
  private async draftOffer(record: StoredCase, actor: CaseActor, action: 'draft' | 'revise', edit: OfferEdit | null, reason?: string | null): Promise<Applied> {
    if (!record.pricing) throw new InvalidTransition(record.status, action, record.id, 'the case has not been priced');
    const edited = edit ? applyOfferEdit(record.id, record.bill, record.pricing, edit) : { pricing: record.pricing, ...offerAmounts(record.pricing) };
    if (edited.lines.length === 0) throw new InvalidCaseInput(record.id, 'offer', 'no line has a benchmark, so there is nothing to offer');
    const latest = record.negotiation.offers.at(-1);
    // An unsent draft is rewritten in place; once a version went out, the next one gets a new number.
    const replacing = latest ? latest.sentOn === null && latest.source !== 'counter' : record.letter !== null;
    const version = latest ? (replacing ? latest.version : latest.version + 1) : (record.letter?.version ?? 1);
    const supervisor = roleOf(actor) === 'supervisor';
    if (action === 'revise') this.checkLimit(record.id, 'revise', actor, edited.totalOfferCents);
    const letterDate = this.today();
    const { ref } = await this.writeOfferLetter(record, edited.pricing, version, letterDate, addCalendarDays(letterDate, this.expiryDays), record.deadlines);
    const now = this.deps.now().toISOString();
    const offer = Offer.parse({
      version,
      totalOfferCents: edited.totalOfferCents,
      lines: edited.lines,
      source: edit ? 'edit' : (latest?.source ?? 'pricing'),
      letter: ref,
      draftedAt: now,
      draftedBy: actor.id,
      // A supervisor's own revision needs no further approval; anyone else's edit voids an earlier approval.
      approvedBy: supervisor ? actor.id : null,
      approvedByRole: supervisor ? 'supervisor' : null,
      approvedAt: supervisor ? now : null,
    });
    const offers = replacing && latest ? [...record.negotiation.offers.slice(0, -1), offer] : [...record.negotiation.offers, offer];
    const previous = latest && !replacing ? latest : lastSent(record.negotiation);
    return {
      change: { pricing: edited.pricing, letter: ref, negotiation: { ...record.negotiation, offers } },
      type: action === 'draft' ? 'offer.edited' : 'offer.revised',
      reason,
      data: {
        offerVersion: version,
        offerCents: edited.totalOfferCents,
        previousOfferCents: previous?.totalOfferCents ?? null,
        edit: edit ? ('lines' in edit ? 'lines' : 'total') : null,
      },
    };
  }

  private async writeOfferLetter(
    record: StoredCase,
    pricing: PricedBill,
    version: number,
    letterDate: string,
    expiresOn: string,
    deadlines: CaseDeadlines | null,
  ): Promise<{ ref: LetterRef; pdf: Uint8Array }> {
    const input: OfferLetterInput = offerLetterInputFor({
      caseId: record.id,
      bill: record.bill,
      pricing,
      letterDate,
      settings: this.deps.letters,
      version,
      expiresOn,
      revision: version > 1 ? revisionBlock(record.negotiation, version) : null,
      nsa:
        deadlines?.nsa && deadlines.openNegotiationStart && deadlines.openNegotiationEnds && deadlines.idrInitiationDeadline
          ? {
              openNegotiationStart: deadlines.openNegotiationStart,
              openNegotiationEnds: deadlines.openNegotiationEnds,
              idrInitiationDeadline: deadlines.idrInitiationDeadline,
            }
          : null,
    });
    const pdf = await renderOfferLetter(input);
    const ref = await this.putLetter(record.id, offerLetterKey(record.id, version), pdf, version, 'offer');
    return { ref, pdf };
  }

  private async putLetter(caseId: string, key: string, pdf: Uint8Array, version: number, kind: 'offer' | 'settlement'): Promise<LetterRef> {
    await this.deps.objects.put({
      bucket: this.deps.buckets.letters,
      key,
      body: pdf,
      contentType: 'application/pdf',
      metadata: { 'case-id': caseId, 'letter-version': String(version), 'letter-kind': kind },
    });
    return { bucket: this.deps.buckets.letters, key, version, createdAt: this.deps.now().toISOString() };
  }

  private signature(caseId: string, field: string, input: SignatureInput, defaultDate: string): { name: string; title: string | null; signedOn: string } {
    const name = input?.name?.trim();
    if (!name) throw new InvalidCaseInput(caseId, `${field}.name`, 'a typed name is required: it stands for the signature');
    const signedOn = input.signedOn ?? defaultDate;
    checkDate(caseId, `${field}.signedOn`, signedOn);
    return { name, title: input.title?.trim() || null, signedOn };
  }
}

// ---- pure helpers ----

function roleOf(actor: CaseActor): CaseRole {
  return lifecycleRole(actor);
}

export function billedCents(record: Pick<StoredCase, 'bill'>): number {
  return record.bill.lines.reduce((sum, line) => sum + line.chargeCents, 0);
}

function lastSent(negotiation: Negotiation): Offer | null {
  return [...negotiation.offers].reverse().find((o) => o.sentOn !== null) ?? null;
}

function replaceLast(negotiation: Negotiation, offer: Offer): Negotiation {
  return { ...negotiation, offers: [...negotiation.offers.slice(0, -1), offer] };
}

/** What a revised letter says about the round before it: our last sent offer and the counter that answered it. */
function revisionBlock(negotiation: Negotiation, version: number): NonNullable<OfferLetterInput['revision']> {
  const previous = [...negotiation.offers].reverse().find((o) => o.sentOn !== null && o.version < version) ?? null;
  const counter = [...negotiation.counters].reverse().find((c) => previous === null || c.answersVersion === previous.version) ?? null;
  return {
    previousLetterDate: previous?.sentOn ?? null,
    previousOfferCents: previous?.totalOfferCents ?? null,
    counterOfferCents: counter?.amountCents ?? null,
    counterReceivedOn: counter?.receivedOn ?? null,
  };
}

function checkDate(caseId: string, field: string, value: string): void {
  try {
    dayNumber(value);
  } catch {
    throw new InvalidCaseInput(caseId, field, 'expected a calendar date YYYY-MM-DD');
  }
}

function offerSubject(record: StoredCase, version: number): string {
  const claim = record.bill.claimNumber ? ` for claim ${record.bill.claimNumber}` : '';
  return `${version > 1 ? `Revised offer (version ${version})` : 'Offer of payment'}${claim}, reference ${record.id}`;
}

function offerBody(record: StoredCase, version: number, expiresOn: string, letters: LetterSettings): string {
  return [
    'Dear Billing Manager,',
    '',
    `Please find attached our ${version > 1 ? `revised offer (version ${version})` : 'offer'} for the out-of-network claim with reference ${record.id}.`,
    `The letter explains how every amount was computed. The offer is open through ${expiresOn}.`,
    'To accept, sign the acceptance block and return it; to counter, reply with your amount and the reference number.',
    '',
    letters.negotiator.name,
    ...(letters.negotiator.title ? [letters.negotiator.title] : []),
    letters.letterhead.organizationName,
  ].join('\n');
}
