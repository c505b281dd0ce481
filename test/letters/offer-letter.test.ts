import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLetterheadConfig } from '../../shared/letters/letterhead-config.ts';
import { formatCents } from '../../shared/model/money.ts';
import { renderOfferLetter } from '../../shared/letters/offer-letter.ts';
import { InvalidLetterInput } from '../../shared/letters/offer-letter-input.ts';
import { readPdfText, renderPagePng } from './read-pdf.ts';
import { sampleLines, sampleOffer } from './sample-letters.ts';

const OUT = 'test-output/letters';

describe('renderOfferLetter', () => {
  it('prints the parties, the claim identifiers and the letter date', async () => {
    const { text } = await readPdfText(await renderOfferLetter(sampleOffer()));
    expect(text).toContain('March 5, 2026');
    expect(text).toContain('Riverside Emergency Physicians LLC');
    expect(text).toMatch(/Provider TIN 84-1234567/);
    expect(text).toMatch(/Provider NPI 1467583921/);
    expect(text).toMatch(/Acme Manufacturing Employee Health Plan/);
    expect(text).toContain('Dana Whitfield');
    expect(text).toMatch(/Reference no\. CASE-7Q2M9X/);
    expect(text).toMatch(/Claim no\. RX-2025-004417/);
    expect(text).toMatch(/Patient account no\. PA-88213/);
    expect(text).toMatch(/Member ID MBR-55501234/);
    expect(text).toMatch(/Dates of service 03\/01\/2025 - 03\/04\/2025/);
    expect(text).toContain('Parley Claims Review');
    expect(text).toContain('100 Example Plaza, Suite 400');
  });

  it('prints one table row per line with date, code and modifiers, units, billed, benchmark and offer', async () => {
    const { text } = await readPdfText(await renderOfferLetter(sampleOffer()));
    expect(text).toMatch(/^1 03\/01\/2025 99284-25 1 \$1,450\.00 \$146\.21 \$204\.69 MPFS 2025 01182-18 F$/m);
    expect(text).toMatch(/^2 03\/01\/2025 71046-26 1 \$425\.00 \$13\.82 \$19\.35 MPFS 2025 01182-18 F$/m);
    expect(text).toMatch(/^4 03\/04\/2025 12002 2 \$880\.00 \$233\.16 \$326\.42 MPFS 2025 01182-18 F$/m);
  });

  it('shows a dash and a footnote that says why for a line with no benchmark', async () => {
    const { text } = await readPdfText(await renderOfferLetter(sampleOffer()));
    expect(text).toMatch(/^3 03\/02\/2025 36415 1 \$35\.00 — — No benchmark \[1\]$/m);
    expect(text).toContain('[1] Line 3 (36415): Paid on the Clinical Laboratory Fee Schedule, not the MPFS; not part of this offer.');
  });

  it('prints totals that add up and the savings as an amount and a percentage of what the offered lines billed', async () => {
    const { text } = await readPdfText(await renderOfferLetter(sampleOffer()));
    // 1,450 + 425 + 35 + 880 billed; 146.21 + 13.82 + 233.16 benchmark; 204.69 + 19.35 + 326.42 offered.
    expect(text).toMatch(/Total 4 lines \$2,790\.00 \$393\.19 \$550\.46/);
    expect(text).toMatch(/Total billed charges \$2,790\.00/);
    expect(text).toMatch(/Billed for the lines offered \$2,755\.00/);
    expect(text).toMatch(/Total offer \$550\.46/);
    // (2,755.00 - 550.46) / 2,755.00 = 80.02%
    expect(text).toMatch(/Savings \$2,204\.54 \(80\.0%\)/);
    expect(text).toContain('1 line billed at $35.00 has no Medicare benchmark and is not part of this offer');
  });

  it('states the method in plain words and the terms with the expiry date', async () => {
    const { text } = await readPdfText(await renderOfferLetter(sampleOffer()));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('140% of the 2025 Medicare Physician Fee Schedule amount for Medicare locality 01182-18 (Los Angeles, CA)');
    expect(flat).toContain('will pay $550.46 as payment in full');
    expect(flat).toContain("will not bill the patient for any amount for these services beyond the patient's cost share");
    expect(flat).toContain('Payment will be issued within 30 calendar days of our receipt of the signed acceptance');
    expect(flat).toContain('This offer expires on April 4, 2026.');
    expect(flat).toContain('ACCEPTANCE OF OFFER (return by April 4, 2026)');
    expect(flat).toMatch(/I accept the offer of \$550\.46 for claim RX-2025-004417/);
    expect(text).toMatch(/^Name Title$/m);
    expect(text).toMatch(/^Signature Date$/m);
  });

  it('numbers every page "Page X of Y"', async () => {
    const { pages } = await readPdfText(await renderOfferLetter(sampleOffer()));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    pages.forEach((page, i) => expect(page.text).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  it('flows 60 lines over several pages, repeating the table header, with every amount printed', async () => {
    const lines = sampleLines(60);
    const { pages, text } = await readPdfText(await renderOfferLetter(sampleOffer({ lines })));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => expect(page.text).toContain(`Page ${i + 1} of ${pages.length}`));
    const header = 'Line Date Code / mod. Units Billed Benchmark Offer Basis';
    const pagesWithLines = pages.filter((p) => p.lines.some((l) => /^\d+ \d\d\/\d\d\/2025 /.test(l)));
    expect(pagesWithLines.length).toBeGreaterThanOrEqual(2);
    for (const page of pagesWithLines) expect(page.lines).toContain(header);
    expect(pagesWithLines[1]!.text).toContain('Services and offer by line (continued)');
    for (const line of lines) {
      const amounts = [line.chargeCents, line.benchmarkCents, line.offerCents].map((c) => (c === null ? '—' : formatCents(c!)));
      const row = text.split('\n').find((l) => l.startsWith(`${line.lineNumber} `) && l.includes(formatCents(line.chargeCents)));
      expect(row, `line ${line.lineNumber}`).toBeDefined();
      expect(row).toContain(amounts.join(' '));
    }
    const offered = lines.reduce((sum, l) => sum + (l.offerCents ?? 0), 0);
    expect(text).toContain(`Total offer ${formatCents(offered)}`);
    // Lines with the same reason share one footnote.
    expect(text.replace(/\s+/g, ' ')).toContain('[1] Lines 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60 (36415, 36415-25-59): Paid on the Clinical Laboratory Fee Schedule');
  });

  it('labels a revised letter with its version and the counteroffer it answers', async () => {
    const { text } = await readPdfText(
      await renderOfferLetter(
        sampleOffer({
          version: 3,
          letterDate: '2026-03-16',
          revision: { previousLetterDate: '2026-03-05', previousOfferCents: 55_046, counterOfferCents: 98_000, counterReceivedOn: '2026-03-12' },
        }),
      ),
    );
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('RE: Revised offer, version 3, for out-of-network claim RX-2025-004417');
    expect(flat).toContain('Thank you for your counteroffer of $980.00, received on March 12, 2026.');
    expect(flat).toContain('revises our earlier offer of $550.46 dated March 5, 2026');
    expect(flat).toContain('This revised offer (version 3) replaces all earlier versions.');
    expect(flat).toContain('Offer version 3');
  });

  it('prints the No Surprises Act windows when the claim is subject to it', async () => {
    const { text } = await readPdfText(
      await renderOfferLetter(
        sampleOffer({ nsa: { openNegotiationStart: '2026-03-02', openNegotiationEnds: '2026-04-13', idrInitiationDeadline: '2026-04-17' } }),
      ),
    );
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('subject to the federal No Surprises Act');
    expect(flat).toContain('ends on April 13, 2026 (30 business days)');
    expect(flat).toContain('no later than April 17, 2026');
  });

  it('writes identical bytes for identical input, with the letter date as the PDF creation date', async () => {
    const a = await renderOfferLetter(sampleOffer());
    const b = await renderOfferLetter(sampleOffer());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = await renderOfferLetter(sampleOffer({ letterDate: '2026-03-06' }));
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    const { info } = await readPdfText(a);
    expect(String(info.CreationDate)).toMatch(/^D:20260305/);
    expect(info.Title).toBe('Offer of payment: reference CASE-7Q2M9X');
  });

  it('prints untrusted bill text as one clean line: control characters stripped, very long values cut', async () => {
    const input = sampleOffer();
    input.parties.providerName = 'Riverside\u0000 Emergency\u202e Physicians\r\nLLC ' + 'X'.repeat(5_000);
    input.claim.claimNumber = `CLM\u0007-${'9'.repeat(400)}`;
    input.lines[0]!.code = '99284\u001b[31m';
    const pdf = await renderOfferLetter(input);
    const { text } = await readPdfText(pdf);
    expect(text).toContain('Riverside Emergency Physicians LLC XXX');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(text).not.toContain('X'.repeat(200));
    expect(text).toMatch(/^1 03\/01\/2025 99284 \[31m-25 1 \$1,450\.00/m);
  });

  it('refuses invalid input with an error naming the fields, not their values', async () => {
    const input = sampleOffer({ letterDate: '03/05/2026', lines: [] });
    const error = await renderOfferLetter(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidLetterInput);
    expect((error as InvalidLetterInput).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['letterDate', 'lines']));
    expect((error as Error).message).not.toContain('MBR-55501234');
  });

  it('renders the first page to PNG for a person to look at', async () => {
    mkdirSync(OUT, { recursive: true });
    const letterhead = readLetterheadConfig(fileURLToPath(new URL('../../config/letterhead.json', import.meta.url)));
    const pdf = await renderOfferLetter(sampleOffer({ letterhead }));
    writeFileSync(`${OUT}/offer-letter.pdf`, pdf);
    const png = await renderPagePng(pdf, 1, 2);
    writeFileSync(`${OUT}/offer-letter-page1.png`, png);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });
});
