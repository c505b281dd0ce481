// Parley console behaviour (no framework; CSP allows only scripts from this origin): source highlighting on the case page, live
// offer recompute, and the case actions sent as JSON with the version read and the CSRF token.

import { spreadTotal } from './spread-total.js';

const csrfToken = typeof document === 'undefined' ? '' : (document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '');

/** Cents from what a person typed in dollars ("1,234.5" -> 123450); null when it is not an amount. */
export function toCents(text) {
  const cleaned = String(text).replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
}

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
export const money = (cents) => dollars.format(cents / 100);

async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

function explain(result) {
  const message = result.data?.message ?? (result.data?.issues ? result.data.issues.join('; ') : `the server answered ${result.status}`);
  if (result.status === 409 && result.data?.currentVersion) return `${message}`;
  return message;
}

function showResult(text, kind) {
  const box = document.getElementById('action-result');
  if (!box) return;
  box.className = `alert ${kind === 'error' ? 'alert-error' : 'alert-ok'}`;
  box.textContent = text;
  box.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

// ---- source highlighting ----

function placeBoxes() {
  for (const page of document.querySelectorAll('.doc-page')) {
    const bands = new Map();
    for (const box of page.querySelectorAll('.bbox')) {
      const d = box.dataset;
      const [left, top, width, height] = [Number(d.left), Number(d.top), Number(d.width), Number(d.height)];
      box.style.left = `${left * 100}%`;
      box.style.top = `${top * 100}%`;
      box.style.width = `${Math.max(width * 100, 0.6)}%`;
      box.style.height = `${Math.max(height * 100, 0.6)}%`;
      const band = bands.get(d.line) ?? { top: Infinity, bottom: -Infinity };
      band.top = Math.min(band.top, top);
      band.bottom = Math.max(band.bottom, top + height);
      bands.set(d.line, band);
    }
    // A band across the page marks the whole row the line was read from.
    for (const [line, band] of bands) {
      const element = document.createElement('span');
      element.className = 'bbox-band';
      element.dataset.line = line;
      element.style.top = `${(band.top - 0.004) * 100}%`;
      element.style.height = `${(band.bottom - band.top + 0.008) * 100}%`;
      page.append(element);
    }
  }
  const zoom = document.getElementById('zoom-toggle');
  zoom?.addEventListener('click', () => {
    const grid = document.querySelector('.case-grid');
    const on = grid.classList.toggle('zoomed');
    zoom.setAttribute('aria-pressed', String(on));
    zoom.textContent = on ? 'Smaller' : 'Enlarge';
  });
}

/** Scrolls the document pane (not the page) so that the element is in view. */
function revealInViewer(element) {
  const viewer = element.closest('.doc-viewer, .x12-source');
  if (!viewer) return;
  const pane = element.closest('.x12-source') ?? viewer;
  const paneBox = pane.getBoundingClientRect();
  const box = element.getBoundingClientRect();
  pane.scrollTo({ top: pane.scrollTop + box.top - paneBox.top - pane.clientHeight / 3, behavior: 'smooth' });
}

function selectLine(row) {
  const index = row.dataset.line;
  for (const other of document.querySelectorAll('.line-row.selected')) other.classList.remove('selected');
  for (const open of document.querySelectorAll('tr.detail.open')) open.classList.remove('open');
  for (const on of document.querySelectorAll('.bbox.on, .bbox-band.on, .seg.on')) on.classList.remove('on');
  row.classList.add('selected');
  document.querySelector(`tr.detail[data-detail="${index}"]`)?.classList.add('open');
  const boxes = [...document.querySelectorAll(`.bbox[data-line="${index}"], .bbox-band[data-line="${index}"]`)];
  for (const box of boxes) box.classList.add('on');
  const segments = (row.dataset.segments ?? '').split(',').filter(Boolean);
  const marked = segments.map((n) => document.querySelector(`.seg[data-segment="${n}"]`)).filter(Boolean);
  for (const seg of marked) seg.classList.add('on');
  const first = boxes[0] ?? marked[0];
  if (first) revealInViewer(first);
}

function wireLines() {
  for (const row of document.querySelectorAll('.line-row')) {
    row.addEventListener('click', (event) => {
      if (event.target.closest('input')) return;
      selectLine(row);
    });
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        selectLine(row);
      }
    });
  }
}

// ---- offer editing ----

function wireOfferForm() {
  const form = document.getElementById('offer-form');
  if (!form || !form.dataset.edit) return;
  const inputs = [...form.querySelectorAll('.offer-input[data-line-number]')];
  const totalInput = document.getElementById('total-input');
  const billedTotal = [...form.querySelectorAll('td[data-billed]')].reduce((s, td) => s + Number(td.dataset.billed), 0);
  const benchmarkTotal = inputs.reduce((s, i) => s + Number(i.dataset.benchmark), 0);
  let mode = 'lines';

  const recompute = () => {
    let total = 0;
    let valid = true;
    for (const input of inputs) {
      const cents = toCents(input.value);
      const bad = cents === null || cents > Number(input.dataset.billed);
      input.setAttribute('aria-invalid', bad ? 'true' : 'false');
      input.classList.toggle('changed', input.value !== input.dataset.original);
      if (bad) valid = false;
      else total += cents;
      const pct = document.querySelector(`[data-pct-line="${input.dataset.lineNumber}"]`);
      if (pct && cents !== null) pct.textContent = `${((cents / Number(input.dataset.benchmark)) * 100).toFixed(1)}%`;
    }
    const unpricedBilled = 0;
    document.getElementById('offer-total').textContent = valid ? money(total) : 'check amounts';
    document.getElementById('offer-pct').textContent = benchmarkTotal > 0 ? `${((total / benchmarkTotal) * 100).toFixed(1)}%` : '—';
    document.getElementById('offer-savings').textContent = `saves ${money(billedTotal - total - unpricedBilled)} (${(((billedTotal - total) / billedTotal) * 100).toFixed(1)}%)`;
    if (mode === 'lines' && totalInput && valid) totalInput.value = (total / 100).toFixed(2);
    return valid;
  };

  for (const input of inputs) {
    input.addEventListener('input', () => {
      mode = 'lines';
      recompute();
    });
  }
  totalInput?.addEventListener('input', () => {
    mode = 'total';
    const cents = toCents(totalInput.value);
    totalInput.setAttribute('aria-invalid', cents === null ? 'true' : 'false');
    if (cents === null) return;
    const capacity = inputs.reduce((s, i) => s + Number(i.dataset.billed), 0);
    if (cents > capacity) {
      totalInput.setAttribute('aria-invalid', 'true');
      document.getElementById('offer-total').textContent = `above what the lines billed (${money(capacity)})`;
      return;
    }
    const spread = spreadTotal(
      cents,
      inputs.map((i) => ({ lineNumber: Number(i.dataset.lineNumber), weight: Number(i.dataset.benchmark), cap: Number(i.dataset.billed) })),
    );
    for (const input of inputs) input.value = (spread.get(Number(input.dataset.lineNumber)) / 100).toFixed(2);
    recompute();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!recompute()) {
      showResult('Some amounts are not valid: a line offer is dollars and cents, at most what the line billed.', 'error');
      return;
    }
    const reason = form.querySelector('input[name="reason"]')?.value.trim() || null;
    const amounts =
      mode === 'total'
        ? { totalOfferCents: toCents(totalInput.value) }
        : { lines: inputs.map((i) => ({ lineNumber: Number(i.dataset.lineNumber), offerCents: toCents(i.value) })) };
    const body = { expectedVersion: Number(form.dataset.version), reason, ...amounts };
    const url = `/api/cases/${encodeURIComponent(form.dataset.case)}/${form.dataset.edit === 'offer' ? 'offer' : 'revise'}`;
    const button = document.getElementById('save-offer');
    button.disabled = true;
    const result = await api(form.dataset.edit === 'offer' ? 'PATCH' : 'POST', url, body);
    button.disabled = false;
    if (result.ok) location.reload();
    else showResult(explain(result), 'error');
  });
  recompute();
}

// ---- case actions ----

async function uploadAttachment(caseId, file) {
  const response = await fetch(`/cases/${encodeURIComponent(caseId)}/attachments`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name), 'x-csrf-token': csrfToken },
    body: file,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.message ?? `the attachment was refused (${response.status})`);
  return data.key;
}

export function actionBody(action, fields) {
  const text = (name) => (fields.get(name) ?? '').toString().trim();
  const optional = (name) => text(name) || null;
  const body = { reason: optional('reason') };
  switch (action) {
    case 'send':
      return { ...body, to: optional('to') };
    case 'counter': {
      const amountCents = toCents(text('amount'));
      if (amountCents === null || amountCents <= 0) throw new Error('Enter the counteroffer amount in dollars.');
      const name = optional('signatoryName');
      return { ...body, amountCents, receivedOn: optional('receivedOn'), note: optional('note'), signatory: name ? { name, title: optional('signatoryTitle') } : null };
    }
    case 'accept': {
      const name = text('signatureName');
      if (!name) throw new Error('Type the name of the person who signs.');
      return { ...body, signature: { name, title: optional('signatureTitle'), signedOn: optional('signatureDate') } };
    }
    case 'review':
      if (!body.reason) throw new Error('Say why the case needs review.');
      return body;
    case 'nsa':
      return { ...body, nsa: true, openNegotiationStart: optional('openNegotiationStart') };
    default:
      return body;
  }
}

function wireActionForms() {
  for (const form of document.querySelectorAll('form.action-form')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const fields = new FormData(form);
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const body = actionBody(form.dataset.action, fields);
        const file = fields.get('attachment');
        if (file && typeof file === 'object' && file.size > 0) body.attachmentKey = await uploadAttachment(form.dataset.case, file);
        const result = await api('POST', `/api/cases/${encodeURIComponent(form.dataset.case)}/${form.dataset.action}`, {
          expectedVersion: Number(form.dataset.version),
          ...body,
        });
        if (result.ok) {
          const next = form.dataset.next;
          if (next) location.assign(next);
          else location.reload();
          return;
        }
        showResult(explain(result), 'error');
      } catch (error) {
        showResult(error.message, 'error');
      }
      button.disabled = false;
    });
  }
}

function wireCopyFields() {
  for (const field of document.querySelectorAll('.copy-field')) field.addEventListener('focus', () => field.select());
}

if (typeof document !== 'undefined') {
  const start = () => {
    placeBoxes();
    wireLines();
    wireOfferForm();
    wireActionForms();
    wireCopyFields();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
