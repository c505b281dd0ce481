// The repriced 837: HCP at claim and line level with Parley's offer, valid counts, and a round trip through read837.
import { describe, expect, it } from 'vitest';
import { buildRepriced837, read837, type ClaimRepricing } from '../../../shared/extract/x12/index.ts';
import { UnreadableDocument } from '../../../shared/extract/extraction-result.ts';
import { EXPECTED_837, fixture, fixtureText } from './fixtures.ts';
import { segmentsOf } from './edit.ts';

const NOW = new Date('2026-03-04T05:06:07Z');
const OPTIONS = { repricingOrganizationId: 'PARLEY01', now: NOW };

function pricingFor(path: string, offerShare = 0.6): Map<number, ClaimRepricing> {
  const map = new Map<number, ClaimRepricing>();
  for (const bill of read837(fixture(path)).bills) {
    const lines = bill.lines.map((line) => ({
      lineNumber: line.lineNumber,
      offerCents: Math.round(line.chargeCents * offerShare),
      benchmarkCents: Math.round(line.chargeCents * 0.4),
    }));
    const offer = lines.reduce((sum, l) => sum + l.offerCents, 0);
    map.set(bill.claimIndex, { lines, totals: { chargeCents: bill.totalChargeCents!, offerCents: offer } });
  }
  return map;
}

describe('buildRepriced837', () => {
  it('writes claim and line HCP segments where the implementation guide puts them', () => {
    const pricing = new Map<number, ClaimRepricing>([
      [
        1,
        {
          lines: [{ lineNumber: 1, offerCents: 3125, benchmarkCents: 2232 }],
          totals: { chargeCents: 5000, offerCents: 3125 },
        },
      ],
    ]);
    const text = buildRepriced837(fixtureText('837_005010X223A3/two-claims-single-provider.837i'), pricing, OPTIONS);
    const segments = segmentsOf(text).map((s) => s.join('*'));
    const clm = segments.indexOf('CLM*756049Q*50.00***13:A:1*Y*C*Y*Y');
    expect(segments.slice(clm, clm + 12)).toEqual([
      'CLM*756049Q*50.00***13:A:1*Y*C*Y*Y',
      'DTP*434*RD8*20050401-20050401',
      'CL1*1**01',
      'HI*BK:30000',
      'HCP*10*31.25*18.75*PARLEY01',
      'NM1*71*1*JONES*JUDY*J***XX*9999999999',
      'PRV*AT*PXC*363LP0200N',
      'LX*1',
      'SV2*0300*HC:85087*50.00*UN*1.00',
      'DTP*472*D8*20050401',
      'HCP*10*31.25*18.75*PARLEY01',
      'SE*50*987654',
    ]);
    expect(segments[0]).toBe('ISA*03*9876543210*01*9876543210*30*000000005      *30*12345          *260304*0506*^*00501*000000907*1*T*:');
    expect(segments[1]).toBe('GS*HC*000000005*54321*20260304*0506*1*X*005010X223A3');
    // The claim without pricing is written as it came.
    expect(segments.filter((s) => s.startsWith('HCP'))).toHaveLength(2);
  });

  it.each(EXPECTED_837.map((e) => e.path))('%s parses back through read837 to the same claims with the offered amounts', (path) => {
    const original = read837(fixture(path));
    const pricing = pricingFor(path);
    const repriced = read837(buildRepriced837(fixture(path), pricing, { ...OPTIONS, methodologyCode: '02' }));
    expect(repriced.problems.filter((p) => !p.message.includes('component separator'))).toEqual(
      original.problems.filter((p) => !p.message.includes('component separator')),
    );
    expect(repriced.transactions.map((t) => t.status)).toEqual(original.transactions.map((t) => t.status));
    expect(repriced.bills).toHaveLength(original.bills.length);
    repriced.bills.forEach((bill, i) => {
      const before = original.bills[i]!;
      const price = pricing.get(i)!;
      expect(bill.totalChargeCents).toBe(before.totalChargeCents);
      expect(bill.existingRepricing).toEqual({
        methodology: '02',
        allowedCents: price.totals.offerCents,
        savingsCents: price.totals.chargeCents - price.totals.offerCents,
        organizationId: 'PARLEY01',
      });
      bill.lines.forEach((line, j) => {
        const offer = price.lines[j]!.offerCents!;
        expect(line.existingRepricing).toEqual({ methodology: '02', allowedCents: offer, savingsCents: line.chargeCents - offer, organizationId: 'PARLEY01' });
        const { existingRepricing: _a, ...rest } = line;
        const { existingRepricing: _b, ...restBefore } = before.lines[j]!;
        expect(rest).toEqual(restBefore);
      });
      expect(bill.providers).toEqual(before.providers);
      expect(bill.diagnoses).toEqual(before.diagnoses);
      expect(bill.reviewReasons).toEqual(before.reviewReasons);
    });
  });

  it('replaces repricing already present rather than adding a second HCP', () => {
    const path = '837_005010X223A3/ppo-repriced-claim.837i';
    const text = buildRepriced837(fixture(path), pricingFor(path, 0.5), OPTIONS);
    const hcps = segmentsOf(text).filter((s) => s[0] === 'HCP').map((s) => s.join('*'));
    expect(hcps).toEqual(['HCP*10*118.75*118.75*PARLEY01', 'HCP*10*89*89*PARLEY01', 'HCP*10*29.75*29.75*PARLEY01']);
  });

  it('leaves lines without an offer without HCP and keeps unpriced claims byte for byte', () => {
    const path = '837_005010X223A3/two-claims-single-provider.837i';
    const pricing = new Map<number, ClaimRepricing>([
      [
        0,
        {
          lines: [
            { lineNumber: 1, offerCents: null, benchmarkCents: null },
            { lineNumber: 2, offerCents: 5000, benchmarkCents: 3000 },
          ],
          totals: { chargeCents: 8995, offerCents: 5000 },
        },
      ],
    ]);
    const back = read837(buildRepriced837(fixture(path), pricing, OPTIONS));
    expect(back.bills[0]!.lines.map((l) => l.existingRepricing?.allowedCents ?? null)).toEqual([null, 5000]);
    expect(back.bills[0]!.lines[1]!.existingRepricing!.savingsCents).toBe(2656);
    const original = read837(fixture(path));
    const { provenance: _p, ...second } = back.bills[1]!;
    const { provenance: _q, ...secondBefore } = original.bills[1]!;
    expect(second).toEqual(secondBefore);
  });

  it('refuses pricing for a claim or line the file does not have, and input that is not a whole 837', () => {
    const path = '837_005010X222A2/demo.example1.837';
    const one = pricingFor(path);
    expect(() => buildRepriced837(fixture(path), new Map([[3, one.get(0)!]]), OPTIONS)).toThrow(RangeError);
    const extraLine = { ...one.get(0)!, lines: [...one.get(0)!.lines, { lineNumber: 9, offerCents: 1, benchmarkCents: 1 }] };
    expect(() => buildRepriced837(fixture(path), new Map([[0, extraLine]]), OPTIONS)).toThrow(/line\(s\) 9/);
    expect(() => buildRepriced837(fixtureText(path).slice(0, 500), one, OPTIONS)).toThrow(UnreadableDocument);
  });
});
