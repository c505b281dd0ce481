// How cases read in the terminal: the queue as a table, one case with its lines, pricing, offers and history.
import { caseSummary } from '#shared/cases/case-view.ts';
import { providerByRole } from '#shared/model/bill.ts';
import type { CaseEvent, StoredCase } from '#shared/model/case.ts';
import { formatCents } from '#shared/model/money.ts';
import { textTable } from '../text-table.ts';

const dollars = (cents: number | null | undefined) => (cents === null || cents === undefined ? '-' : formatCents(cents));
const time = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

export function queueText(cases: readonly StoredCase[]): string {
  if (cases.length === 0) return 'No cases.\n';
  return textTable(cases.map(caseSummary), [
    { header: 'Deadline', value: (c) => c.nextDeadline?.date ?? '-' },
    { header: 'Kind', value: (c) => c.nextDeadline?.kind ?? '-' },
    { header: 'Case', value: (c) => c.id },
    { header: 'Status', value: (c) => c.status },
    { header: 'Ver', value: (c) => String(c.version), align: 'right' },
    { header: 'Provider', value: (c) => c.provider.name ?? '-', maxWidth: 26 },
    { header: 'TIN', value: (c) => c.provider.tin ?? '-' },
    { header: 'Billed', value: (c) => dollars(c.billedCents), align: 'right' },
    { header: 'Offer', value: (c) => (c.offerCents === null ? '-' : `${dollars(c.offerCents)} v${c.offerVersion ?? '?'}`), align: 'right' },
    { header: 'Counter', value: (c) => dollars(c.counterCents), align: 'right' },
    { header: 'Agreed', value: (c) => dollars(c.agreedCents), align: 'right' },
    { header: 'NSA', value: (c) => (c.nsa ? 'yes' : '') },
    { header: 'Assignee', value: (c) => c.assignee ?? '-' },
    { header: 'Flags', value: (c) => c.flags.join(',') || '-', maxWidth: 30 },
  ]);
}

export function caseText(record: StoredCase, events: readonly CaseEvent[], letterPaths: readonly string[] = []): string {
  const { bill, pricing, negotiation: n } = record;
  const billing = providerByRole(bill, 'billing');
  const billed = bill.lines.reduce((s, l) => s + l.chargeCents, 0);
  const out: string[] = [];
  out.push(`Case ${record.id}  ${record.status}  (version ${record.version})${record.assignee ? `  assigned to ${record.assignee}` : ''}`);
  if (record.reasons.length > 0) out.push(`Reasons   ${record.reasons.join('; ')}`);
  out.push(`Provider  ${billing?.name ?? '-'}  TIN ${billing?.tin ?? '-'}  NPI ${billing?.npi ?? '-'}`);
  out.push(
    `Claim     no. ${bill.claimNumber ?? '-'}  account ${bill.patient.accountNumber ?? '-'}  member ${bill.patient.memberId ?? '-'}  ` +
      `payer ${bill.payer?.name ?? '-'}  ${bill.claimType} (${bill.sourceFormat})  from ${record.fileName}`,
  );
  const offer = n.offers.at(-1)?.totalOfferCents ?? pricing?.totals.offerCents ?? null;
  out.push(
    `Totals    billed ${dollars(billed)}  benchmark ${dollars(pricing?.totals.benchmarkCents)}  offer ${dollars(offer)}` +
      (offer !== null && billed > 0 ? `  savings ${(((billed - offer) / billed) * 100).toFixed(1)}%` : '') +
      (n.agreedCents !== null ? `  agreed ${dollars(n.agreedCents)}` : ''),
  );
  const d = record.deadlines;
  out.push(
    `Deadlines ${record.nsa ? `No Surprises Act claim${record.nsa.openNegotiationStart ? `, open negotiation from ${record.nsa.openNegotiationStart}` : ' (open negotiation starts when the offer is sent)'}` : 'not an NSA claim'}` +
      (d?.offerExpiresOn ? `; offer expires ${d.offerExpiresOn}` : '') +
      (d?.responseNoticeDue ? `; response notice due ${d.responseNoticeDue}` : '') +
      (d?.openNegotiationEnds ? `; open negotiation ends ${d.openNegotiationEnds}` : '') +
      (d?.idrInitiationDeadline ? `; IDR initiation ${d.idrInitiationOpens} to ${d.idrInitiationDeadline}` : '') +
      (record.nextDeadline ? `  (next: ${record.nextDeadline.kind} ${record.nextDeadline.date})` : ''),
  );

  const priced = new Map((pricing?.lines ?? []).map((p) => [p.lineNumber, p]));
  out.push('', 'Lines');
  out.push(
    textTable(bill.lines, [
      { header: '#', value: (l) => String(l.lineNumber), align: 'right' },
      { header: 'Date', value: (l) => l.serviceDate ?? '-' },
      { header: 'Rev', value: (l) => l.revenueCode ?? '' },
      { header: 'Code', value: (l) => l.code ?? '-' },
      { header: 'Mods', value: (l) => l.modifiers.join(' ') },
      { header: 'Units', value: (l) => String(l.units), align: 'right' },
      { header: 'Billed', value: (l) => dollars(l.chargeCents), align: 'right' },
      { header: 'Benchmark', value: (l) => dollars(priced.get(l.lineNumber)?.benchmarkCents), align: 'right' },
      { header: 'Offer', value: (l) => dollars(priced.get(l.lineNumber)?.offerCents), align: 'right' },
      { header: 'Method', value: (l) => priced.get(l.lineNumber)?.method ?? '-' },
      { header: 'Flags', value: (l) => priced.get(l.lineNumber)?.flags.map((f) => f.code).join(',') || '', maxWidth: 40 },
    ]).trimEnd(),
  );
  if (pricing) {
    out.push('', `How it was priced: ${pricing.methodSummary}`);
    for (const line of bill.lines) {
      const p = priced.get(line.lineNumber);
      if (p?.explanation) out.push(`  ${line.lineNumber}. ${p.explanation}`);
      for (const flag of p?.flags ?? []) out.push(`     ${flag.severity.toUpperCase()} ${flag.code}: ${flag.message}`);
    }
    if (pricing.flags.length > 0) {
      out.push('', 'Flags');
      for (const flag of pricing.flags) out.push(`  ${flag.severity.toUpperCase()} ${flag.code}: ${flag.message}`);
    }
  }

  if (n.offers.length > 0) {
    out.push('', 'Offers');
    for (const o of n.offers) {
      out.push(
        `  v${o.version}  ${dollars(o.totalOfferCents)}  ${o.source}  drafted ${time(o.draftedAt)} by ${o.draftedBy}` +
          (o.approvedBy ? `; approved by ${o.approvedBy}` : '') +
          (o.sentOn ? `; sent ${o.sentOn} by ${o.sentBy}${o.sentTo ? ` to ${o.sentTo}` : ''}; expires ${o.expiresOn ?? '-'}` : '; not sent'),
      );
    }
  }
  if (n.counters.length > 0) {
    out.push('', 'Counteroffers');
    for (const c of n.counters) {
      out.push(
        `  ${c.receivedOn}  ${dollars(c.amountCents)}  answering v${c.answersVersion ?? '-'}  recorded by ${c.recordedBy}` +
          (c.signatory ? `; signed ${c.signatory.name}${c.signatory.title ? `, ${c.signatory.title}` : ''}` : '') +
          (c.note ? `; "${c.note}"` : '') +
          (c.attachmentKey ? `; attachment ${c.attachmentKey}` : ''),
      );
    }
  }
  if (n.acceptance) {
    const a = n.acceptance;
    out.push(
      '',
      `Agreement ${dollars(n.agreedCents)} (${a.accepted} v${a.offerVersion}), signed for the ${a.party} by ${a.name}${a.title ? `, ${a.title}` : ''} on ${a.signedOn}` +
        (n.settledAt ? `; settled ${time(n.settledAt)} by ${n.settledBy}` : ''),
    );
  }
  if (letterPaths.length > 0) {
    out.push('', 'Letters');
    for (const path of letterPaths) out.push(`  ${path}`);
  }
  out.push('', 'History');
  out.push(
    textTable(events, [
      { header: 'When', value: (e) => time(e.at) },
      { header: 'Who', value: (e) => e.actor },
      { header: 'What', value: (e) => e.type },
      { header: 'Status', value: (e) => (e.toStatus ? `${e.fromStatus ?? '-'} -> ${e.toStatus}` : '') },
      { header: 'Why', value: (e) => e.reason ?? '', maxWidth: 60 },
    ]).trimEnd(),
  );
  return `${out.join('\n')}\n`;
}
