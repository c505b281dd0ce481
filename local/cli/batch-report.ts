// How a batch is shown: the summary table per case and the list of documents that did not become offers.
import { basename } from 'node:path';
import { caseView } from '#shared/cases/case-view.ts';
import { formatCents } from '#shared/model/money.ts';
import type { BatchCase, BatchResult } from './batch.ts';
import { textTable } from './text-table.ts';

export function batchJson(result: BatchResult) {
  return {
    cases: result.cases.map((c) => ({ ...caseView(c.record, { letterPath: c.letterPath }), source: c.path })),
    documents: result.documents.map((d) => ({
      source: d.path,
      documentId: d.documentId,
      status: d.record?.status ?? 'UNFINISHED',
      reasons: d.record?.reasons ?? ['the document did not reach a final state (see `parley doctor`)'],
      kind: d.record?.kind ?? null,
      caseIds: d.record?.caseIds ?? [],
      acknowledgment999Path: d.acknowledgment999Path,
      repriced837Path: d.repriced837Path,
    })),
  };
}

const dollars = (cents: number | null | undefined) => (cents === null || cents === undefined ? '-' : formatCents(cents));

function savingsPercent(c: BatchCase): string {
  const totals = c.record.pricing?.totals;
  if (!totals || totals.chargeCents === 0 || totals.offerCents === 0) return '-';
  return `${(((totals.chargeCents - totals.offerCents) / totals.chargeCents) * 100).toFixed(1)}%`;
}

function flagSummary(c: BatchCase): string {
  if (c.record.status === 'NEEDS_REVIEW') return `REVIEW: ${c.record.reasons[0] ?? ''}`;
  const codes = new Set([
    ...(c.record.pricing?.flags ?? []).map((f) => f.code),
    ...(c.record.pricing?.lines ?? []).flatMap((l) => l.flags.map((f) => f.code)),
  ]);
  return [...codes].join(',') || '-';
}

export function batchText(result: BatchResult): string {
  let text = '';
  if (result.cases.length > 0) {
    text += textTable(result.cases, [
      { header: 'Case', value: (c) => c.record.id },
      { header: 'Provider', value: (c) => c.record.bill.providers.find((p) => p.role === 'billing')?.name ?? '-', maxWidth: 26 },
      { header: 'Type', value: (c) => c.record.bill.claimType },
      { header: 'Lines', value: (c) => String(c.record.bill.lines.length), align: 'right' },
      { header: 'Billed', value: (c) => dollars(c.record.pricing?.totals.chargeCents ?? c.record.bill.totalChargeCents), align: 'right' },
      { header: 'Benchmark', value: (c) => dollars(c.record.pricing?.totals.benchmarkCents), align: 'right' },
      { header: 'Offer', value: (c) => dollars(c.record.pricing?.totals.offerCents), align: 'right' },
      { header: 'Savings', value: savingsPercent, align: 'right' },
      { header: 'Status', value: (c) => c.record.status },
      { header: 'Flags', value: flagSummary, maxWidth: 48 },
      { header: 'Letter', value: (c) => (c.letterPath ? basename(c.letterPath) : '-') },
    ]);
  }
  const notOffers = result.documents.filter((d) => d.record?.status !== 'OFFER_DRAFTED');
  if (notOffers.length > 0) {
    text += `\nDocuments that need attention:\n`;
    for (const d of notOffers) {
      const reasons = d.record?.reasons.length ? d.record.reasons : ['no reason recorded'];
      text += `  ${d.path}: ${d.record?.status ?? 'UNFINISHED'}\n${reasons.map((r) => `    - ${r}`).join('\n')}\n`;
    }
  }
  return text;
}
