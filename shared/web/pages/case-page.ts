// A case as the negotiator works it: the source document beside the extracted lines (select a line to see where it
// was read), per line the benchmark, its formula and data year, the offer and its rule; flags, totals and savings;
// deadlines; the negotiation; the actions the case's status allows; the history.
import { html } from 'hono/html';
import { actionsForRole, allowedActions, type CaseAction } from '../../cases/lifecycle.ts';
import { providerByRole } from '../../model/bill.ts';
import type { CaseEvent, StoredCase } from '../../model/case.ts';
import type { PricingFlag } from '../../model/pricing.ts';
import type { Role } from '../../api/principal.ts';
import type { CaseData, LineSource } from '../case-data.ts';
import { centsToInput, countdown, dateTime, isoDate, money, percent, plural } from '../format.ts';
import { page, type Html, type Viewer } from '../layout.ts';
import { dueClass, statusChip, statusLabel } from '../status-labels.ts';

export interface CasePageOptions {
  today: string;
  /** Offers above this total need a supervisor (the case service enforces it; the page says so up front). */
  supervisorLimitCents: number;
}

const EDIT_BY_OFFER: readonly string[] = ['PRICED', 'OFFER_DRAFTED', 'APPROVED', 'NEEDS_REVIEW'];
const EDIT_BY_REVISION: readonly string[] = ['SENT', 'COUNTERED', 'REVISED', 'EXPIRED', 'REJECTED'];

function staffActions(role: Role, record: StoredCase): Set<CaseAction> {
  const lifecycleRole = role === 'admin' ? 'supervisor' : role === 'provider' ? 'provider' : role;
  const mine = new Set(actionsForRole(lifecycleRole));
  return new Set(allowedActions(record.status).filter((a) => mine.has(a)));
}

function flagList(flags: PricingFlag[]) {
  return flags.map((f) => html`<span class="flag sev-${f.severity === 'review' ? 'error' : f.severity}" title="${f.message}">${f.code.replaceAll('_', ' ').toLowerCase()}</span>`);
}

function formulaText(formula: Record<string, string | number | boolean | null> | null): string {
  if (!formula) return '';
  return Object.entries(formula)
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join(' · ');
}

function confidenceCell(source: LineSource) {
  const pct = Math.round(source.confidence * 100);
  return html`<span class="${source.confidence < 0.8 ? 'conf-low' : 'muted'}" title="Lowest confidence among the line's fields">${pct}%</span>`;
}

/** Where the line was read, short (the cell) and in full (its title). */
function sourceLabel(source: LineSource): { short: string; full: string } {
  const first = source.fields[0]?.provenance;
  if (!first) return { short: '', full: '' };
  if (first.segment !== undefined) {
    const segments = [...new Set(source.fields.map((f) => f.provenance.segment))].filter((n): n is number => n !== undefined).sort((a, b) => a - b);
    const short = segments.length > 1 ? `seg ${segments[0]}–${segments.at(-1)}` : `seg ${segments[0]}`;
    return { short, full: `X12 segments ${segments.join(', ')}` };
  }
  const boxes = [...new Set(source.fields.map((f) => f.provenance.box).filter(Boolean))];
  return { short: `p. ${first.page ?? 1}`, full: `page ${first.page ?? 1}${boxes.length ? `, boxes ${boxes.join(', ')}` : ''}, read by ${first.engine}` };
}

function documentViewer(data: CaseData) {
  const { record } = data;
  if (data.segments.length > 0) {
    return html`<section class="card doc-viewer" aria-label="Source document">
      <div class="card-head"><h2>Source: ${record.fileName}</h2><span class="muted small">X12 837, segments as read</span></div>
      <div class="x12-source" data-testid="x12-source">${data.segments.map((s) => html`<span class="seg" data-segment="${s.position}"><span class="muted">${String(s.position).padStart(4, ' ')}  </span>${s.text}~</span>\n`)}</div>
    </section>`;
  }
  if (data.pageCount === 0) {
    return html`<section class="card doc-viewer" aria-label="Source document"><h2>Source: ${record.fileName}</h2><p class="muted">No page images for this document.</p></section>`;
  }
  const pages = Array.from({ length: data.pageCount }, (_, i) => i + 1);
  return html`<section class="card doc-viewer" aria-label="Source document">
    <div class="card-head"><h2>Source: ${record.fileName}</h2><span class="muted small">${plural(data.pageCount, 'page')}</span><button type="button" class="button secondary small zoom-toggle" id="zoom-toggle" aria-pressed="false">Enlarge</button></div>
    <div class="doc-pages">
    ${pages.map(
      (n) => html`<div class="doc-page" data-page="${n}">
        <img src="/cases/${encodeURIComponent(record.id)}/pages/${n}" alt="Page ${n} of ${record.fileName}" loading="${n <= 2 ? 'eager' : 'lazy'}">
        <span class="page-no">${n}</span>
        ${data.lineSources.flatMap((source) =>
          source.fields
            .filter((f) => f.provenance.bbox && (f.provenance.page ?? 1) === n)
            .map((f) => {
              const b = f.provenance.bbox!;
              return html`<span class="bbox" data-line="${source.index}" data-field="${f.field}" data-left="${b.left}" data-top="${b.top}" data-width="${b.width}" data-height="${b.height}" title="${f.field}: ${Math.round(f.provenance.confidence * 100)}%"></span>`;
            }),
        )}
      </div>`,
    )}
    </div>
  </section>`;
}

function linesTable(data: CaseData, editable: 'offer' | 'revise' | null, viewer: Viewer) {
  const { record } = data;
  const pricing = new Map((record.pricing?.lines ?? []).map((p) => [p.lineNumber, p]));
  const lastOffer = record.negotiation.offers.at(-1);
  // An amount agreed in total (a counteroffer accepted) has no lines: the lines show the last offer that had them.
  const lineOffer = [...record.negotiation.offers].reverse().find((o) => o.lines.length > 0);
  const offered = new Map((lineOffer?.lines ?? []).map((l) => [l.lineNumber, l.offerCents]));
  const agreedInTotal = lastOffer !== undefined && lastOffer.lines.length === 0 ? lastOffer : null;
  const billed = record.bill.lines.reduce((s, l) => s + l.chargeCents, 0);
  const benchmark = record.pricing?.totals.benchmarkCents ?? null;
  const offer = lineOffer?.totalOfferCents ?? record.pricing?.totals.offerCents ?? null;
  return html`<section class="card">
    <div class="card-head"><h2>Lines</h2><span class="muted small">Select a line to see where it was read</span></div>
    <form id="offer-form" data-case="${record.id}" data-version="${record.version}" data-edit="${editable ?? ''}" novalidate>
    ${viewer.csrfToken ? html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">` : ''}
    <div class="table-scroll">
    <table class="table lines" data-testid="lines">
      <thead><tr><th>#</th><th>Date</th><th>Code</th><th class="num">Units</th><th class="num">Billed</th><th class="num">Benchmark</th><th class="num">Offer</th><th class="num">% of bench.</th><th>Read</th></tr></thead>
      <tbody>
      ${record.bill.lines.map((line, index) => {
        const priced = pricing.get(line.lineNumber);
        const source = data.lineSources[index]!;
        const lineOffer = offered.get(line.lineNumber) ?? priced?.offerCents ?? null;
        const segments = source.fields.map((f) => f.provenance.segment).filter((n): n is number => n !== undefined);
        const canEdit = editable !== null && priced?.benchmarkCents !== null && priced?.benchmarkCents !== undefined;
        return html`<tr class="line-row" data-line="${index}" data-segments="${[...new Set(segments)].join(',')}" tabindex="0" aria-label="Line ${line.lineNumber}">
          <td>${line.lineNumber}</td>
          <td class="nowrap">${isoDate(line.serviceDate)}${line.serviceDateTo && line.serviceDateTo !== line.serviceDate ? html`<span class="sub">to ${isoDate(line.serviceDateTo)}</span>` : ''}</td>
          <td><span class="mono">${line.code ?? '—'}</span>${line.modifiers.length ? html` <span class="mono muted">${line.modifiers.join(' ')}</span>` : ''}${line.revenueCode ? html`<span class="sub">rev ${line.revenueCode}</span>` : ''}</td>
          <td class="num">${line.units}${line.unitBasis && line.unitBasis !== 'UN' ? html` <span class="muted">${line.unitBasis}</span>` : ''}</td>
          <td class="num" data-billed="${line.chargeCents}">${money(line.chargeCents)}</td>
          <td class="num">${money(priced?.benchmarkCents)}<span class="sub">${priced ? `${priced.method}${priced.year ? ` ${priced.year}` : ''}` : ''}</span></td>
          <td class="num">${
            canEdit
              ? html`<input class="offer-input" name="line-${line.lineNumber}" data-line-number="${line.lineNumber}" data-billed="${line.chargeCents}" data-benchmark="${priced!.benchmarkCents}" data-original="${centsToInput(lineOffer)}" value="${centsToInput(lineOffer)}" inputmode="decimal" aria-label="Offer for line ${line.lineNumber} in dollars">`
              : money(lineOffer)
          }</td>
          <td class="num" data-pct-line="${line.lineNumber}">${percent(lineOffer, priced?.benchmarkCents ?? null)}</td>
          <td title="${sourceLabel(source).full}">${confidenceCell(source)}<span class="sub nowrap">${sourceLabel(source).short}</span></td>
        </tr>
        <tr class="detail" data-detail="${index}"><td></td><td colspan="8">
          ${priced ? html`<div>${priced.explanation}</div>` : html`<div class="muted">Not priced.</div>`}
          ${priced?.rule ? html`<div><strong>Rule:</strong> ${priced.rule.description} <span class="muted mono">(${priced.rule.id})</span></div>` : ''}
          ${priced ? html`<div class="formula">${formulaText(priced.formula)}${priced.release ? ` · data: ${priced.release}` : ''}${priced.locality ? ` · locality ${priced.locality.carrier}-${priced.locality.locality}${priced.locality.name ? ` (${priced.locality.name})` : ''}${priced.localityAssumed ? ' assumed' : ''}` : ''}</div>` : ''}
          ${priced && priced.flags.length ? html`<div>${flagList(priced.flags)}</div>` : ''}
        </td></tr>`;
      })}
      </tbody>
      <tfoot><tr>
        <td colspan="4">Total</td>
        <td class="num">${money(billed)}</td>
        <td class="num">${money(benchmark)}</td>
        <td class="num" data-testid="offer-total"><span id="offer-total">${money(offer)}</span></td>
        <td class="num" id="offer-pct">${percent(offer, benchmark)}</td>
        <td id="offer-savings">${offer === null ? '' : html`saves ${money(billed - offer)} (${percent(billed - offer, billed)})`}</td>
      </tr>
      ${
        agreedInTotal
          ? html`<tr data-testid="agreed-in-total"><td colspan="4">Offer v${agreedInTotal.version}, in total (${agreedInTotal.source === 'counter' ? 'the provider\'s counteroffer' : 'agreed amount'})</td><td class="num">${money(billed)}</td><td class="num">${money(benchmark)}</td><td class="num">${money(agreedInTotal.totalOfferCents)}</td><td class="num">${percent(agreedInTotal.totalOfferCents, benchmark)}</td><td>saves ${money(billed - agreedInTotal.totalOfferCents)} (${percent(billed - agreedInTotal.totalOfferCents, billed)})</td></tr>`
          : ''
      }</tfoot>
    </table>
    </div>
    ${
      editable
        ? html`<div class="form-row edit-bar">
          <label>Or set the total offer <input id="total-input" class="offer-input" name="total" inputmode="decimal" value="${centsToInput(offer)}" aria-label="Total offer in dollars"></label>
          <label>Reason <input name="reason" size="28" maxlength="2000" placeholder="Why the offer changes"></label>
          <button class="button" type="submit" id="save-offer" data-api="${editable}">${editable === 'offer' ? 'Save offer' : 'Issue revised offer'}</button>
          <span class="muted small" id="edit-note">Amounts are spread over lines by benchmark, never above what a line billed; the server computes the exact cents.</span>
        </div>`
        : ''
    }
    </form>
  </section>`;
}

function actionForms(data: CaseData, viewer: Viewer, options: CasePageOptions) {
  const { record } = data;
  const allowed = staffActions(viewer.role, record);
  const offer = record.negotiation.offers.at(-1);
  const amount = offer?.totalOfferCents ?? record.pricing?.totals.offerCents ?? 0;
  const needsSupervisor = amount > options.supervisorLimitCents;
  const lastCounter = record.negotiation.counters.at(-1);
  const common = (action: string) => html`data-action="${action}" data-case="${record.id}" data-version="${record.version}"`;
  const reason = html`<label>Reason <input name="reason" maxlength="2000"></label>`;
  const forms: Html[] = [];
  if (allowed.has('approve') && record.status !== 'NEEDS_REVIEW') {
    forms.push(html`<form class="action-form" ${common('approve')}><div class="form-row">${reason}<button class="button ok" type="submit">Approve offer of ${money(amount)}</button></div>
      ${needsSupervisor ? html`<p class="small ${viewer.role === 'negotiator' ? 'alert alert-warn' : 'muted'}">Above the ${money(options.supervisorLimitCents)} limit: a supervisor must approve.</p>` : ''}</form>`);
  }
  if (allowed.has('send')) {
    forms.push(html`<form class="action-form" ${common('send')}><div class="form-row">
      <label>Email the letter to <input name="to" type="email" placeholder="billing@provider.example" size="26"></label>${reason}
      <button class="button ok" type="submit">Send offer</button></div>
      <p class="muted small">Leave the address empty to record a letter sent another way.</p></form>`);
  }
  if (allowed.has('counter')) {
    forms.push(html`<details class="action"><summary>Record a counteroffer</summary><form class="action-form" ${common('counter')}><div class="form-row">
      <label>Amount ($) <input name="amount" inputmode="decimal" required size="10"></label>
      <label>Received on <input name="receivedOn" type="date" value="${options.today}"></label>
      <label>Signed by <input name="signatoryName" size="16"></label>
      <label>Note <input name="note" size="28" maxlength="2000"></label>
      <label>Attachment <input name="attachment" type="file" accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,.eml,.txt"></label>
      <button class="button" type="submit">Record counteroffer</button></div></form></details>`);
  }
  if (allowed.has('accept')) {
    const what = record.status === 'COUNTERED' && lastCounter ? `the provider's counteroffer of ${money(lastCounter.amountCents)}` : `our offer of ${money(amount)}`;
    forms.push(html`<details class="action"${record.status === 'COUNTERED' ? html` open` : ''}><summary>Accept ${what}</summary><form class="action-form" ${common('accept')}><div class="form-row">
      <label>Signed by (typed name) <input name="signatureName" required size="18"></label>
      <label>Title <input name="signatureTitle" size="14"></label>
      <label>Date <input name="signatureDate" type="date" value="${options.today}"></label>
      <button class="button ok" type="submit">Accept</button></div>
      <p class="muted small">${record.status === 'COUNTERED' ? 'You sign for the plan; the provider\'s signatory on the counter signs for the provider.' : 'Record the provider\'s acceptance: their typed name, title and date.'}</p></form></details>`);
  }
  if (allowed.has('settle')) forms.push(html`<form class="action-form" ${common('settle')}><div class="form-row">${reason}<button class="button ok" type="submit">Settle (agreement signed by both)</button></div></form>`);
  if (allowed.has('resume')) forms.push(html`<form class="action-form" ${common('resume')}><div class="form-row">${reason}<button class="button" type="submit">Resume (review done)</button></div></form>`);
  if (allowed.has('review') && record.status !== 'NEEDS_REVIEW') {
    forms.push(html`<details class="action"><summary>Send to review</summary><form class="action-form" ${common('review')}><div class="form-row"><label>Why <input name="reason" required size="30"></label><button class="button secondary" type="submit">Send to review</button></div></form></details>`);
  }
  if (allowed.has('close')) forms.push(html`<form class="action-form" ${common('close')}><div class="form-row">${reason}<button class="button secondary" type="submit">Close case</button></div></form>`);
  if (allowed.has('reopen')) forms.push(html`<form class="action-form" ${common('reopen')}><div class="form-row">${reason}<button class="button secondary" type="submit">Reopen</button></div></form>`);
  const ends = (['reject', 'withdraw'] as const).filter((a) => allowed.has(a));
  if (ends.length) {
    forms.push(html`<details class="action"><summary>End without agreement</summary>${ends.map(
      (a) => html`<form class="action-form" ${common(a)}><div class="form-row">${reason}<button class="button danger" type="submit">${a === 'reject' ? 'Reject (offer declined / claim refused)' : 'Withdraw (claim withdrawn)'}</button></div></form>`,
    )}</details>`);
  }
  if (!record.nsa && !['SETTLED', 'CLOSED', 'WITHDRAWN'].includes(record.status)) {
    forms.push(html`<details class="action"><summary>Mark as a No Surprises Act claim</summary><form class="action-form" ${common('nsa')}><div class="form-row">
      <label>Open negotiation started <input name="openNegotiationStart" type="date"></label>${reason}
      <button class="button secondary" type="submit">Mark NSA</button></div><p class="muted small">Leave the date empty to start the clock when the offer is sent.</p></form></details>`);
  }
  return html`<section class="card" aria-label="Actions"><h2>Next steps</h2>
    <div id="action-result" role="status" aria-live="polite"></div>
    ${forms.length ? forms : html`<p class="muted">Nothing to do in status ${statusLabel(record.status)}.</p>`}
  </section>`;
}

function deadlinesCard(record: StoredCase, today: string) {
  const d = record.deadlines;
  const row = (label: string, date: string | null, note?: string) =>
    date ? html`<li><span>${label}${note ? html`<span class="sub">${note}</span>` : ''}</span><span class="${dueClass(date, today)}"><strong>${isoDate(date)}</strong> · ${countdown(date, today)}</span></li>` : '';
  return html`<section class="card" aria-label="Deadlines"><h2>Deadlines ${record.nsa || d?.nsa ? html`<span class="flag sev-info">No Surprises Act</span>` : ''}</h2>
    ${
      d
        ? html`<ul class="deadline-list" data-testid="deadlines">
          ${row('Open negotiation started', d.openNegotiationStart)}
          ${row('Response notice due', d.responseNoticeDue, '15th business day')}
          ${row('Open negotiation ends', d.openNegotiationEnds, '30 business days')}
          ${row('IDR initiation opens', d.idrInitiationOpens)}
          ${row('IDR initiation deadline', d.idrInitiationDeadline, '4 business days after negotiation ends')}
          ${row('Offer expires', d.offerExpiresOn)}
        </ul>`
        : html`<p class="muted">The clock starts when the offer is sent${record.nsa ? ' (No Surprises Act: 30 business days of open negotiation, then 4 to initiate IDR)' : ''}.</p>`
    }
  </section>`;
}

function negotiationCard(record: StoredCase) {
  const n = record.negotiation;
  if (n.offers.length === 0 && n.counters.length === 0) return '';
  const rows = [
    ...n.offers.map((o) => ({ at: o.sentOn ?? o.draftedAt.slice(0, 10), html: html`<tr><td>Offer v${o.version}</td><td class="num">${money(o.totalOfferCents)}</td><td>${o.sentOn ? `sent ${isoDate(o.sentOn)}${o.sentTo ? ` to ${o.sentTo}` : ''}` : o.approvedAt ? 'approved, not sent' : 'draft'}${o.expiresOn ? html`<span class="sub">expires ${isoDate(o.expiresOn)}</span>` : ''}</td><td>${o.letter ? html`<a href="/api/cases/${encodeURIComponent(record.id)}/letter" target="_blank" rel="noopener">letter v${o.letter.version}</a>` : ''}</td></tr>` })),
    ...n.counters.map((c) => ({ at: c.receivedOn, html: html`<tr><td>Counteroffer</td><td class="num">${money(c.amountCents)}</td><td>received ${isoDate(c.receivedOn)}${c.signatory ? ` · ${c.signatory.name}` : ''}${c.note ? html`<span class="sub">${c.note}</span>` : ''}</td><td>${c.attachmentKey ? html`<a href="/cases/${encodeURIComponent(record.id)}/attachments/${encodeURIComponent(c.attachmentKey.split('/').pop() ?? '')}">attachment</a>` : ''}</td></tr>` })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return html`<section class="card" aria-label="Negotiation"><h2>Negotiation</h2>
    <table class="table" data-testid="negotiation"><tbody>${rows.map((r) => r.html)}</tbody></table>
    ${n.agreedCents !== null ? html`<p><strong>Agreed: ${money(n.agreedCents)}</strong>${n.acceptance ? html` · signed by ${n.acceptance.name}${n.acceptance.title ? `, ${n.acceptance.title}` : ''} on ${isoDate(n.acceptance.signedOn)}` : ''}</p>` : ''}
  </section>`;
}

const EVENT_WORDS: Record<string, string> = {
  'case.created': 'Case opened',
  'case.read': 'Viewed',
};

function eventTitle(event: CaseEvent): string {
  const known = EVENT_WORDS[event.type];
  if (known) return known;
  const words = event.type.replace(/^case\./, '').replaceAll(/[._-]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function historyCard(data: CaseData) {
  const changes = data.events.filter((e) => e.type !== 'case.read');
  const reads = data.events.filter((e) => e.type === 'case.read');
  const who = (id: string) => data.names.get(id) ?? id;
  return html`<section class="card" aria-label="History"><h2>History</h2>
    <ol class="timeline" data-testid="history">
    ${changes
      .slice()
      .reverse()
      .map(
        (e) => html`<li><div class="what">${eventTitle(e)}${e.toStatus ? html` → ${statusChip(e.toStatus)}` : ''}</div>
          <div class="when">${dateTime(e.at)} · ${who(e.actor)}</div>${e.reason ? html`<div class="small">${e.reason}</div>` : ''}</li>`,
      )}
    </ol>
    <details><summary class="muted small">Access log: ${plural(reads.length, 'read')}</summary>
      <ol class="timeline">${reads
        .slice(-50)
        .reverse()
        .map((e) => html`<li class="read"><div class="when">${dateTime(e.at)} · ${who(e.actor)} · ${String((e.data as { view?: unknown }).view ?? '')}</div></li>`)}</ol>
    </details>
  </section>`;
}

export function casePage(viewer: Viewer, data: CaseData, options: CasePageOptions): Html {
  const { record } = data;
  const bill = record.bill;
  const billing = providerByRole(bill, 'billing');
  const facility = providerByRole(bill, 'service-facility');
  const billed = bill.lines.reduce((s, l) => s + l.chargeCents, 0);
  const offer = record.negotiation.offers.at(-1)?.totalOfferCents ?? record.pricing?.totals.offerCents ?? null;
  const benchmark = record.pricing?.totals.benchmarkCents ?? null;
  const allowed = staffActions(viewer.role, record);
  const editable = EDIT_BY_OFFER.includes(record.status) && allowed.has('draft') ? 'offer' : EDIT_BY_REVISION.includes(record.status) && allowed.has('revise') ? 'revise' : null;
  const reasons = [...new Set([...record.reasons, ...bill.reviewReasons])];
  return page(
    { title: `Case ${record.id}`, viewer, section: 'queue', wide: true },
    html`<div class="case-head">
      <div>
        <h1>Case ${record.id} ${statusChip(record.status)} ${record.nsa ? html`<span class="flag sev-info">NSA</span>` : ''}</h1>
        <div class="ids">
          <span>Claim no. <strong class="mono">${bill.claimNumber ?? '—'}</strong></span>
          <span>Account no. <strong class="mono">${bill.patient.accountNumber ?? '—'}</strong></span>
          <span>Member ID <strong class="mono">${bill.patient.memberId ?? '—'}</strong></span>
          <span>${bill.claimType} · ${bill.sourceFormat}</span>
          <span>Dates ${isoDate(bill.statementFrom ?? bill.lines[0]?.serviceDate)}${bill.statementTo ? ` – ${isoDate(bill.statementTo)}` : ''}</span>
          <span>Version ${record.version}</span>
        </div>
      </div>
      <div class="actions-bar">
        ${record.letter ? html`<a class="button secondary" href="/api/cases/${encodeURIComponent(record.id)}/letter" target="_blank" rel="noopener">Offer letter v${record.letter.version} (PDF)</a>` : ''}
        ${record.negotiation.settlementLetter ? html`<a class="button secondary" href="/cases/${encodeURIComponent(record.id)}/settlement" target="_blank" rel="noopener">Settlement agreement (PDF)</a>` : ''}
        <a class="button secondary" href="/queue">Back to queue</a>
      </div>
    </div>
    ${reasons.length ? html`<div class="alert alert-warn" role="note" data-testid="review-reasons"><strong>Review reasons</strong><ul>${reasons.map((r) => html`<li>${r}</li>`)}</ul></div>` : ''}
    <div class="stats">
      <div class="stat"><div class="stat-label">Billed</div><div class="stat-value">${money(billed)}</div><div class="stat-note">${plural(bill.lines.length, 'line')}</div></div>
      <div class="stat"><div class="stat-label">Medicare benchmark</div><div class="stat-value">${money(benchmark)}</div><div class="stat-note">${record.pricing?.totals.unpricedLines ? `${plural(record.pricing.totals.unpricedLines, 'line')} unpriced` : (record.pricing?.methodSummary ?? 'not priced')}</div></div>
      <div class="stat"><div class="stat-label">Offer</div><div class="stat-value" data-testid="stat-offer">${money(offer)}</div><div class="stat-note">${percent(offer, benchmark)} of benchmark</div></div>
      <div class="stat"><div class="stat-label">Savings</div><div class="stat-value">${offer === null ? '—' : money(billed - offer)}</div><div class="stat-note">${offer === null ? '' : `${percent(billed - offer, billed)} of billed`}</div></div>
    </div>
    <div class="case-grid">
      ${documentViewer(data)}
      <div>
        ${linesTable(data, editable, viewer)}
        ${actionForms(data, viewer, options)}
        ${(record.pricing?.flags.length ?? 0) > 0 ? html`<section class="card" aria-label="Flags"><h2>Flags</h2><ul>${record.pricing!.flags.map((f) => html`<li><span class="flag sev-${f.severity === 'review' ? 'error' : f.severity}">${f.code}</span> ${f.message}</li>`)}</ul></section>` : ''}
        ${deadlinesCard(record, options.today)}
        ${negotiationCard(record)}
        <section class="card" aria-label="Parties"><h2>Parties</h2>
          <div class="mail-head">
            <span class="muted">Billing provider</span><span>${billing?.name ?? '—'} · NPI ${billing?.npi ?? '—'} · TIN ${billing?.tin ?? '—'} · ZIP ${billing?.address?.zip ?? '—'}</span>
            ${facility ? html`<span class="muted">Service facility</span><span>${facility.name ?? '—'} · NPI ${facility.npi ?? '—'}</span>` : ''}
            <span class="muted">Payer / TPA</span><span>${bill.payer?.name ?? '—'}${bill.payer?.id ? ` (${bill.payer.id})` : ''}</span>
            <span class="muted">Method</span><span>${record.pricing?.methodSummary ?? '—'}</span>
            <span class="muted">Assigned to</span><span>${record.assignee ? (data.names.get(record.assignee) ?? record.assignee) : 'nobody'}</span>
          </div>
        </section>
        ${historyCard(data)}
      </div>
    </div>`,
  );
}
