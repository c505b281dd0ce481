// How statuses and deadlines are said on the pages: words people use, and a color group per status.
import { html } from 'hono/html';
import type { CaseStatus, NextDeadline } from '../model/case.ts';
import { countdown, daysUntil, isoDate } from './format.ts';

const STATUS: Record<CaseStatus, [label: string, group: string]> = {
  RECEIVED: ['Received', 's-new'],
  EXTRACTED: ['Extracted', 's-new'],
  PRICED: ['Priced', 's-new'],
  OFFER_DRAFTED: ['Offer drafted', 's-work'],
  APPROVED: ['Approved', 's-work'],
  SENT: ['Offer sent', 's-out'],
  COUNTERED: ['Countered', 's-attn'],
  REVISED: ['Revised', 's-work'],
  ACCEPTED: ['Accepted', 's-done'],
  SETTLED: ['Settled', 's-done'],
  NEEDS_REVIEW: ['Needs review', 's-attn'],
  REJECTED: ['Rejected', 's-bad'],
  WITHDRAWN: ['Withdrawn', 's-end'],
  EXPIRED: ['Expired', 's-bad'],
  IDR_ELIGIBLE: ['IDR eligible', 's-attn'],
  CLOSED: ['Closed', 's-end'],
};

export function statusLabel(status: CaseStatus): string {
  return STATUS[status][0];
}

export function statusChip(status: CaseStatus) {
  const [label, group] = STATUS[status];
  return html`<span class="chip ${group}" data-status="${status}">${label}</span>`;
}

export const DEADLINE_LABEL: Record<NextDeadline['kind'], string> = {
  'response-notice': 'NSA response notice due',
  'open-negotiation-ends': 'NSA open negotiation ends',
  'idr-initiation': 'IDR initiation deadline',
  'offer-expiry': 'Offer expires',
};

export function dueClass(date: string, today: string): string {
  const days = daysUntil(date, today);
  return days < 0 ? 'due overdue' : days <= 5 ? 'due soon' : 'due';
}

export function deadlineCell(deadline: NextDeadline | null, today: string) {
  if (!deadline) return html`<span class="muted">—</span>`;
  return html`<span class="${dueClass(deadline.date, today)}" title="${isoDate(deadline.date)}">${countdown(deadline.date, today)}</span><span class="sub">${DEADLINE_LABEL[deadline.kind]} · ${isoDate(deadline.date)}</span>`;
}
