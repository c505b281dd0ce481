// The negotiator's queue: worked cases in deadline order, narrowed by status, deadline, TPA, provider, amount and a
// claim or account number. Index-backed narrowing (status, TIN, deadline) happens in DynamoDB; the rest on the rows.
import { InvalidCursor, type CaseRepository } from '../cases/case-repository.ts';
import { QUEUE_STATUSES } from '../cases/case-service.ts';
import { providerByRole } from '../model/bill.ts';
import { CaseStatus, type StoredCase } from '../model/case.ts';
import { caseSnapshot, peekCaseSnapshot } from './case-snapshot.ts';

export interface QueueFilters {
  status?: CaseStatus;
  /** Due within this many days (0: due today or overdue). */
  dueWithinDays?: number;
  /** Payer / TPA name, exactly as the bills name it. */
  payer?: string;
  /** Provider name (contains) or TIN (nine digits). */
  provider?: string;
  minBilledCents?: number;
  maxBilledCents?: number;
  /** Claim number or patient account number (contains, case-insensitive), or a case id. */
  search?: string;
  /** Only cases assigned to this principal. */
  assignee?: string;
  sort?: 'deadline' | 'billed' | 'updated';
  page?: number;
  /** Index paging: the cursor of the page to show. */
  cursor?: string;
}

export interface QueueRow {
  id: string;
  status: CaseStatus;
  reasons: string[];
  claimNumber: string | null;
  accountNumber: string | null;
  providerName: string | null;
  providerTin: string | null;
  payer: string | null;
  billedCents: number;
  benchmarkCents: number | null;
  offerCents: number | null;
  nextDeadline: StoredCase['nextDeadline'];
  nsa: boolean;
  assignee: string | null;
  flagCount: number;
  updatedAt: string;
}

export interface QueueResult {
  rows: QueueRow[];
  /** Rows matching every filter; null when the list was paged from the index and not counted. */
  matched: number | null;
  /** Payers seen, for the filter's suggestions (empty until a snapshot exists). */
  payers: string[];
  /** Snapshot path: page number and count. */
  page: number;
  pages: number | null;
  /** Index path: where the next page starts (null on the last page). */
  cursor: string | null;
  /** Snapshot path: when the cases were read. */
  asOf: string | null;
}

export const PAGE_SIZE = 50;

export function queueRow(record: StoredCase): QueueRow {
  const billing = providerByRole(record.bill, 'billing');
  const billed = record.pricing?.totals.chargeCents ?? record.bill.lines.reduce((sum, l) => sum + l.chargeCents, 0);
  const lastOffer = record.negotiation.offers.at(-1);
  return {
    id: record.id,
    status: record.status,
    reasons: record.reasons,
    claimNumber: record.bill.claimNumber,
    accountNumber: record.bill.patient.accountNumber,
    providerName: billing?.name ?? null,
    providerTin: billing?.tin ?? null,
    payer: record.bill.payer?.name ?? null,
    billedCents: billed,
    benchmarkCents: record.pricing?.totals.benchmarkCents ?? null,
    offerCents: lastOffer?.totalOfferCents ?? record.pricing?.totals.offerCents ?? null,
    nextDeadline: record.nextDeadline,
    nsa: record.deadlines?.nsa ?? record.nsa !== null,
    assignee: record.assignee,
    flagCount: record.pricing?.flags.length ?? 0,
    updatedAt: record.updatedAt,
  };
}

function addDays(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function matches(row: QueueRow, filters: QueueFilters): boolean {
  if (filters.payer && !(row.payer ?? '').toLowerCase().includes(filters.payer.trim().toLowerCase())) return false;
  if (filters.provider) {
    const wanted = filters.provider.trim().toLowerCase();
    const digits = wanted.replace(/-/g, '');
    const byTin = /^\d{9}$/.test(digits) && row.providerTin === digits;
    if (!byTin && !(row.providerName ?? '').toLowerCase().includes(wanted)) return false;
  }
  if (filters.minBilledCents !== undefined && row.billedCents < filters.minBilledCents) return false;
  if (filters.maxBilledCents !== undefined && row.billedCents > filters.maxBilledCents) return false;
  if (filters.search) {
    const q = filters.search.trim().toLowerCase();
    const fields = [row.claimNumber, row.accountNumber, row.id].map((f) => (f ?? '').toLowerCase());
    if (!fields.some((f) => f.includes(q))) return false;
  }
  return true;
}

/** Whether the filters can be answered from the indexes alone (status, TIN, deadline, deadline order). */
export function indexOnly(filters: QueueFilters): boolean {
  const tin = filters.provider?.replace(/-/g, '').trim();
  return (
    !filters.payer &&
    (filters.provider === undefined || /^\d{9}$/.test(tin ?? '')) &&
    filters.minBilledCents === undefined &&
    filters.maxBilledCents === undefined &&
    !filters.search &&
    (filters.sort ?? 'deadline') === 'deadline'
  );
}

export async function loadQueue(
  cases: Pick<CaseRepository, 'listCases'>,
  filters: QueueFilters,
  today: string,
  now: () => Date = () => new Date(),
): Promise<QueueResult> {
  const statuses = filters.status ? [filters.status] : QUEUE_STATUSES;
  const deadlineBefore = filters.dueWithinDays !== undefined ? addDays(today, filters.dueWithinDays + 1) : undefined;
  const known = peekCaseSnapshot(cases);
  const payers = known ? payersOf(known.cases) : [];

  if (indexOnly(filters)) {
    // Fresh from the indexes, one page at a time: the cost does not grow with the number of cases.
    const tin = filters.provider?.replace(/-/g, '').trim();
    const query = { statuses, providerTin: tin || undefined, deadlineBefore, limit: PAGE_SIZE };
    // A cursor from an old or edited link starts the list over instead of failing the page.
    const page = await cases.listCases({ ...query, cursor: filters.cursor }).catch((error: unknown) => {
      if (error instanceof InvalidCursor && filters.cursor) return cases.listCases(query);
      throw error;
    });
    const rows = page.cases.map(queueRow);
    return { rows, matched: page.cursor === null && !filters.cursor ? rows.length : null, payers, page: 1, pages: null, cursor: page.cursor, asOf: null };
  }

  const snapshot = await caseSnapshot(cases, now);
  const wanted = new Set<string>(statuses);
  const rows = snapshot.cases
    .filter((c) => wanted.has(c.status))
    .filter((c) => !deadlineBefore || (c.nextDeadline !== null && c.nextDeadline.date < deadlineBefore))
    .map(queueRow)
    .filter((row) => matches(row, filters));
  if (filters.sort === 'billed') rows.sort((a, b) => b.billedCents - a.billedCents || a.id.localeCompare(b.id));
  else if (filters.sort === 'updated') rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  else rows.sort((a, b) => (a.nextDeadline?.date ?? '9999-12-31').localeCompare(b.nextDeadline?.date ?? '9999-12-31') || a.id.localeCompare(b.id));
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const pageNumber = Math.min(Math.max(1, filters.page ?? 1), pages);
  return {
    rows: rows.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE),
    matched: rows.length,
    payers: payersOf(snapshot.cases),
    page: pageNumber,
    pages,
    cursor: null,
    asOf: snapshot.takenAt.toISOString(),
  };
}

function payersOf(cases: readonly StoredCase[]): string[] {
  return [...new Set(cases.map((c) => c.bill.payer?.name).filter((p): p is string => Boolean(p)))].sort();
}

/** Reads filters from a query string; anything unreadable is ignored (an empty filter), never an error page. */
export function queueFiltersFrom(query: Record<string, string>): QueueFilters {
  const dollarsToCents = (value: string | undefined) => {
    if (!value) return undefined;
    const n = Number(value.replace(/[$,\s]/g, ''));
    return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : undefined;
  };
  const status = CaseStatus.safeParse(query.status);
  const due = Number(query.due);
  const page = Number(query.page);
  return {
    status: status.success ? status.data : undefined,
    dueWithinDays: query.due && Number.isInteger(due) && due >= 0 ? due : undefined,
    payer: query.payer || undefined,
    provider: query.provider?.trim() || undefined,
    minBilledCents: dollarsToCents(query.min),
    maxBilledCents: dollarsToCents(query.max),
    search: query.q?.trim() || undefined,
    assignee: undefined,
    sort: query.sort === 'billed' || query.sort === 'updated' ? query.sort : 'deadline',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    cursor: query.cursor && query.cursor.length <= 4096 ? query.cursor : undefined,
  };
}
