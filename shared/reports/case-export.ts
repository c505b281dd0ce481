// Cases as rows for export (CSV and JSON): the claim, the amounts in integer cents, the negotiation and its deadlines.
// Patient identifiers stay out beyond the claim and patient account numbers a provider's office quotes back.
import { providerByRole } from '../model/bill.ts';
import { emptyNegotiation, type StoredCase } from '../model/case.ts';
import { centsToDecimal, csvDocument, type CsvCell } from './csv.ts';

export interface CaseExportRow {
  id: string;
  status: StoredCase['status'];
  claimType: string;
  payer: string | null;
  providerName: string | null;
  providerTin: string | null;
  providerNpi: string | null;
  claimNumber: string | null;
  patientAccountNumber: string | null;
  serviceFrom: string | null;
  serviceTo: string | null;
  lines: number;
  billedCents: number;
  benchmarkCents: number | null;
  offeredCents: number | null;
  offerVersion: number | null;
  offersSent: number;
  counters: number;
  lastCounterCents: number | null;
  agreedCents: number | null;
  /** Billed minus agreed, for cases with an agreement. */
  savingsCents: number | null;
  /** Savings as a percentage of billed, one decimal. */
  savingsPercent: number | null;
  nsa: boolean;
  assignee: string | null;
  nextDeadline: string | null;
  nextDeadlineKind: string | null;
  offerExpiresOn: string | null;
  openNegotiationEnds: string | null;
  firstSentOn: string | null;
  acceptedOn: string | null;
  settledAt: string | null;
  createdAt: string;
  updatedAt: string;
  sourceFile: string;
}

export function billedOf(record: Pick<StoredCase, 'bill'>): number {
  return record.bill.lines.reduce((sum, line) => sum + line.chargeCents, 0);
}

/** Part of whole as a percentage with one decimal, from integers; null when there is no whole. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}

export function caseExportRow(record: StoredCase): CaseExportRow {
  const billing = providerByRole(record.bill, 'billing');
  const n = record.negotiation ?? emptyNegotiation();
  const billed = billedOf(record);
  const dates = record.bill.lines.flatMap((l) => [l.serviceDate, l.serviceDateTo]).filter((d): d is string => !!d).sort();
  const latest = n.offers.at(-1) ?? null;
  const agreed = n.agreedCents;
  return {
    id: record.id,
    status: record.status,
    claimType: record.bill.claimType,
    payer: record.bill.payer?.name ?? null,
    providerName: billing?.name ?? null,
    providerTin: billing?.tin ?? null,
    providerNpi: billing?.npi ?? null,
    claimNumber: record.bill.claimNumber,
    patientAccountNumber: record.bill.patient.accountNumber,
    serviceFrom: dates[0] ?? record.bill.statementFrom,
    serviceTo: dates.at(-1) ?? record.bill.statementTo,
    lines: record.bill.lines.length,
    billedCents: billed,
    benchmarkCents: record.pricing?.totals.benchmarkCents ?? null,
    offeredCents: latest?.totalOfferCents ?? record.pricing?.totals.offerCents ?? null,
    offerVersion: latest?.version ?? record.letter?.version ?? null,
    offersSent: n.offers.filter((o) => o.sentOn !== null).length,
    counters: n.counters.length,
    lastCounterCents: n.counters.at(-1)?.amountCents ?? null,
    agreedCents: agreed,
    savingsCents: agreed === null ? null : billed - agreed,
    savingsPercent: agreed === null ? null : percent(billed - agreed, billed),
    nsa: record.nsa !== null,
    assignee: record.assignee,
    nextDeadline: record.nextDeadline?.date ?? null,
    nextDeadlineKind: record.nextDeadline?.kind ?? null,
    offerExpiresOn: record.deadlines?.offerExpiresOn ?? null,
    openNegotiationEnds: record.deadlines?.openNegotiationEnds ?? null,
    firstSentOn: n.offers.find((o) => o.sentOn !== null)?.sentOn ?? null,
    acceptedOn: n.acceptance?.signedOn ?? null,
    settledAt: n.settledAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    sourceFile: record.fileName,
  };
}

const COLUMNS: { header: string; cell(row: CaseExportRow): CsvCell }[] = [
  { header: 'case_id', cell: (r) => r.id },
  { header: 'status', cell: (r) => r.status },
  { header: 'claim_type', cell: (r) => r.claimType },
  { header: 'payer', cell: (r) => r.payer },
  { header: 'provider_name', cell: (r) => r.providerName },
  { header: 'provider_tin', cell: (r) => r.providerTin },
  { header: 'provider_npi', cell: (r) => r.providerNpi },
  { header: 'claim_number', cell: (r) => r.claimNumber },
  { header: 'patient_account_number', cell: (r) => r.patientAccountNumber },
  { header: 'service_from', cell: (r) => r.serviceFrom },
  { header: 'service_to', cell: (r) => r.serviceTo },
  { header: 'lines', cell: (r) => r.lines },
  { header: 'billed', cell: (r) => money(r.billedCents) },
  { header: 'benchmark', cell: (r) => money(r.benchmarkCents) },
  { header: 'offered', cell: (r) => money(r.offeredCents) },
  { header: 'offer_version', cell: (r) => r.offerVersion },
  { header: 'offers_sent', cell: (r) => r.offersSent },
  { header: 'counters', cell: (r) => r.counters },
  { header: 'last_counter', cell: (r) => money(r.lastCounterCents) },
  { header: 'agreed', cell: (r) => money(r.agreedCents) },
  { header: 'savings', cell: (r) => money(r.savingsCents) },
  { header: 'savings_pct', cell: (r) => r.savingsPercent },
  { header: 'nsa', cell: (r) => r.nsa },
  { header: 'assignee', cell: (r) => r.assignee },
  { header: 'next_deadline', cell: (r) => r.nextDeadline },
  { header: 'next_deadline_kind', cell: (r) => r.nextDeadlineKind },
  { header: 'offer_expires_on', cell: (r) => r.offerExpiresOn },
  { header: 'open_negotiation_ends', cell: (r) => r.openNegotiationEnds },
  { header: 'first_sent_on', cell: (r) => r.firstSentOn },
  { header: 'accepted_on', cell: (r) => r.acceptedOn },
  { header: 'settled_at', cell: (r) => r.settledAt },
  { header: 'created_at', cell: (r) => r.createdAt },
  { header: 'updated_at', cell: (r) => r.updatedAt },
  { header: 'source_file', cell: (r) => r.sourceFile },
];

/** A money cell: the exact decimal from integer cents ("1140.10"), which spreadsheets read as a number. */
function money(cents: number | null): CsvCell {
  return centsToDecimal(cents);
}

export function casesCsv(cases: readonly StoredCase[]): string {
  const rows = cases.map(caseExportRow);
  return csvDocument(
    COLUMNS.map((c) => c.header),
    rows.map((row) => COLUMNS.map((c) => c.cell(row))),
  );
}

export function casesJson(cases: readonly StoredCase[], exportedAt: Date) {
  return { exportedAt: exportedAt.toISOString(), count: cases.length, amountsIn: 'cents' as const, cases: cases.map(caseExportRow) };
}
