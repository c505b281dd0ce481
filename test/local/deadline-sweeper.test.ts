import { describe, expect, it } from 'vitest';
import type { SweepResult } from '#shared/cases/case-service.ts';
import type { Logger } from '#shared/observability/logger.ts';
import { startDeadlineSweeper } from '#local/runtime/deadline-sweeper.ts';

const quiet: Logger = { info() {}, warn() {}, error() {} };
const result = (today: string): SweepResult => ({ today, examined: 0, moved: [], conflicts: [] });

describe('the local deadline sweeper', () => {
  it('sweeps at once with today’s date, then on every interval, never two at a time, and not after stop', async () => {
    const days: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const sweeper = startDeadlineSweeper({
      now: () => new Date('2026-01-07T23:59:00.000Z'),
      logger: quiet,
      intervalMs: 10,
      async sweep(today) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        days.push(today);
        await new Promise((done) => setTimeout(done, 25));
        inFlight--;
        return result(today);
      },
    });
    expect(await sweeper.first).toEqual(result('2026-01-07'));
    await new Promise((done) => setTimeout(done, 80));
    await sweeper.stop();
    const count = days.length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(maxInFlight).toBe(1);
    expect(new Set(days)).toEqual(new Set(['2026-01-07']));
    await new Promise((done) => setTimeout(done, 40));
    expect(days.length).toBe(count);
  });

  it('logs a failed sweep and keeps going', async () => {
    const errors: string[] = [];
    let calls = 0;
    const sweeper = startDeadlineSweeper({
      now: () => new Date('2026-01-07T12:00:00.000Z'),
      logger: { ...quiet, error: (message, fields) => void errors.push(`${message}: ${fields?.error}`) },
      intervalMs: 10,
      async sweep(today) {
        calls++;
        if (calls === 1) throw new TypeError('table gone');
        return result(today);
      },
    });
    expect(await sweeper.first).toBeNull();
    await new Promise((done) => setTimeout(done, 40));
    await sweeper.stop();
    expect(errors).toEqual(['deadline sweep failed: TypeError']);
    expect(calls).toBeGreaterThan(1);
  });
});
