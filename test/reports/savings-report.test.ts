import { describe, expect, it } from 'vitest';
import { casesCsv, casesJson } from '#shared/reports/case-export.ts';
import { savingsReport, savingsReportCsv } from '#shared/reports/savings-report.ts';
import { SAMPLE_CASES } from './fixtures.ts';

const at = new Date('2025-06-01T00:00:00.000Z');

describe('the savings report', () => {
  it('by TPA: billed, offered, agreed, savings against what the agreed cases billed, acceptance per offer sent', () => {
    const report = savingsReport(SAMPLE_CASES, 'tpa', at);
    const acme = report.rows.find((r) => r.key === 'ACME TPA')!;
    expect(acme).toEqual({
      key: 'ACME TPA',
      label: 'ACME TPA',
      cases: 3,
      offersSent: 3,
      agreements: 2,
      acceptedAsFirstOffered: 1,
      billedCents: 350_000,
      offeredCents: 40_000 + 90_000 + 20_000,
      agreedBilledCents: 300_000,
      agreedCents: 130_000,
      savingsCents: 170_000,
      // 170000 / 300000 = 56.67% -> 56.7
      savingsPercent: 56.7,
      // 2 of 3 sent
      acceptanceRate: 66.7,
      initialAcceptanceRate: 33.3,
    });
    const beta = report.rows.find((r) => r.key === 'BETA BENEFITS')!;
    expect(beta).toMatchObject({ cases: 2, offersSent: 1, agreements: 1, acceptedAsFirstOffered: 0, agreedCents: 120_000, savingsPercent: 60, acceptanceRate: 100 });
    expect(report.total).toMatchObject({ cases: 5, offersSent: 4, agreements: 3, billedCents: 720_000, agreedBilledCents: 600_000, agreedCents: 250_000, savingsPercent: 58.3, acceptanceRate: 75 });
    // The larger billed total first: BETA billed $3,700.00, ACME $3,500.00.
    expect(report.rows.map((r) => r.key)).toEqual(['BETA BENEFITS', 'ACME TPA']);
  });

  it('by provider (TIN, with the name) and by month of settlement, else of creation', () => {
    const byProvider = savingsReport(SAMPLE_CASES, 'provider', at);
    expect(byProvider.rows.map((r) => [r.key, r.label, r.cases])).toEqual([
      ['333333333', '=EVIL() (TIN 333333333)', 2],
      ['222222222', 'SOUTH SURGERY, LLC (TIN 222222222)', 1],
      ['111111111', 'NORTH CLINIC (TIN 111111111)', 2],
    ]);
    const byMonth = savingsReport(SAMPLE_CASES, 'month', at);
    expect(byMonth.rows.map((r) => [r.key, r.cases, r.agreements])).toEqual([
      ['2025-03', 2, 1], // C1 settled in March, C3 created in March
      ['2025-04', 2, 2], // C2 settled in April, C4 created in April (accepted, not yet settled)
      ['2025-05', 1, 0],
    ]);
  });

  it('has no percentages where there is nothing to divide by', () => {
    const report = savingsReport([SAMPLE_CASES[4]!], 'tpa', at);
    expect(report.rows[0]).toMatchObject({ savingsPercent: null, acceptanceRate: null, initialAcceptanceRate: null, offeredCents: 30_000 });
    expect(savingsReport([], 'month', at).total).toMatchObject({ cases: 0, savingsPercent: null });
  });

  it('as CSV: one row per group and the total, amounts in dollars, names neutralized', () => {
    const lines = savingsReportCsv(savingsReport(SAMPLE_CASES, 'provider', at)).split('\r\n');
    expect(lines[0]).toBe('provider,cases,offers_sent,agreements,accepted_first_offer,billed,offered,agreed_billed,agreed,savings,savings_pct,acceptance_rate_pct,initial_acceptance_rate_pct');
    expect(lines[1]).toBe("'=EVIL() (TIN 333333333),2,1,1,0,3700.00,1500.00,3000.00,1200.00,1800.00,60,100,0");
    expect(lines[2]).toBe('"SOUTH SURGERY, LLC (TIN 222222222)",1,1,1,0,2000.00,900.00,2000.00,900.00,1100.00,55,100,0');
    expect(lines.at(-2)).toBe('All cases,5,4,3,1,7200.00,3000.00,6000.00,2500.00,3500.00,58.3,75,25');
  });
});

describe('exporting cases', () => {
  it('as CSV: a header, one row per case, amounts from cents, formula-looking names quoted harmless', () => {
    const lines = casesCsv(SAMPLE_CASES).split('\r\n');
    expect(lines).toHaveLength(SAMPLE_CASES.length + 2);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['case_id', 'status', 'claim_type', 'payer', 'provider_name']);
    const c2 = lines.find((l) => l.startsWith('C2,'))!;
    expect(c2).toContain('"SOUTH SURGERY, LLC",222222222');
    const cells = (line: string) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    const row = Object.fromEntries(header.map((h, i) => [h, cells(c2)[i]]));
    expect(row).toMatchObject({ billed: '2000.00', offered: '900.00', agreed: '900.00', savings: '1100.00', savings_pct: '55', counters: '1', last_counter: '900.00', offers_sent: '1' });
    expect(lines.find((l) => l.startsWith('C4,'))).toContain(",'=EVIL(),");
  });

  it('as JSON: the same rows with amounts in integer cents', () => {
    const json = casesJson(SAMPLE_CASES, at);
    expect(json).toMatchObject({ exportedAt: '2025-06-01T00:00:00.000Z', count: 5, amountsIn: 'cents' });
    expect(json.cases.find((c) => c.id === 'C1')).toMatchObject({
      status: 'SETTLED', payer: 'ACME TPA', billedCents: 100_000, offeredCents: 40_000, agreedCents: 40_000, savingsCents: 60_000, savingsPercent: 60,
      firstSentOn: '2025-02-03', settledAt: '2025-03-20T10:00:00.000Z',
    });
    expect(json.cases.find((c) => c.id === 'C5')).toMatchObject({ agreedCents: null, savingsCents: null, offersSent: 0 });
    // No patient names in an export.
    expect(JSON.stringify(json)).not.toContain('RIVERA');
  });
});
