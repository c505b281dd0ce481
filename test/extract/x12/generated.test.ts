// Files the reader has never seen: generated 837s (scripts/generate-837.ts) must read back to what was generated.
import { describe, expect, it } from 'vitest';
import { generate837 } from '../../../scripts/generate-837.ts';
import { build999, buildRepriced837, read837, stream837 } from '../../../shared/extract/x12/index.ts';
import { Bill } from '../../../shared/model/bill.ts';

function generated(seed: number, megabytes: number): { text: string; stats: ReturnType<typeof generate837> } {
  const parts: string[] = [];
  const stats = generate837({ targetBytes: megabytes * 2 ** 20, seed }, (t) => parts.push(t));
  return { text: parts.join(''), stats };
}

describe('generated 837 files', () => {
  it.each([1, 2, 3])('seed %i: every claim, line and cent comes back, with no problems', (seed) => {
    const { text, stats } = generated(seed, 0.5);
    const result = read837(new TextEncoder().encode(text));
    expect(result.problems).toEqual([]);
    expect(result.bills).toHaveLength(stats.claims);
    expect(result.bills.reduce((n, b) => n + b.lines.length, 0)).toBe(stats.lines);
    expect(result.bills.reduce((n, b) => n + b.totalChargeCents!, 0)).toBe(stats.totalChargeCents);
    expect(result.bills.filter((b) => b.claimType === 'professional')).toHaveLength(stats.professionalClaims);
    expect(result.interchanges).toHaveLength(stats.interchanges);
    expect(result.transactions).toHaveLength(stats.transactions);
    expect(result.transactions.every((t) => t.status === 'accepted')).toBe(true);
    for (const bill of result.bills.slice(0, 200)) expect(() => Bill.parse(bill)).not.toThrow();
  });

  it('decodes non-ASCII names (UTF-8) whatever the separators', () => {
    const { text } = generated(4, 0.3);
    const names = read837(new TextEncoder().encode(text)).bills.flatMap((b) => [b.patient.lastName, b.patient.firstName]);
    expect(names).toContain('MÜLLER');
    expect(names).toContain('JOSÉ');
    expect(names.some((n) => n?.includes('\uFFFD'))).toBe(false);
  });

  it('streams the same claims and builds a 999 and a repriced file that reads back', async () => {
    const { text, stats } = generated(5, 0.3);
    const bytes = new TextEncoder().encode(text);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7919) yield bytes.subarray(i, i + 7919);
    }
    let claims = 0;
    for await (const event of stream837(chunks())) if (event.type === 'bill') claims++;
    expect(claims).toBe(stats.claims);
    const result = read837(bytes);
    const ack = build999(result, { controlNumber: 1, now: new Date('2026-01-02T03:04:05Z') });
    expect(ack.match(/IK5.A/g)).toHaveLength(stats.transactions);
    const pricing = new Map(
      result.bills.slice(0, 50).map((b) => [
        b.claimIndex,
        {
          lines: b.lines.map((l) => ({ lineNumber: l.lineNumber, offerCents: Math.floor(l.chargeCents / 2), benchmarkCents: null })),
          totals: { chargeCents: b.totalChargeCents!, offerCents: b.lines.reduce((n, l) => n + Math.floor(l.chargeCents / 2), 0) },
        },
      ]),
    );
    const back = read837(buildRepriced837(bytes, pricing, { repricingOrganizationId: 'PARLEY', now: new Date() }));
    expect(back.problems).toEqual([]);
    expect(back.bills.slice(0, 50).map((b) => b.existingRepricing!.allowedCents)).toEqual([...pricing.values()].map((p) => p.totals.offerCents));
  });
});
