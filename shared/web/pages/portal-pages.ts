// The provider portal: upload bills, follow each submission, read an offer and accept or counter it.
import { html } from 'hono/html';
import type { StoredCase } from '../../model/case.ts';
import { UPLOAD_CONTENT_TYPES } from '../../intake/upload/upload-policy.ts';
import { countdown, dateTime, isoDate, money, plural } from '../format.ts';
import { page, type Html, type Viewer } from '../layout.ts';
import { lastSentOffer, type SubmissionFile, type SubmissionStatus } from '../portal-data.ts';
import { dueClass, statusChip } from '../status-labels.ts';

const FILE_STATE: Record<SubmissionFile['state'], [string, string]> = {
  'awaiting-upload': ['Uploading', 's-new'],
  'not-received': ['Not received', 's-bad'],
  processing: ['Being read', 's-work'],
  'offer-drafted': ['Received and priced', 's-done'],
  'in-review': ['With a negotiator', 's-attn'],
  refused: ['Not accepted', 's-bad'],
  failed: ['Could not be read', 's-bad'],
};

function fileState(state: SubmissionFile['state']) {
  const [label, group] = FILE_STATE[state];
  return html`<span class="chip ${group}">${label}</span>`;
}

/** What a provider sees of a case's status: our internal steps are not theirs. */
function providerStatus(record: StoredCase) {
  switch (record.status) {
    case 'SENT':
    case 'REVISED':
      return html`<span class="chip s-out">Offer waiting for you</span>`;
    case 'COUNTERED':
      return html`<span class="chip s-attn">Counteroffer with us</span>`;
    default:
      return statusChip(record.status);
  }
}

export function portalHome(viewer: Viewer, submissions: SubmissionStatus[], cases: StoredCase[], today: string, maxBytes: number): Html {
  return page(
    { title: 'Your bills and offers', viewer, section: 'portal', scripts: ['portal.js'] },
    html`<div class="page-head"><div><h1>Your bills and offers</h1><p class="muted">Upload bills, follow what becomes of them, and answer our offers.</p></div></div>
    <div class="two-col">
      <div>
        <section class="card" aria-label="Offers">
          <h2>Offers</h2>
          ${
            cases.length === 0
              ? html`<p class="muted">No offer yet. Offers appear here once a negotiator sends one.</p>`
              : html`<table class="table responsive" data-testid="portal-offers"><thead><tr><th>Claim</th><th class="num">Billed</th><th class="num">Our offer</th><th>Status</th><th>Answer by</th></tr></thead><tbody>
              ${cases.map((c) => {
                const offer = lastSentOffer(c);
                const billed = c.bill.lines.reduce((s, l) => s + l.chargeCents, 0);
                const due = offer?.expiresOn ?? c.nextDeadline?.date ?? null;
                return html`<tr data-case="${c.id}"><td data-label="Claim"><a class="row-link" href="/portal/cases/${encodeURIComponent(c.id)}">${c.bill.claimNumber ?? c.id}</a><span class="sub">acct ${c.bill.patient.accountNumber ?? '—'}</span></td>
                  <td data-label="Billed" class="num">${money(billed)}</td><td data-label="Our offer" class="num">${money(c.negotiation.agreedCents ?? offer?.totalOfferCents)}</td>
                  <td data-label="Status">${providerStatus(c)}</td>
                  <td data-label="Answer by">${due && ['SENT', 'REVISED'].includes(c.status) ? html`<span class="${dueClass(due, today)}">${isoDate(due)}</span><span class="sub">${countdown(due, today)}</span>` : html`<span class="muted">—</span>`}</td></tr>`;
              })}
              </tbody></table>`
          }
        </section>
        <section class="card" aria-label="Submissions">
          <h2>Your submissions</h2>
          ${
            submissions.length === 0
              ? html`<p class="muted">Nothing uploaded yet.</p>`
              : submissions.map(
                  (s) => html`<div class="submission" data-submission="${s.submissionId}">
                  <h3><a href="/portal/submissions/${s.submissionId}">Submission ${s.submissionId}</a> <span class="muted small">${dateTime(s.createdAt)}</span></h3>
                  <ul class="plain">${s.files.map((f) => html`<li>${f.fileName} ${fileState(f.state)}${f.reasons.length ? html`<span class="sub">${f.reasons.join('; ')}</span>` : ''}</li>`)}</ul>
                </div>`,
                )
          }
        </section>
      </div>
      <section class="card" aria-label="Upload bills">
        <h2>Upload bills</h2>
        <form id="upload-form" data-max-bytes="${maxBytes}">
          <div class="dropzone" id="dropzone" tabindex="0">
            <p><strong>Drop bills here</strong> or <label class="inline-label">choose files<input id="file-input" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,.837,.x12,.edi,.txt" class="visually-hidden"></label></p>
            <p class="muted small">CMS-1500, UB-04 or itemized statements as PDF or images, or 837 files. Up to ${Math.round(maxBytes / 1024 / 1024)} MB each; several at once.</p>
          </div>
          <ul class="upload-list" id="upload-list" aria-live="polite"></ul>
          <p id="upload-done" class="hidden alert alert-ok" role="status"></p>
        </form>
        <p class="muted small">Accepted types: ${UPLOAD_CONTENT_TYPES.join(', ')}.</p>
      </section>
    </div>`,
  );
}

export function submissionPage(viewer: Viewer, status: SubmissionStatus): Html {
  return page(
    { title: `Submission ${status.submissionId}`, viewer, section: 'portal' },
    html`<div class="page-head"><div><h1>Submission ${status.submissionId}</h1><p class="muted">Sent ${dateTime(status.createdAt)} · ${plural(status.files.length, 'file')} · ${status.finished ? 'all files handled' : 'still being read'}</p></div><a class="button secondary" href="/portal">Back</a></div>
    <section class="card flush"><table class="table" data-testid="submission-files"><thead><tr><th>File</th><th>Status</th><th>Why</th></tr></thead><tbody>
      ${status.files.map((f) => html`<tr><td>${f.fileName}</td><td>${fileState(f.state)}</td><td>${f.reasons.join('; ')}</td></tr>`)}
    </tbody></table></section>`,
  );
}

export function portalCasePage(viewer: Viewer, record: StoredCase, today: string, letterPages: number): Html {
  const offer = lastSentOffer(record);
  const billed = record.bill.lines.reduce((s, l) => s + l.chargeCents, 0);
  const amounts = new Map((offer?.lines ?? []).map((l) => [l.lineNumber, l.offerCents]));
  const canAnswer = record.status === 'SENT';
  const canCounterAgain = record.status === 'COUNTERED';
  const lastCounter = record.negotiation.counters.at(-1);
  const id = encodeURIComponent(record.id);
  return page(
    { title: `Offer for claim ${record.bill.claimNumber ?? record.id}`, viewer, section: 'portal', wide: true },
    html`<div class="page-head"><div>
        <h1>Offer for claim ${record.bill.claimNumber ?? record.id} ${providerStatus(record)}</h1>
        <p class="muted">Account no. ${record.bill.patient.accountNumber ?? '—'} · ${record.bill.providers.find((p) => p.role === 'billing')?.name ?? ''}</p>
      </div><a class="button secondary" href="/portal">Back</a></div>
    <div class="stats">
      <div class="stat"><div class="stat-label">Billed</div><div class="stat-value">${money(billed)}</div></div>
      <div class="stat"><div class="stat-label">Our offer${offer ? ` (v${offer.version})` : ''}</div><div class="stat-value" data-testid="portal-offer">${money(offer?.totalOfferCents)}</div><div class="stat-note">${record.pricing?.methodSummary ?? ''}</div></div>
      ${offer?.expiresOn ? html`<div class="stat"><div class="stat-label">Answer by</div><div class="stat-value ${dueClass(offer.expiresOn, today)}">${isoDate(offer.expiresOn)}</div><div class="stat-note">${countdown(offer.expiresOn, today)}</div></div>` : ''}
      ${record.negotiation.agreedCents !== null ? html`<div class="stat"><div class="stat-label">Agreed</div><div class="stat-value">${money(record.negotiation.agreedCents)}</div></div>` : ''}
    </div>
    <div class="case-grid">
      <section class="card"><div class="card-head"><h2>${record.negotiation.settlementLetter ? 'Settlement agreement' : 'Offer letter'}</h2><a class="button secondary small" href="/portal/cases/${id}/letter" target="_blank" rel="noopener">Open PDF</a></div>
        <div class="doc-pages letter-pages" data-testid="letter-pages">${Array.from(
          { length: letterPages },
          (_, i) => html`<div class="doc-page"><img src="/portal/cases/${id}/letter/pages/${i + 1}" alt="Page ${i + 1} of the letter" loading="${i === 0 ? 'eager' : 'lazy'}"></div>`,
        )}</div>
        ${letterPages === 0 ? html`<p class="muted">Open the PDF to read the letter.</p>` : ''}
      </section>
      <div>
        <section class="card"><h2>Lines</h2>
          <table class="table"><thead><tr><th>Date</th><th>Code</th><th class="num">Billed</th><th class="num">Offer</th></tr></thead><tbody>
          ${record.bill.lines.map((l) => html`<tr><td>${isoDate(l.serviceDate)}</td><td class="mono">${l.code ?? l.revenueCode ?? '—'}${l.modifiers.length ? ` ${l.modifiers.join(' ')}` : ''}</td><td class="num">${money(l.chargeCents)}</td><td class="num">${money(amounts.get(l.lineNumber) ?? null)}</td></tr>`)}
          </tbody><tfoot><tr><td colspan="2">Total</td><td class="num">${money(billed)}</td><td class="num">${money(offer?.totalOfferCents)}</td></tr></tfoot></table>
        </section>
        <div id="action-result" role="status" aria-live="polite"></div>
        ${
          canAnswer
            ? html`<section class="card" aria-label="Accept the offer"><h2>Accept this offer</h2>
            <form class="action-form form-grid" data-action="accept" data-case="${record.id}" data-version="${record.version}">
              <p class="small">By typing your name you sign the acceptance: ${money(offer?.totalOfferCents)} as payment in full under the letter's terms.</p>
              <div class="form-row">
                <label>Your name <input name="signatureName" required maxlength="120" autocomplete="name"></label>
                <label>Title <input name="signatureTitle" maxlength="120" autocomplete="organization-title"></label>
                <label>Date <input name="signatureDate" type="date" value="${today}" required></label>
              </div>
              <div><button class="button ok" type="submit">Accept and sign</button></div>
            </form></section>`
            : ''
        }
        ${
          canAnswer || canCounterAgain
            ? html`<section class="card" aria-label="Counter the offer"><h2>${canCounterAgain ? 'Change your counteroffer' : 'Make a counteroffer'}</h2>
            <form class="action-form form-grid" data-action="counter" data-case="${record.id}" data-version="${record.version}">
              <div class="form-row">
                <label>Amount you would accept ($) <input name="amount" inputmode="decimal" required size="12"></label>
                <label>Your name <input name="signatoryName" maxlength="120"></label>
              </div>
              <label>Note <textarea name="note" rows="3" maxlength="2000" placeholder="Why this amount"></textarea></label>
              <div><button class="button" type="submit">Send counteroffer</button></div>
            </form></section>`
            : ''
        }
        ${
          record.status === 'COUNTERED' && lastCounter
            ? html`<section class="card"><p>You countered with <strong>${money(lastCounter.amountCents)}</strong> on ${isoDate(lastCounter.receivedOn)}. A negotiator will answer.</p></section>`
            : ''
        }
        ${
          record.negotiation.acceptance
            ? html`<section class="card"><h2>Agreement</h2><p>Signed by ${record.negotiation.acceptance.name}${record.negotiation.acceptance.title ? `, ${record.negotiation.acceptance.title}` : ''} on ${isoDate(record.negotiation.acceptance.signedOn)}: ${money(record.negotiation.agreedCents)}.</p></section>`
            : ''
        }
      </div>
    </div>`,
  );
}
