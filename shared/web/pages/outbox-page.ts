// The local outbox: what Parley would have emailed (offer letters, acknowledgments), newest first, readable in place.
import { html } from 'hono/html';
import { dateTime, plural } from '../format.ts';
import { page, type Html, type Viewer } from '../layout.ts';
import type { OutboxEntry, OutboxMessage } from '../outbox.ts';

export function outboxPage(viewer: Viewer, entries: OutboxEntry[], subjects: Map<string, { subject: string; to: string }>, location: string | null): Html {
  return page(
    { title: 'Outbox', viewer, section: 'outbox' },
    html`<div class="page-head"><div><h1>Outbox</h1><p class="muted">Locally, mail is not sent: each message is written as an .eml file${location ? html` in <span class="mono">${location}</span>` : ''}. On AWS it goes out through SES.</p></div>
      <div class="muted small">${plural(entries.length, 'message')}</div></div>
    <section class="card flush"><table class="table" data-testid="outbox">
      <thead><tr><th>Written</th><th>Subject</th><th>To</th></tr></thead>
      <tbody>${
        entries.length === 0
          ? html`<tr><td colspan="3" class="empty">Nothing has been sent yet.</td></tr>`
          : entries.map(
              (e) => html`<tr><td class="nowrap">${dateTime(e.sentAt)}</td><td><a class="row-link" href="/outbox/${encodeURIComponent(e.file)}">${subjects.get(e.file)?.subject ?? e.file}</a></td><td>${subjects.get(e.file)?.to ?? ''}</td></tr>`,
            )
      }</tbody>
    </table></section>`,
  );
}

export function outboxMessagePage(viewer: Viewer, message: OutboxMessage, pdfPages: number): Html {
  const pdf = message.attachments.find((a) => a.contentType === 'application/pdf');
  return page(
    { title: message.subject, viewer, section: 'outbox' },
    html`<div class="page-head"><div><h1>${message.subject}</h1></div><a class="button secondary" href="/outbox">Back to the outbox</a></div>
    <div class="two-col">
      <section class="card">
        <div class="mail-head">
          <span class="muted">From</span><span>${message.from}</span>
          <span class="muted">To</span><span data-testid="mail-to">${message.to}</span>
          <span class="muted">Date</span><span>${dateTime(message.date)}</span>
          <span class="muted">Message-ID</span><span class="mono small">${message.messageId ?? '—'}</span>
        </div>
        <h3 class="spaced">Message</h3>
        <pre class="mail-body" data-testid="mail-body">${message.text}</pre>
        ${
          pdf
            ? html`<h3 class="spaced">${pdf.fileName}</h3><div class="doc-pages letter-pages">${Array.from(
                { length: pdfPages },
                (_, i) => html`<div class="doc-page"><img src="/outbox/${encodeURIComponent(message.file)}/${pdf.index}/pages/${i + 1}" alt="Page ${i + 1} of ${pdf.fileName}" loading="lazy"></div>`,
              )}</div>`
            : ''
        }
      </section>
      <section class="card"><h2>Attachments</h2>${
        message.attachments.length === 0
          ? html`<p class="muted">None.</p>`
          : html`<ul>${message.attachments.map((a) => html`<li><a href="/outbox/${encodeURIComponent(message.file)}/${a.index}">${a.fileName}</a> <span class="muted small">${a.contentType}, ${Math.ceil(a.size / 1024)} KB</span></li>`)}</ul>`
      }</section>
    </div>`,
  );
}
