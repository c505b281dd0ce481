// Anesthesia: (base units + minutes/15 to one decimal) x the locality's anesthesia CF (ANES2025.csv; base units from
// the CY2022 base units file).
import { describe, expect, it } from 'vitest';
import { loadPricingTables } from '../../shared/pricing/tables.ts';
import { priceService } from '../../shared/pricing/price-service.ts';
import { priceBill } from '../../shared/pricing/price-bill.ts';
import { DEFAULT_OFFER_RULES } from '../../shared/pricing/offer-rules.ts';
import { anesthesiaTimeTenths } from '../../shared/pricing/anesthesia.ts';
import { bill, line, provider } from './bill-builder.ts';

const tables = loadPricingTables();

describe('anesthesia', () => {
  it('time units are minutes / 15 rounded to one decimal', () => {
    expect(anesthesiaTimeTenths(60)).toBe(40);
    expect(anesthesiaTimeTenths(62)).toBe(41); // 4.133
    expect(anesthesiaTimeTenths(68)).toBe(45); // 4.533
    expect(anesthesiaTimeTenths(67)).toBe(45); // 4.4667 -> 4.5
    expect(anesthesiaTimeTenths(7)).toBe(5); // 0.4667 -> 0.5
  });

  it('00100 (5 base units), 60 minutes in Alabama: (5 + 4.0) x 19.31 = $173.79', () => {
    const p = priceService({ code: '00100', units: 60, zip: '35203', date: '2025-04-01' }, tables);
    expect(p.method).toBe('ANESTHESIA');
    expect(p.benchmarkCents).toBe(17379);
    expect(p.formula).toMatchObject({ baseUnits: 5, timeUnits: 4, totalUnits: 9, anesthesiaCf: 19.31, anesthesiaCfBasis: 'locality' });
  });

  it('62 minutes in Los Angeles: (5 + 4.1) x 21.22 = $193.10', () => {
    expect(priceService({ code: '00100', units: 62, zip: '90210', date: '2025-04-01' }, tables).benchmarkCents).toBe(19310);
  });

  it('medical direction (QK) pays 50%: Manhattan 90 min = (5 + 6.0) x 22.76 = 250.36 -> $125.18', () => {
    const p = priceService({ code: '00100', modifiers: ['QK'], units: 90, zip: '10001', date: '2025-04-01' }, tables);
    expect(p.formula.unitsCents).toBe(25036);
    expect(p.benchmarkCents).toBe(12518);
  });

  it('without a locality the national anesthesia CF 20.3178 applies: (5 + 4.0) x 20.3178 = $182.86', () => {
    const p = priceService({ code: '00100', units: 60, date: '2025-04-01' }, tables);
    expect(p.benchmarkCents).toBe(18286);
    expect(p.localityAssumed).toBe(true);
  });

  it('a 2026 date uses the 2026 national CF 20.4976 with a locality CF derived from the 2026 GPCIs, flagged', () => {
    // Shares work 76.9% / PE 16.6% / MP 6.5% reproduce every 2025 published CF; Alabama 2026 GPCIs 1.000 / 0.875 / 0.566:
    // 20.4976 x (0.769 + 0.166 x 0.875 + 0.065 x 0.566) = 19.494 -> 19.49; (5 + 4.0) x 19.49 = $175.41
    const p = priceService({ code: '00100', units: 60, zip: '35203', date: '2026-03-01' }, tables);
    expect(p.year).toBe(2026);
    expect(p.formula.anesthesiaCf).toBe(19.49);
    expect(p.benchmarkCents).toBe(17541);
    expect(p.flags.map((f) => f.code)).toContain('DERIVED_LOCALITY_RATE');
    expect(p.flags.map((f) => f.code)).not.toContain('YEAR_SUBSTITUTED');
  });

  it('on a bill, minutes come from the MJ units of the line and the offer rule is the anesthesia one', () => {
    const b = bill({ providers: [provider('billing', '35203')], lines: [line({ code: '00100', unitBasis: 'MJ', units: 60, placeOfService: '22', chargeCents: 90000 })] });
    const l = priceBill(b, { tables, rules: DEFAULT_OFFER_RULES }).lines[0]!;
    expect(l.method).toBe('ANESTHESIA');
    expect(l.benchmarkCents).toBe(17379);
    expect(l.offerCents).toBe(24331); // 173.79 x 1.4 = 243.306
    expect(l.rule?.id).toBe('professional-anesthesia-140');
  });
});
