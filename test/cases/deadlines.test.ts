import { describe, expect, it } from 'vitest';
import { computeDeadlines, dueTransition, nextDeadline } from '../../shared/cases/deadlines.ts';

describe('No Surprises Act deadlines', () => {
  it('counts 30 business days of open negotiation from the day after the notice, then 4 for IDR', () => {
    // Monday 2026-03-02; no federal holiday until Memorial Day.
    expect(computeDeadlines({ nsa: true, openNegotiationStart: '2026-03-02' })).toEqual({
      nsa: true,
      openNegotiationStart: '2026-03-02',
      responseNoticeDue: null, // before the response-notice rule takes effect on 2026-08-03
      openNegotiationEnds: '2026-04-13',
      idrInitiationOpens: '2026-04-14',
      idrInitiationDeadline: '2026-04-17',
      offerExpiresOn: '2026-04-13',
    });
  });

  it('skips Thanksgiving, Christmas and the New Year across the turn of the year', () => {
    // Day 1 = Mon 11-23; 11-26 Thanksgiving, 12-25 Christmas (Fri), 2027-01-01 New Year (Fri) are skipped.
    const d = computeDeadlines({ nsa: true, openNegotiationStart: '2026-11-20' });
    expect(d.responseNoticeDue).toBe('2026-12-14');
    expect(d.openNegotiationEnds).toBe('2027-01-06');
    expect(d.idrInitiationOpens).toBe('2027-01-07');
    expect(d.idrInitiationDeadline).toBe('2027-01-12');
  });

  it('skips an Independence Day observed on a Friday', () => {
    // Day 1 = 2026-06-22 (Juneteenth 06-19 is before); 07-03 is observed Independence Day.
    const d = computeDeadlines({ nsa: true, openNegotiationStart: '2026-06-19' });
    expect(d.openNegotiationEnds).toBe('2026-08-03');
    expect(d.idrInitiationDeadline).toBe('2026-08-07');
  });

  it('asks for a response notice by the 15th business day once the rule is in force', () => {
    // Mon 2026-08-03 start: day 15 is Mon 08-24; Labor Day 09-07 falls in the period.
    const d = computeDeadlines({ nsa: true, openNegotiationStart: '2026-08-03' });
    expect(d.responseNoticeDue).toBe('2026-08-24');
    expect(d.openNegotiationEnds).toBe('2026-09-15');
  });

  it('makes a NSA case IDR-eligible the day after open negotiation ends without agreement', () => {
    const d = computeDeadlines({ nsa: true, openNegotiationStart: '2026-11-20', offerSentOn: '2026-11-20' });
    expect(dueTransition('COUNTERED', d, '2027-01-06')).toBeNull();
    expect(dueTransition('COUNTERED', d, '2027-01-07')).toBe('idr');
    expect(dueTransition('SENT', d, '2027-02-01')).toBe('idr'); // not 'expire': the NSA clock decides
    expect(dueTransition('ACCEPTED', d, '2027-01-07')).toBeNull();
    expect(dueTransition('SETTLED', d, '2027-01-07')).toBeNull();
    expect(dueTransition('IDR_ELIGIBLE', d, '2027-01-07')).toBeNull();
  });
});

describe('offer expiry outside the No Surprises Act', () => {
  it('expires an offer a configurable number of calendar days after it was sent', () => {
    expect(computeDeadlines({ nsa: false, offerSentOn: '2026-03-05' }).offerExpiresOn).toBe('2026-04-04');
    expect(computeDeadlines({ nsa: false, offerSentOn: '2026-03-05', offerExpiryDays: 45 }).offerExpiresOn).toBe('2026-04-19');
    expect(computeDeadlines({ nsa: false }).offerExpiresOn).toBeNull();
    expect(() => computeDeadlines({ nsa: false, offerSentOn: '2026-03-05', offerExpiryDays: 0 })).toThrowError(RangeError);
  });

  it('moves a sent offer to EXPIRED the day after its expiry date, and nothing else', () => {
    const d = computeDeadlines({ nsa: false, offerSentOn: '2026-03-05' });
    expect(dueTransition('SENT', d, '2026-04-04')).toBeNull(); // open through its last day
    expect(dueTransition('SENT', d, '2026-04-05')).toBe('expire');
    expect(dueTransition('COUNTERED', d, '2026-05-01')).toBeNull(); // the provider answered: a person decides
    expect(dueTransition('ACCEPTED', d, '2026-05-01')).toBeNull();
  });
});

describe('queue order', () => {
  it('gives the earliest deadline still ahead', () => {
    const nsa = computeDeadlines({ nsa: true, openNegotiationStart: '2026-08-03' });
    expect(nextDeadline(nsa, '2026-08-10')).toEqual({ date: '2026-08-24', kind: 'response-notice' });
    expect(nextDeadline(nsa, '2026-08-25')).toEqual({ date: '2026-09-15', kind: 'open-negotiation-ends' });
    expect(nextDeadline(nsa, '2026-09-16')).toEqual({ date: '2026-09-21', kind: 'idr-initiation' });
    expect(nextDeadline(nsa, '2026-09-22')).toBeNull();
    const plain = computeDeadlines({ nsa: false, offerSentOn: '2026-03-05' });
    expect(nextDeadline(plain, '2026-03-05')).toEqual({ date: '2026-04-04', kind: 'offer-expiry' });
  });
});
