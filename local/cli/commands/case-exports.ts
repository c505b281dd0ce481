// `parley export` (cases as CSV or JSON) and `parley report` (the savings report) on the local data folder.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CaseStatus } from '#shared/model/case.ts';
import { formatCents } from '#shared/model/money.ts';
import { casesCsv, casesJson } from '#shared/reports/case-export.ts';
import { SavingsGrouping, savingsReport, savingsReportCsv, type SavingsRow } from '#shared/reports/savings-report.ts';
import { UsageError, type CliOutput } from '../output.ts';
import { textTable } from '../text-table.ts';
import { CASE_OPTIONS, withCaseSession } from './case-session.ts';

export async function exportCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...CASE_OPTIONS, format: { type: 'string', default: 'csv' }, out: { type: 'string' }, status: { type: 'string' } },
  });
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError(`--format must be csv or json, got "${values.format}"`);
  const status = statusOption(values.status);
  return withCaseSession('export', values, out, async (session) => {
    const cases = await session.service.allCases(session.actorFor(), { status, tin: values.tin, view: 'cli export' });
    const now = session.runtime.services.now();
    const text = values.format === 'csv' ? casesCsv(cases) : `${JSON.stringify(casesJson(cases, now), null, 2)}\n`;
    if (values.out) {
      const path = resolve(values.out);
      writeFileSync(path, text);
      out.stderr(`${cases.length} case(s) written to ${path}\n`);
    } else {
      out.stdout(text);
    }
    return 0;
  });
}

export async function reportCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...CASE_OPTIONS, by: { type: 'string', default: 'tpa' }, format: { type: 'string', default: 'text' }, status: { type: 'string' } },
  });
  const by = SavingsGrouping.safeParse(values.by);
  if (!by.success) throw new UsageError(`--by must be one of ${SavingsGrouping.options.join(', ')}, got "${values.by}"`);
  const format = values.json ? 'json' : values.format;
  if (!['text', 'csv', 'json'].includes(format ?? '')) throw new UsageError(`--format must be text, csv or json, got "${values.format}"`);
  const status = statusOption(values.status);
  return withCaseSession('report', values, out, async (session) => {
    const cases = await session.service.allCases(session.actorFor(), { status, tin: values.tin, view: 'cli report' });
    const report = savingsReport(cases, by.data, session.runtime.services.now());
    if (format === 'json') out.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'csv') out.stdout(savingsReportCsv(report));
    else out.stdout(reportText(report.rows, report.total, by.data));
    return 0;
  });
}

function reportText(rows: SavingsRow[], total: SavingsRow, by: SavingsGrouping): string {
  const pct = (value: number | null) => (value === null ? '-' : `${value.toFixed(1)}%`);
  return textTable([...rows, total], [
    { header: by === 'tpa' ? 'TPA / payer' : by === 'provider' ? 'Provider' : 'Month', value: (r) => r.label, maxWidth: 40 },
    { header: 'Cases', value: (r) => String(r.cases), align: 'right' },
    { header: 'Sent', value: (r) => String(r.offersSent), align: 'right' },
    { header: 'Agreed', value: (r) => String(r.agreements), align: 'right' },
    { header: 'Billed', value: (r) => formatCents(r.billedCents), align: 'right' },
    { header: 'Offered', value: (r) => formatCents(r.offeredCents), align: 'right' },
    { header: 'Agreed amt', value: (r) => formatCents(r.agreedCents), align: 'right' },
    { header: 'Savings', value: (r) => formatCents(r.savingsCents), align: 'right' },
    { header: 'Savings %', value: (r) => pct(r.savingsPercent), align: 'right' },
    { header: 'Acceptance', value: (r) => pct(r.acceptanceRate), align: 'right' },
    { header: 'First-offer', value: (r) => pct(r.initialAcceptanceRate), align: 'right' },
  ]) + '\nSavings % = (billed - agreed) / billed, over the cases with an agreement. Acceptance = agreements / cases with an offer sent.\n';
}

function statusOption(value: string | undefined): CaseStatus | undefined {
  if (value === undefined) return undefined;
  const parsed = CaseStatus.safeParse(value.toUpperCase());
  if (!parsed.success) throw new UsageError(`--status must be one of ${CaseStatus.options.join(', ')}, got "${value}"`);
  return parsed.data;
}
