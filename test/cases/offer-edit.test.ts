import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadTotal } from '../../web/assets/spread-total.js';

const lineSet = fc.array(
  fc.record({ weight: fc.integer({ min: 0, max: 5_000_000 }), cap: fc.integer({ min: 0, max: 50_000_000 }) }),
  { minLength: 1, maxLength: 40 },
);

describe('spreading a total offer over lines', () => {
  it('adds up to the total exactly and never gives a line more than it billed', () => {
    fc.assert(
      fc.property(lineSet, fc.double({ min: 0, max: 1, noNaN: true }), (raw, fraction) => {
        const lines = raw.map((l, i) => ({ lineNumber: i + 1, ...l }));
        const capacity = lines.reduce((s, l) => s + l.cap, 0);
        const total = Math.floor(capacity * fraction);
        const parts = spreadTotal(total, lines);
        expect([...parts.values()].reduce((a, b) => a + b, 0)).toBe(total);
        for (const l of lines) {
          expect(Number.isInteger(parts.get(l.lineNumber))).toBe(true);
          expect(parts.get(l.lineNumber)).toBeGreaterThanOrEqual(0);
          expect(parts.get(l.lineNumber)).toBeLessThanOrEqual(l.cap);
        }
      }),
    );
  });

  it('follows the benchmarks within a cent when no line reaches what it billed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 10_000_000 }), (weights, total) => {
        const lines = weights.map((weight, i) => ({ lineNumber: i + 1, weight, cap: 2 ** 40 }));
        const sum = weights.reduce((a, b) => a + b, 0);
        const parts = spreadTotal(total, lines);
        for (const l of lines) expect(Math.abs(parts.get(l.lineNumber)! - (total * l.weight) / sum)).toBeLessThan(1);
      }),
    );
  });

  it('gives the spare cents to the largest remainders, ties to the lower line', () => {
    // 100 over three equal lines: 33.33 each; the one spare cent goes to line 1.
    expect([...spreadTotal(100, [1, 2, 3].map((n) => ({ lineNumber: n, weight: 1, cap: 1000 }))).values()]).toEqual([34, 33, 33]);
    // 10 over weights 1:2:3 = 1.67, 3.33, 5: floors 1, 3, 5 and the spare cent to line 1 (remainder .67).
    expect([...spreadTotal(10, [1, 2, 3].map((n) => ({ lineNumber: n, weight: n, cap: 1000 }))).values()]).toEqual([2, 3, 5]);
  });

  it('fills a line to its cap and shares the rest among the others', () => {
    const parts = spreadTotal(1000, [
      { lineNumber: 1, weight: 90, cap: 100 },
      { lineNumber: 2, weight: 5, cap: 5000 },
      { lineNumber: 3, weight: 5, cap: 5000 },
    ]);
    expect([...parts.values()]).toEqual([100, 450, 450]);
  });

  it('spreads by what lines billed when every benchmark is zero', () => {
    expect([...spreadTotal(300, [{ lineNumber: 1, weight: 0, cap: 100 }, { lineNumber: 2, weight: 0, cap: 200 }]).values()]).toEqual([100, 200]);
    expect([...spreadTotal(150, [{ lineNumber: 1, weight: 0, cap: 100 }, { lineNumber: 2, weight: 0, cap: 200 }]).values()]).toEqual([50, 100]);
  });
});
