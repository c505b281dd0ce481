// Offer rules per client: multiplier by claim type and method, floors and caps, never above billed, rounding,
// prompt-pay discount, and the rule that fired stored on the line.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceBill } from '../../shared/pricing/price-bill.ts';
import { DEFAULT_OFFER_RULES, InvalidOfferRules, OfferRules, loadOfferRules } from '../../shared/pricing/offer-rules.ts';
import { FLAG } from '../../shared/pricing/flags.ts';
import { bill, line } from './bill-builder.ts';

const tables = loadPricingTables();
const configPath = fileURLToPath(new URL('../../config/offer-rules.json', import.meta.url));

/** Rules with one client whose only MPFS rule is given; 99213 in Manhattan has a $101.06 benchmark. */
function rules(rule: Record<string, unknown>, client: Record<string, unknown> = {}): OfferRules {
  return OfferRules.parse({
    version: 1,
    defaultClient: 'acme',
    clients: {
      acme: {
        name: 'Acme TPA',
        rules: [{ id: 'r', description: 'test rule', percentOfBenchmark: 140, ...rule }],
        ...client,
      },
    },
  });
}
const officeVisit = (chargeCents = 50000) => bill({ lines: [line({ code: '99213', placeOfService: '11', chargeCents })] });
const offer = (r: OfferRules, chargeCents?: number) => priceBill(officeVisit(chargeCents), { tables, rules: r }).lines[0]!;

describe('offer rules config', () => {
  it('config/offer-rules.json is valid and equals the built-in defaults', () => {
    expect(loadOfferRules(configPath)).toEqual(DEFAULT_OFFER_RULES);
  });

  it('an invalid file is refused naming the path and the bad fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-rules-'));
    const path = join(dir, 'rules.json');
    writeFileSync(path, JSON.stringify({ version: 1, defaultClient: 'x', clients: { y: { name: 'Y', rules: [{ id: 'a', description: 'd', percentOfBenchmark: -5 }] } } }));
    expect(() => loadOfferRules(path)).toThrow(InvalidOfferRules);
    expect(() => loadOfferRules(path)).toThrow(/rules\.json.*percentOfBenchmark.*defaultClient|rules\.json.*defaultClient.*percentOfBenchmark/s);
  });

  it('a file that is not JSON is refused too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-rules-'));
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadOfferRules(join(dir, 'bad.json'))).toThrow(InvalidOfferRules);
  });
});

describe('applying a rule', () => {
  it('multiplies the benchmark: 150% of $101.06 = $151.59', () => {
    const l = offer(rules({ percentOfBenchmark: 150 }));
    expect(l.offerCents).toBe(15159);
    expect(l.rule).toEqual({ id: 'r', description: 'test rule' });
    expect(l.formula).toMatchObject({ offerRuleId: 'r', percentOfBenchmark: 150, offerBeforeLimitsCents: 15159 });
  });

  it('never offers more than billed', () => {
    const l = offer(rules({ percentOfBenchmark: 300 }), 20000);
    expect(l.offerCents).toBe(20000);
    expect(l.formula.cappedAtBilled).toBe(true);
  });

  it('may be allowed above billed when the client says so', () => {
    expect(offer(rules({ percentOfBenchmark: 300 }, { neverAboveBilled: false }), 20000).offerCents).toBe(30318);
  });

  it('applies a floor in cents and a floor as a share of billed', () => {
    expect(offer(rules({ floorCents: 16000 })).offerCents).toBe(16000);
    expect(offer(rules({ floorPercentOfBilled: 40 }), 50000).offerCents).toBe(20000);
  });

  it('applies a cap in cents and a cap as a share of billed', () => {
    expect(offer(rules({ capCents: 12000 })).offerCents).toBe(12000);
    expect(offer(rules({ capPercentOfBilled: 20 }), 50000).offerCents).toBe(10000);
  });

  it('rounds to whole dollars down or to the nearest', () => {
    // 140% of 101.06 = 141.484
    expect(offer(rules({}, { rounding: 'dollar-down' })).offerCents).toBe(14100);
    expect(offer(rules({ percentOfBenchmark: 145 }, { rounding: 'dollar-nearest' })).offerCents).toBe(14700); // 146.537
  });

  it('takes the prompt-pay discount last (before the billed ceiling)', () => {
    const l = offer(rules({}, { promptPay: { discountPercent: 5, withinDays: 10 } }));
    // 141.48 - 5% (7.07) = 134.41
    expect(l.offerCents).toBe(13441);
    expect(l.formula).toMatchObject({ promptPayDiscountCents: 707, promptPayWithinDays: 10 });
  });

  it('can use the non-participating fee or the limiting charge as the basis', () => {
    // non-par 101.06 x 0.95 = 96.007 -> 96.01; x 100% ; limiting 101.06 x 1.0925 = 110.408 -> 110.41
    expect(offer(rules({ percentOfBenchmark: 100, basis: 'non-participating' })).offerCents).toBe(9601);
    expect(offer(rules({ percentOfBenchmark: 100, basis: 'limiting-charge' })).offerCents).toBe(11041);
  });

  it('the first matching rule wins: by claim type, method and code prefix', () => {
    const r = OfferRules.parse({
      version: 1,
      defaultClient: 'acme',
      clients: {
        acme: {
          name: 'Acme',
          rules: [
            { id: 'facility', description: 'facility', when: { claimType: 'institutional' }, percentOfBenchmark: 200 },
            { id: 'em', description: 'E/M', when: { methods: ['MPFS'], codePrefixes: ['992'] }, percentOfBenchmark: 120 },
            { id: 'rest', description: 'rest', percentOfBenchmark: 160 },
          ],
        },
      },
    });
    const priced = priceBill(bill({ lines: [line({ code: '99213', placeOfService: '11', chargeCents: 90000 }), line({ code: '71046', placeOfService: '11', chargeCents: 90000 })] }), { tables, rules: r });
    expect(priced.lines.map((l) => l.rule?.id)).toEqual(['em', 'rest']);
    expect(priced.lines[0]!.offerCents).toBe(12127); // 101.06 x 1.2 = 121.272
  });

  it('picks the client by id and falls back to the default client', () => {
    const r = OfferRules.parse({
      version: 1,
      defaultClient: 'a',
      clients: {
        a: { name: 'A', rules: [{ id: 'a', description: 'A', percentOfBenchmark: 100 }] },
        b: { name: 'B', rules: [{ id: 'b', description: 'B', percentOfBenchmark: 200 }] },
      },
    });
    expect(priceBill(officeVisit(), { tables, rules: r, clientId: 'b' }).lines[0]!.offerCents).toBe(20212);
    expect(priceBill(officeVisit(), { tables, rules: r, clientId: 'nobody' }).lines[0]!.offerCents).toBe(10106);
  });

  it('lines without a benchmark go to manual pricing when the client says so (no offer, review flag)', () => {
    const l = priceBill(bill({ lines: [line({ code: 'A0425' })] }), { tables, rules: rules({}, { noBenchmark: { action: 'manual' } }) }).lines[0]!;
    expect(l.offerCents).toBeNull();
    expect(l.method).toBe('NONE');
    expect(l.flags.find((f) => f.code === FLAG.manualPricing)?.severity).toBe('review');
  });
});
