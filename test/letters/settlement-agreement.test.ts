import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSettlementAgreement } from '../../shared/letters/settlement-agreement.ts';
import { InvalidLetterInput } from '../../shared/letters/offer-letter-input.ts';
import { readPdfText, renderPagePng } from './read-pdf.ts';
import { sampleSettlement } from './sample-letters.ts';

describe('renderSettlementAgreement', () => {
  it('names the parties, the claim and the accepted offer', async () => {
    const { text, pages } = await readPdfText(await renderSettlementAgreement(sampleSettlement()));
    const flat = text.replace(/\s+/g, ' ');
    expect(pages).toHaveLength(1);
    expect(flat).toContain('SETTLEMENT AGREEMENT');
    expect(flat).toContain('Effective date: March 20, 2026');
    expect(flat).toContain('between Acme Manufacturing Employee Health Plan (administered by Summit TPA) (the "Plan"), represented by Parley Claims Review, and Riverside Emergency Physicians LLC (the "Provider"; TIN 84-1234567, NPI 1467583921)');
    expect(flat).toContain("on the terms of the Plan's offer, version 2, which the Provider accepted on March 19, 2026");
    expect(text).toMatch(/Claim no\. RX-2025-004417/);
    expect(text).toMatch(/Member ID MBR-55501234/);
    expect(text).toMatch(/Accepted offer version 2 of 03\/16\/2026/);
    expect(text).toContain('Page 1 of 1');
  });

  it('states the agreed amount, what it saves and the terms', async () => {
    const { text } = await readPdfText(await renderSettlementAgreement(sampleSettlement()));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('BILLED CHARGES AGREED AMOUNT REDUCTION');
    // 2,790.00 - 612.50 = 2,177.50, 78.0% of billed
    expect(flat).toContain('$2,790.00 $612.50 $2,177.50 (78.0%)');
    expect(flat).toContain('will pay $612.50 to Riverside Emergency Physicians LLC within 30 calendar days of the effective date');
    expect(flat).toContain('accepts $612.50 as payment in full for all services billed on the claim');
    expect(flat).toContain("will not bill the patient for these services beyond the patient's cost share");
    expect(flat).not.toContain('No Surprises Act');
  });

  it('carries both typed signatures with titles and dates', async () => {
    const { text } = await readPdfText(await renderSettlementAgreement(sampleSettlement()));
    expect(text).toMatch(/^FOR THE PROVIDER FOR THE PLAN$/m);
    expect(text).toMatch(/^\/s\/ Maria Okafor March 19, 2026 \/s\/ Dana Whitfield March 20, 2026$/m);
    expect(text).toMatch(/^Maria Okafor, Revenue Cycle Director Dana Whitfield, Senior Claims Negotiator$/m);
  });

  it('ends open negotiation for a No Surprises Act claim', async () => {
    const { text } = await readPdfText(await renderSettlementAgreement(sampleSettlement({ nsa: true })));
    expect(text.replace(/\s+/g, ' ')).toContain('Neither party will initiate federal independent dispute resolution for it');
  });

  it('is deterministic and refuses an agreement without a provider signature', async () => {
    const a = await renderSettlementAgreement(sampleSettlement());
    const b = await renderSettlementAgreement(sampleSettlement());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const { providerSignature: _, ...unsigned } = sampleSettlement();
    await expect(renderSettlementAgreement(unsigned as never)).rejects.toBeInstanceOf(InvalidLetterInput);
  });

  it('renders to PNG for a person to look at', async () => {
    mkdirSync('test-output/letters', { recursive: true });
    const pdf = await renderSettlementAgreement(sampleSettlement({ nsa: true }));
    writeFileSync('test-output/letters/settlement-agreement.pdf', pdf);
    const png = await renderPagePng(pdf, 1, 2);
    writeFileSync('test-output/letters/settlement-agreement-page1.png', png);
    expect(png.length).toBeGreaterThan(20_000);
  });
});
