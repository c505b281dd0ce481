// The savings dashboard: what was billed, offered and agreed, savings and acceptance, by month, TPA and provider,
// each figure from the savings report (the same numbers the CSV export holds) and linked to the cases behind it.
import { html } from 'hono/html';
import type { SavingsReport, SavingsRow } from '../../reports/savings-report.ts';
import { barChart, columnChart, type Series } from '../charts.ts';
import { money, plural } from '../format.ts';
import { page, type Html, type Viewer } from '../layout.ts';

export interface DashboardData {
  byMonth: SavingsReport;
  byTpa: SavingsReport;
  byProvider: SavingsReport;
  /** When the cases behind the figures were read. */
  asOf: string;
  truncated: boolean;
}

const SERIES: Series[] = [
  { name: 'Billed', className: 'bar-billed' },
  { name: 'Offered', className: 'bar-offer' },
  { name: 'Agreed', className: 'bar-agreed' },
];

const pct = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}%`);

function reportTable(report: SavingsReport, label: string, link: (row: SavingsRow) => string | null) {
  return html`<div class="table-scroll"><table class="table responsive" data-testid="savings-${report.groupBy}">
    <thead><tr><th>${label}</th><th class="num">Cases</th><th class="num">Offers sent</th><th class="num">Agreed</th><th class="num">Billed</th><th class="num">Offered</th><th class="num">Agreed amount</th><th class="num">Savings</th><th class="num">Savings %</th><th class="num">Acceptance</th></tr></thead>
    <tbody>${report.rows.map((r) => {
      const href = link(r);
      return html`<tr><td data-label="${label}">${href ? html`<a href="${href}">${r.label}</a>` : r.label}</td><td data-label="Cases" class="num">${r.cases}</td><td data-label="Offers sent" class="num">${r.offersSent}</td><td data-label="Agreed" class="num">${r.agreements}</td>
        <td data-label="Billed" class="num">${money(r.billedCents)}</td><td data-label="Offered" class="num">${money(r.offeredCents)}</td><td data-label="Agreed amount" class="num">${money(r.agreedCents)}</td>
        <td data-label="Savings" class="num">${money(r.savingsCents)}</td><td data-label="Savings %" class="num">${pct(r.savingsPercent)}</td><td data-label="Acceptance" class="num">${pct(r.acceptanceRate)}</td></tr>`;
    })}</tbody>
    <tfoot><tr><td>All</td><td class="num">${report.total.cases}</td><td class="num">${report.total.offersSent}</td><td class="num">${report.total.agreements}</td><td class="num">${money(report.total.billedCents)}</td><td class="num">${money(report.total.offeredCents)}</td><td class="num">${money(report.total.agreedCents)}</td><td class="num">${money(report.total.savingsCents)}</td><td class="num">${pct(report.total.savingsPercent)}</td><td class="num">${pct(report.total.acceptanceRate)}</td></tr></tfoot>
  </table></div>`;
}

export function dashboardPage(viewer: Viewer, data: DashboardData): Html {
  const t = data.byTpa.total;
  const legend = html`<div class="legend">${SERIES.map((s) => html`<span><i class="k-${s.className.replace('bar-', '')}"></i>${s.name}</span>`)}</div>`;
  const values = (r: SavingsRow) => [r.billedCents, r.offeredCents, r.agreedCents];
  const months = data.byMonth.rows.slice(-12);
  return page(
    { title: 'Savings', viewer, section: 'dashboard' },
    html`<div class="page-head"><div><h1>Savings</h1><p class="muted">Billed, offered and agreed across ${plural(t.cases, 'case')}. Savings are what agreed cases billed minus what was agreed. As of ${data.asOf.slice(11, 19)} UTC${data.truncated ? ' (the first 20,000 cases)' : ''}; the CSV exports read the cases afresh.</p></div>
      <div class="actions-bar">
        <a class="button secondary" href="/api/reports/savings?groupBy=tpa&amp;format=csv" download>Report by TPA (CSV)</a>
        <a class="button secondary" href="/api/reports/savings?groupBy=provider&amp;format=csv" download>By provider (CSV)</a>
        <a class="button secondary" href="/api/reports/savings?groupBy=month&amp;format=csv" download>By month (CSV)</a>
        <a class="button secondary" href="/api/exports/cases.csv" download>All cases (CSV)</a>
        <a class="button secondary" href="/api/exports/cases.json" download>All cases (JSON)</a>
      </div></div>
    <div class="stats" data-testid="savings-totals">
      <div class="stat"><div class="stat-label">Billed</div><div class="stat-value">${money(t.billedCents)}</div><div class="stat-note">${plural(t.cases, 'case')}</div></div>
      <div class="stat"><div class="stat-label">Offered</div><div class="stat-value">${money(t.offeredCents)}</div><div class="stat-note">${plural(t.offersSent, 'offer')} sent</div></div>
      <div class="stat"><div class="stat-label">Agreed</div><div class="stat-value">${money(t.agreedCents)}</div><div class="stat-note">${plural(t.agreements, 'agreement')}</div></div>
      <div class="stat"><div class="stat-label">Savings</div><div class="stat-value">${money(t.savingsCents)}</div><div class="stat-note">${pct(t.savingsPercent)} of what agreed cases billed</div></div>
      <div class="stat"><div class="stat-label">Acceptance</div><div class="stat-value">${pct(t.acceptanceRate)}</div><div class="stat-note">${pct(t.initialAcceptanceRate)} on the first offer</div></div>
    </div>
    <div class="chart-grid">
      <section class="card wide-chart"><h2>By month</h2>${legend}${columnChart(SERIES, months.map((r) => ({ label: r.label, values: values(r) })), 'Billed, offered and agreed by month')}
        <p class="muted small">A case counts in the month it settled, else the month it was opened.</p></section>
      <section class="card"><h2>By TPA</h2>${legend}${barChart(SERIES, data.byTpa.rows.slice(0, 10).map((r) => ({ label: r.label, values: values(r), href: `/queue?payer=${encodeURIComponent(r.key)}` })), 'Billed, offered and agreed by TPA')}</section>
      <section class="card"><h2>By provider (top 10 by billed)</h2>${legend}${barChart(SERIES, data.byProvider.rows.slice(0, 10).map((r) => ({ label: r.label, values: values(r), href: `/queue?provider=${encodeURIComponent(r.key)}` })), 'Billed, offered and agreed by provider')}</section>
    </div>
    <section class="card"><h2>By TPA</h2>${reportTable(data.byTpa, 'TPA / payer', (r) => `/queue?payer=${encodeURIComponent(r.key)}`)}</section>
    <section class="card"><h2>By provider</h2>${reportTable(data.byProvider, 'Provider', (r) => `/queue?provider=${encodeURIComponent(r.key)}`)}</section>
    <section class="card"><h2>By month</h2>${reportTable(data.byMonth, 'Month', () => null)}</section>`,
  );
}
