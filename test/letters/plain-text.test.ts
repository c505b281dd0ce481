import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderOfferLetter } from '../../shared/letters/offer-letter.ts';
import { formatPercent, offerTotals } from '../../shared/letters/offer-totals.ts';
import { printable } from '../../shared/letters/plain-text.ts';
import { readPdfText } from './read-pdf.ts';
import { sampleOffer } from './sample-letters.ts';

const WIN_ANSI = /^[\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/u;

describe('printable', () => {
  it('turns controls into spaces, drops invisible characters and keeps accents WinAnsi can draw', () => {
    expect(printable('Ren\u00e9e\u0000 M\u00fcller\r\n& Sons\u200b')).toBe('Renée Müller & Sons');
    expect(printable('Dvo\u0159\u00e1k \u0150z')).toBe('Dvorák Oz'); // ř and Ő are not WinAnsi: accent dropped
    expect(printable('\u202eevil\u202c')).toBe('evil');
    expect(printable('医院')).toBe('??');
    expect(printable(null)).toBe('');
    expect(printable('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('always returns one line of WinAnsi text no longer than asked', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 1, max: 120 }), (text, max) => {
        const out = printable(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).toMatch(WIN_ANSI);
        expect(out).not.toMatch(/\s{2,}|^\s|\s$/);
      }),
    );
  });
});

describe('offerTotals', () => {
  it('measures savings against the billed charges of the lines that carry an offer', () => {
    const totals = offerTotals([
      { chargeCents: 10_000, benchmarkCents: 4_000, offerCents: 5_600 },
      { chargeCents: 2_500, benchmarkCents: null, offerCents: null },
      { chargeCents: 8_000, benchmarkCents: 2_000, offerCents: 2_800 },
    ]);
    expect(totals).toEqual({
      billedCents: 20_500,
      benchmarkCents: 6_000,
      offerCents: 8_400,
      offeredBilledCents: 18_000,
      unofferedLines: 1,
      unofferedBilledCents: 2_500,
      savingsCents: 9_600,
      savingsPercent: 53.3,
    });
    expect(formatPercent(53.3)).toBe('53.3%');
    expect(offerTotals([{ chargeCents: 100, benchmarkCents: null, offerCents: null }]).savingsPercent).toBeNull();
  });
});

describe('renderOfferLetter on hostile bill text', () => {
  it('renders whatever a bill carried in its names and codes, and prints the total offer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), async (name, code) => {
        const input = sampleOffer();
        input.parties.providerName = `P ${name}`;
        input.claim.memberId = name;
        input.lines[0]!.code = code;
        input.lines[0]!.modifiers = [code.slice(0, 2)];
        const { text } = await readPdfText(await renderOfferLetter(input));
        expect(text).toContain('Total offer $550.46');
      }),
      { numRuns: 15 },
    );
  });
});
