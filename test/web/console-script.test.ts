// The console's browser script, run in Node for its pure parts: amounts as typed and the JSON each action form sends
// (the live spread of a total is the server's own spread-total.js, tested with the offer edit).
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a browser module without types; its pure functions run in Node too.
import { actionBody, toCents } from '../../web/assets/console.js';

describe('amounts as people type them', () => {
  it('reads dollars and cents exactly', () => {
    expect(toCents('1,234.5')).toBe(123450);
    expect(toCents('$0.07')).toBe(7);
    expect(toCents('300')).toBe(30000);
    expect(toCents('12.345')).toBeNull();
    expect(toCents('-5')).toBeNull();
    expect(toCents('abc')).toBeNull();
  });
});

describe('what the action forms send', () => {
  const form = (fields: Record<string, string>) => new Map(Object.entries(fields));

  it('sends a counteroffer in cents with its signatory, and refuses one without an amount', () => {
    expect(actionBody('counter', form({ amount: '650', receivedOn: '2025-06-02', note: 'our rate', signatoryName: 'Casey' }))).toEqual({
      reason: null,
      amountCents: 65000,
      receivedOn: '2025-06-02',
      note: 'our rate',
      signatory: { name: 'Casey', title: null },
    });
    expect(() => actionBody('counter', form({ amount: '' }))).toThrow(/amount/);
  });

  it('sends an acceptance with the typed signature, and refuses one without a name', () => {
    expect(actionBody('accept', form({ signatureName: 'Nora', signatureTitle: 'Negotiator', signatureDate: '2025-06-03' }))).toEqual({
      reason: null,
      signature: { name: 'Nora', title: 'Negotiator', signedOn: '2025-06-03' },
    });
    expect(() => actionBody('accept', form({ signatureName: '  ' }))).toThrow(/name/);
  });

  it('marks a No Surprises Act claim, and asks why a case goes to review', () => {
    expect(actionBody('nsa', form({ openNegotiationStart: '' }))).toEqual({ reason: null, nsa: true, openNegotiationStart: null });
    expect(() => actionBody('review', form({ reason: '' }))).toThrow(/why/);
  });
});
