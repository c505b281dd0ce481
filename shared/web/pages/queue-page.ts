// The negotiator's queue: filters, cases in deadline order, paging.
import { html } from 'hono/html';
import { QUEUE_STATUSES } from '../../cases/case-service.ts';
import { page, type Html, type Viewer } from '../layout.ts';
import { centsToInput, money, percent, plural } from '../format.ts';
import { PAGE_SIZE, type QueueFilters, type QueueResult } from '../queue-data.ts';
import { deadlineCell, statusChip, statusLabel } from '../status-labels.ts';

const DUE_CHOICES: [string, string][] = [
  ['', 'Any time'],
  ['0', 'Overdue or today'],
  ['5', 'Within 5 days'],
  ['14', 'Within 14 days'],
  ['30', 'Within 30 days'],
];

function queryString(filters: QueueFilters, pageNumber: number, cursor?: string): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.dueWithinDays !== undefined) params.set('due', String(filters.dueWithinDays));
  if (filters.payer) params.set('payer', filters.payer);
  if (filters.provider) params.set('provider', filters.provider);
  if (filters.minBilledCents !== undefined) params.set('min', centsToInput(filters.minBilledCents));
  if (filters.maxBilledCents !== undefined) params.set('max', centsToInput(filters.maxBilledCents));
  if (filters.search) params.set('q', filters.search);
  if (filters.sort && filters.sort !== 'deadline') params.set('sort', filters.sort);
  if (cursor) params.set('cursor', cursor);
  else if (pageNumber > 1) params.set('page', String(pageNumber));
  return params.toString();
}

function timeOfDay(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

function pager(filters: QueueFilters, result: QueueResult) {
  if (result.pages !== null) {
    if (result.pages <= 1) return '';
    return html`<div class="pager"><span class="muted small">Page ${result.page} of ${result.pages}</span><span>
      ${result.page > 1 ? html`<a class="button secondary small" href="/queue?${queryString(filters, result.page - 1)}">Previous</a>` : ''}
      ${result.page < result.pages ? html`<a class="button secondary small" href="/queue?${queryString(filters, result.page + 1)}">Next</a>` : ''}
    </span></div>`;
  }
  if (!filters.cursor && !result.cursor) return '';
  return html`<div class="pager"><span class="muted small">In deadline order, ${PAGE_SIZE} at a time</span><span>
    ${filters.cursor ? html`<a class="button secondary small" href="/queue?${queryString({ ...filters, cursor: undefined }, 1)}">First page</a>` : ''}
    ${result.cursor ? html`<a class="button secondary small" href="/queue?${queryString(filters, 1, result.cursor)}" rel="next">Next ${PAGE_SIZE}</a>` : ''}
  </span></div>`;
}

export function queuePage(viewer: Viewer, filters: QueueFilters, result: QueueResult, today: string): Html {
  const selected = (a: unknown, b: unknown) => (a === b ? html` selected` : '');
  return page(
    { title: 'Queue', viewer, section: 'queue' },
    html`<div class="page-head">
      <div><h1>Queue</h1><p class="muted">Cases being worked, the most urgent deadline first.</p></div>
      <div class="muted small" data-testid="queue-count">${result.matched !== null ? plural(result.matched, 'case') : `${plural(result.rows.length, 'case')} on this page`}${result.asOf ? html` · as of ${timeOfDay(result.asOf)}` : ''}</div>
    </div>
    <form class="card filters" method="get" action="/queue" role="search" aria-label="Filter the queue">
      <label>Claim or account no. <input type="search" name="q" value="${filters.search ?? ''}" placeholder="Claim, account or case id"></label>
      <label>Status <select name="status"><option value="">All worked</option>${QUEUE_STATUSES.map(
        (s) => html`<option value="${s}"${selected(filters.status, s)}>${statusLabel(s)}</option>`,
      )}</select></label>
      <label>Deadline <select name="due">${DUE_CHOICES.map(
        ([v, l]) => html`<option value="${v}"${selected(filters.dueWithinDays === undefined ? '' : String(filters.dueWithinDays), v)}>${l}</option>`,
      )}</select></label>
      <label>TPA / payer <input name="payer" list="payer-names" value="${filters.payer ?? ''}" placeholder="Any"><datalist id="payer-names">${result.payers.map((p) => html`<option value="${p}"></option>`)}</datalist></label>
      <label>Provider <input name="provider" value="${filters.provider ?? ''}" placeholder="Name or TIN"></label>
      <label>Billed from <input name="min" inputmode="decimal" size="8" value="${filters.minBilledCents !== undefined ? centsToInput(filters.minBilledCents) : ''}" placeholder="$"></label>
      <label>to <input name="max" inputmode="decimal" size="8" value="${filters.maxBilledCents !== undefined ? centsToInput(filters.maxBilledCents) : ''}" placeholder="$"></label>
      <label>Sort <select name="sort">
        <option value="deadline"${selected(filters.sort, 'deadline')}>Deadline</option>
        <option value="billed"${selected(filters.sort, 'billed')}>Billed, highest first</option>
        <option value="updated"${selected(filters.sort, 'updated')}>Last change</option>
      </select></label>
      <div class="form-row"><button class="button" type="submit">Apply</button> <a class="button secondary" href="/queue">Clear</a></div>
    </form>
    <section class="card flush">
      <div class="table-scroll">
      <table class="table responsive" data-testid="queue">
        <thead><tr>
          <th>Case</th><th>Claim / account</th><th>Provider</th><th>TPA / payer</th>
          <th class="num">Billed</th><th class="num">Offer</th><th class="num">Savings</th><th>Status</th><th>Next deadline</th>
        </tr></thead>
        <tbody>
        ${
          result.rows.length === 0
            ? html`<tr><td colspan="9" class="empty">No case matches these filters.</td></tr>`
            : result.rows.map(
                (r) => html`<tr data-case="${r.id}">
            <td data-label="Case"><a class="row-link" href="/cases/${encodeURIComponent(r.id)}">${r.id}</a>${r.nsa ? html` <span class="flag sev-info" title="No Surprises Act claim">NSA</span>` : ''}</td>
            <td data-label="Claim / account"><span class="mono">${r.claimNumber ?? '—'}</span>${r.accountNumber && r.accountNumber !== r.claimNumber ? html`<span class="sub mono">acct ${r.accountNumber}</span>` : ''}</td>
            <td data-label="Provider">${r.providerName ?? '—'}<span class="sub">TIN ${r.providerTin ?? '—'}</span></td>
            <td data-label="TPA / payer">${r.payer ?? '—'}</td>
            <td data-label="Billed" class="num">${money(r.billedCents)}</td>
            <td data-label="Offer" class="num">${money(r.offerCents)}</td>
            <td data-label="Savings" class="num">${r.offerCents === null ? '—' : percent(r.billedCents - r.offerCents, r.billedCents)}</td>
            <td data-label="Status">${statusChip(r.status)}${r.flagCount > 0 ? html`<span class="sub">${plural(r.flagCount, 'flag')}</span>` : ''}${r.reasons.length > 0 ? html`<span class="sub" title="${r.reasons.join('\n')}">${plural(r.reasons.length, 'review reason')}</span>` : ''}</td>
            <td data-label="Next deadline">${deadlineCell(r.nextDeadline, today)}</td>
          </tr>`,
              )
        }
        </tbody>
      </table>
      </div>
      ${pager(filters, result)}
    </section>`,
  );
}
