// The dates a case must be acted on by, and which of them has passed: No Surprises Act windows in business days,
// otherwise the offer's expiry in calendar days.
//
// Day counting (business days; see business-days.ts): the start date is day 0 and day 1 is the first business day
// after it. For a No Surprises Act claim, with S = the day open negotiation started (the notice was first sent):
//   response notice due          = business day 15 after S   (required for notices from 2026-08-03, when the rule takes effect)
//   open negotiation ends        = business day 30 after S   (the last day of the 30-business-day period)
//   IDR initiation window        = business days 31..34 after S (4 business days after open negotiation ends)
// Otherwise the offer expires `offerExpiryDays` calendar days after it was sent (default 30) and is open through that
// day. A NSA offer stays open for the open negotiation period, so its expiry is the day open negotiation ends.
import type { CaseStatus } from '../model/case.ts';
import { addBusinessDays, addCalendarDays, dayNumber } from './business-days.ts';
import { canTransition } from './lifecycle.ts';

export const OPEN_NEGOTIATION_BUSINESS_DAYS = 30;
export const IDR_INITIATION_BUSINESS_DAYS = 4;
export const RESPONSE_NOTICE_BUSINESS_DAY = 15;
/** Open-negotiation response notices are required for negotiations that start on or after this date. */
export const RESPONSE_NOTICE_EFFECTIVE = '2026-08-03';
export const DEFAULT_OFFER_EXPIRY_DAYS = 30;

export interface DeadlineInput {
  nsa: boolean;
  /** NSA: the day the open-negotiation notice was first sent. */
  openNegotiationStart?: string;
  /** The day the (latest) offer was sent. */
  offerSentOn?: string;
  /** Calendar days an offer stays open (cases outside the NSA). */
  offerExpiryDays?: number;
}

export interface Deadlines {
  nsa: boolean;
  openNegotiationStart: string | null;
  /** Business day 15: the other party's response notice is due (null before the rule's effective date). */
  responseNoticeDue: string | null;
  /** Business day 30: the last day of open negotiation. */
  openNegotiationEnds: string | null;
  /** Business day 31: the first day either party may initiate federal IDR. */
  idrInitiationOpens: string | null;
  /** Business day 34: the last day to initiate federal IDR. */
  idrInitiationDeadline: string | null;
  /** The last day the offer is open. */
  offerExpiresOn: string | null;
}

export function computeDeadlines(input: DeadlineInput): Deadlines {
  const expiryDays = input.offerExpiryDays ?? DEFAULT_OFFER_EXPIRY_DAYS;
  if (!Number.isInteger(expiryDays) || expiryDays < 1) {
    throw new RangeError(`offer expiry must be a whole number of days >= 1, got ${expiryDays}`);
  }
  if (input.nsa && input.openNegotiationStart) {
    const start = input.openNegotiationStart;
    const ends = addBusinessDays(start, OPEN_NEGOTIATION_BUSINESS_DAYS);
    return {
      nsa: true,
      openNegotiationStart: start,
      responseNoticeDue: start >= RESPONSE_NOTICE_EFFECTIVE ? addBusinessDays(start, RESPONSE_NOTICE_BUSINESS_DAY) : null,
      openNegotiationEnds: ends,
      idrInitiationOpens: addBusinessDays(ends, 1),
      idrInitiationDeadline: addBusinessDays(ends, IDR_INITIATION_BUSINESS_DAYS),
      offerExpiresOn: ends,
    };
  }
  if (input.offerSentOn) dayNumber(input.offerSentOn);
  return {
    nsa: input.nsa,
    openNegotiationStart: null,
    responseNoticeDue: null,
    openNegotiationEnds: null,
    idrInitiationOpens: null,
    idrInitiationDeadline: null,
    // Before open negotiation starts, a NSA case has no clock of its own; its offer expires like any other.
    offerExpiresOn: input.offerSentOn ? addCalendarDays(input.offerSentOn, expiryDays) : null,
  };
}

/**
 * The move a scheduler should make on `today` (ISO): 'idr' once a NSA claim's open negotiation is over without
 * agreement, 'expire' once a sent offer is past its expiry; null when nothing is due or the status does not allow it.
 */
export function dueTransition(status: CaseStatus, deadlines: Deadlines, today: string): 'expire' | 'idr' | null {
  dayNumber(today);
  if (deadlines.nsa && deadlines.openNegotiationEnds) {
    if (today > deadlines.openNegotiationEnds && canTransition(status, 'idr', { nsa: true })) return 'idr';
    // While open negotiation runs, the offer does not lapse on its own: the NSA clock decides.
    return null;
  }
  if (deadlines.offerExpiresOn && today > deadlines.offerExpiresOn && canTransition(status, 'expire')) return 'expire';
  return null;
}

export type DeadlineKind = 'response-notice' | 'open-negotiation-ends' | 'idr-initiation' | 'offer-expiry';

/** The earliest deadline on or after `today`: what orders a negotiator's queue. Null when none is ahead. */
export function nextDeadline(deadlines: Deadlines, today: string): { date: string; kind: DeadlineKind } | null {
  dayNumber(today);
  const candidates: { date: string | null; kind: DeadlineKind }[] = [
    { date: deadlines.responseNoticeDue, kind: 'response-notice' },
    { date: deadlines.openNegotiationEnds, kind: 'open-negotiation-ends' },
    { date: deadlines.idrInitiationDeadline, kind: 'idr-initiation' },
    { date: deadlines.nsa && deadlines.openNegotiationEnds ? null : deadlines.offerExpiresOn, kind: 'offer-expiry' },
  ];
  const ahead = candidates
    .filter((c): c is { date: string; kind: DeadlineKind } => c.date !== null && c.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date));
  return ahead[0] ?? null;
}
