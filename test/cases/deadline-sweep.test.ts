// The deadline sweep through the service on DynamoDB Local: what passes, on which day, and what stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '#shared/cases/deadline-sweep.ts';
import { NEGOTIATOR, PROVIDER, draftedCase, startCaseDesk, type CaseDesk } from './support/case-desk.ts';

let desk: CaseDesk;

beforeAll(async () => {
  desk = await startCaseDesk();
});
afterAll(async () => desk?.stop());

const at = (iso: string) => {
  desk.clock.now = new Date(iso);
};

async function sentCase(id: string, sentAt: string, options: { nsa?: boolean; counter?: boolean } = {}) {
  const service = desk.service();
  at(sentAt);
  let c = await draftedCase(desk, id);
  if (options.nsa) c = await service.markNsa(c.id, c.version, NEGOTIATOR);
  c = await service.approve(c.id, c.version, NEGOTIATOR);
  c = await service.send(c.id, c.version, NEGOTIATOR);
  if (options.counter) c = await service.counter(c.id, c.version, PROVIDER, { amountCents: 90_000 });
  return c;
}

describe('sweeping deadlines', () => {
  it('expires a sent offer the day after its expiry date, over the holidays, as system:deadlines', async () => {
    // Sent Mon 2025-12-01: open 30 calendar days, through Wed 2025-12-31.
    const c = await sentCase('SWEEP-1', '2025-12-01T15:00:00.000Z');
    expect(c.deadlines!.offerExpiresOn).toBe('2025-12-31');
    const service = desk.service();
    at('2025-12-31T23:00:00.000Z');
    expect((await service.sweepDeadlines('2025-12-31')).moved.map((m) => m.caseId)).not.toContain('SWEEP-1');
    expect((await desk.repository.getCase('SWEEP-1'))!.status).toBe('SENT');
    at('2026-01-01T08:00:00.000Z');
    const result = await service.sweepDeadlines('2026-01-01');
    expect(result.moved).toContainEqual({ caseId: 'SWEEP-1', action: 'expire', to: 'EXPIRED' });
    const swept = (await desk.repository.getCase('SWEEP-1'))!;
    expect(swept.status).toBe('EXPIRED');
    // Still in the queue, as overdue: its deadline is the one that passed.
    expect(swept.nextDeadline).toEqual({ date: '2025-12-31', kind: 'offer-expiry' });
    expect((await desk.repository.listEvents('SWEEP-1')).at(-1)).toMatchObject({
      actor: 'system:deadlines',
      type: 'deadline.offer-expired',
      fromStatus: 'SENT',
      toStatus: 'EXPIRED',
      reason: 'the offer expired on 2025-12-31',
    });
    // A second sweep the same day finds nothing more to do.
    expect((await service.sweepDeadlines('2026-01-01')).moved.map((m) => m.caseId)).not.toContain('SWEEP-1');
  });

  it('makes a NSA claim IDR-eligible the business day after open negotiation ends, counted past Thanksgiving, Christmas and New Year', async () => {
    await sentCase('SWEEP-NSA-1', '2025-11-20T15:00:00.000Z', { nsa: true });
    await sentCase('SWEEP-NSA-2', '2025-11-20T15:00:00.000Z', { nsa: true, counter: true });
    const service = desk.service();
    // Business day 30 after Thu 2025-11-20 is Tue 2026-01-06; a plain 30-day expiry would have been 2025-12-20.
    for (const day of ['2025-12-21', '2025-12-31', '2026-01-06']) {
      at(`${day}T12:00:00.000Z`);
      const moved = (await service.sweepDeadlines(day)).moved.map((m) => m.caseId);
      expect(moved, day).not.toContain('SWEEP-NSA-1');
      expect(moved, day).not.toContain('SWEEP-NSA-2');
    }
    at('2026-01-07T12:00:00.000Z');
    const result = await service.sweepDeadlines('2026-01-07');
    expect(result.moved).toEqual(
      expect.arrayContaining([
        { caseId: 'SWEEP-NSA-1', action: 'idr', to: 'IDR_ELIGIBLE' },
        { caseId: 'SWEEP-NSA-2', action: 'idr', to: 'IDR_ELIGIBLE' },
      ]),
    );
    const eligible = (await desk.repository.getCase('SWEEP-NSA-1'))!;
    // Now the IDR initiation deadline (4 business days after 2026-01-06) orders the queue.
    expect(eligible.nextDeadline).toEqual({ date: '2026-01-12', kind: 'idr-initiation' });
  });

  it('leaves a countered non-NSA case alone (only a sent offer expires) and reads only cases whose deadline passed', async () => {
    await sentCase('SWEEP-2', '2026-02-02T15:00:00.000Z', { counter: true });
    await sentCase('SWEEP-3', '2026-02-20T15:00:00.000Z');
    const service = desk.service();
    at('2026-03-10T12:00:00.000Z');
    const result = await service.sweepDeadlines('2026-03-10');
    expect(result.moved.map((m) => m.caseId)).not.toContain('SWEEP-2');
    expect(result.moved.map((m) => m.caseId)).not.toContain('SWEEP-3');
    expect((await desk.repository.getCase('SWEEP-2'))!.status).toBe('COUNTERED');
    // SWEEP-3 expires on 2026-03-22: not read at all before then.
    const stillOpen = await desk.repository.listCases({ statuses: ['SENT'], deadlineBefore: '2026-03-10' });
    expect(stillOpen.cases.map((c) => c.id)).not.toContain('SWEEP-3');
    // The scheduled function's sweep: the case table alone, no letters, settings or mailer.
    at('2026-03-23T12:00:00.000Z');
    expect((await sweepDeadlines(desk.repository, '2026-03-23')).moved).toContainEqual({ caseId: 'SWEEP-3', action: 'expire', to: 'EXPIRED' });
    expect((await desk.repository.listEvents('SWEEP-3')).at(-1)).toMatchObject({ actor: 'system:deadlines', type: 'deadline.offer-expired' });
  });

  it('refuses a date that is not a calendar date', async () => {
    await expect(desk.service().sweepDeadlines('2026-02-30')).rejects.toThrow('expected a calendar date as YYYY-MM-DD, got "2026-02-30"');
  });
});
