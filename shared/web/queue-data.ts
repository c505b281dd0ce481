// The negotiator's queue: worked cases in deadline order, narrowed by status, deadline, TPA, provider, amount and a
// claim or account number. Index-backed narrowing (status, TIN, deadline) happens in DynamoDB; the rest on the rows.
import type { CaseRepository } from '../cases/case-repository.ts';
import { QUEUE_STATUSES } from '../cases/case-service.ts';
import { providerByRole } from '../model/bill.ts';
import { CaseStatus, type StoredCase } from '../model/case.ts';

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
  /** Rows matching every filter (the page shows PAGE_SIZE of them). */
  matched: number;
  /** Cases read to answer. */
  scanned: number;
  /** Payers seen, for the filter's choices. */
  payers: string[];
  page: number;
  pages: number;
}

export const PAGE_SIZE = 50;
/** Never read more than this many cases for one page (the filters on bill fields run over them). */
const READ_LIMIT = 10_000;

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
  if (filters.payer && row.payer !== filters.payer) return false;
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

export async function loadQueue(cases: Pick<CaseRepository, 'listCases'>, filters: QueueFilters, today: string): Promise<QueueResult> {
  const statuses = filters.status ? [filters.status] : QUEUE_STATUSES;
  const tin = filters.provider?.replace(/-/g, '').trim();
  const deadlineBefore = filters.dueWithinDays !== undefined ? addDays(today, filters.dueWithinDays + 1) : undefined;
  const rows: QueueRow[] = [];
  const payers = new Set<string>();
  let scanned = 0;
  let cursor: string | undefined;
  do {
    const page = await cases.listCases({
      statuses,
      providerTin: tin && /^\d{9}$/.test(tin) ? tin : undefined,
      assignee: filters.assignee,
      deadlineBefore,
      limit: 500,
      cursor,
    });
    for (const record of page.cases) {
      scanned++;
      const row = queueRow(record);
      if (row.payer) payers.add(row.payer);
      if (matches(row, filters)) rows.push(row);
    }
    cursor = page.cursor ?? undefined;
  } while (cursor && scanned < READ_LIMIT);

  if (filters.sort === 'billed') rows.sort((a, b) => b.billedCents - a.billedCents || a.id.localeCompare(b.id));
  else if (filters.sort === 'updated') rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const pageNumber = Math.min(Math.max(1, filters.page ?? 1), pages);
  return {
    rows: rows.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE),
    matched: rows.length,
    scanned,
    payers: [...payers].sort(),
    page: pageNumber,
    pages,
  };
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
  };
}
