// The savings report: billed, offered and agreed amounts, savings and acceptance, grouped by TPA (payer), provider
// or month. Sums are integer cents; percentages are computed once from those sums (one decimal).
import * as z from 'zod';
import { providerByRole } from '../model/bill.ts';
import { emptyNegotiation, type StoredCase } from '../model/case.ts';
import { billedOf, percent } from './case-export.ts';
import { centsToDecimal, csvDocument } from './csv.ts';

export const SavingsGrouping = z.enum(['tpa', 'provider', 'month']);
export type SavingsGrouping = z.infer<typeof SavingsGrouping>;

export interface SavingsRow {
  /** The group: payer name, provider TIN, or YYYY-MM. */
  key: string;
  label: string;
  cases: number;
  /** Cases with at least one offer sent to the provider. */
  offersSent: number;
  /** Cases with an agreement (accepted, settled, or closed after settling). */
  agreements: number;
  /** Agreements on the first offer, as sent. */
  acceptedAsFirstOffered: number;
  billedCents: number;
  /** The current offer (latest version) of every case that has one. */
  offeredCents: number;
  /** What the agreed cases billed: the base of the savings percentage. */
  agreedBilledCents: number;
  agreedCents: number;
  /** agreedBilled - agreed. */
  savingsCents: number;
  /** Savings as a percentage of what the agreed cases billed. */
  savingsPercent: number | null;
  /** Agreements per case with an offer sent, in percent. */
  acceptanceRate: number | null;
  /** First offers accepted as sent, per case with an offer sent, in percent. */
  initialAcceptanceRate: number | null;
}

export interface SavingsReport {
  groupBy: SavingsGrouping;
  generatedAt: string;
  /** How month is read: the month a case settled, else the month it was created. */
  monthOf: 'settlement, else creation';
  rows: SavingsRow[];
  total: SavingsRow;
}

/** What is summed per group; the rest of a row is derived from these. */
type Tally = Omit<SavingsRow, 'savingsCents' | 'savingsPercent' | 'acceptanceRate' | 'initialAcceptanceRate'>;

function groupOf(record: StoredCase, by: SavingsGrouping): { key: string; label: string } {
  switch (by) {
    case 'tpa': {
      const name = record.bill.payer?.name?.trim() || null;
      return { key: name ?? '(payer not named)', label: name ?? '(payer not named)' };
    }
    case 'provider': {
      const billing = providerByRole(record.bill, 'billing');
      const tin = billing?.tin ?? '(no TIN)';
      return { key: tin, label: billing?.name ? `${billing.name} (TIN ${tin})` : `TIN ${tin}` };
    }
    case 'month': {
      const month = (record.negotiation?.settledAt ?? record.createdAt).slice(0, 7);
      return { key: month, label: month };
    }
  }
}

function add(tally: Tally, record: StoredCase): void {
  const n = record.negotiation ?? emptyNegotiation();
  const billed = billedOf(record);
  const offered = n.offers.at(-1)?.totalOfferCents ?? record.pricing?.totals.offerCents ?? null;
  tally.cases++;
  tally.billedCents += billed;
  if (offered !== null) tally.offeredCents += offered;
  const sent = n.offers.some((o) => o.sentOn !== null);
  if (sent) tally.offersSent++;
  if (n.agreedCents !== null) {
    tally.agreements++;
    tally.agreedCents += n.agreedCents;
    tally.agreedBilledCents += billed;
    if (n.acceptance?.accepted === 'offer' && n.acceptance.offerVersion === n.offers.find((o) => o.sentOn !== null)?.version) {
      tally.acceptedAsFirstOffered++;
    }
  }
}

function row(t: Tally): SavingsRow {
  const savings = t.agreedBilledCents - t.agreedCents;
  return {
    ...t,
    savingsCents: savings,
    savingsPercent: percent(savings, t.agreedBilledCents),
    acceptanceRate: percent(t.agreements, t.offersSent),
    initialAcceptanceRate: percent(t.acceptedAsFirstOffered, t.offersSent),
  };
}

const empty = (key: string, label: string): Tally => ({
  key, label, cases: 0, offersSent: 0, agreements: 0, acceptedAsFirstOffered: 0, billedCents: 0, offeredCents: 0, agreedBilledCents: 0, agreedCents: 0,
});

export function savingsReport(cases: readonly StoredCase[], by: SavingsGrouping, generatedAt: Date): SavingsReport {
  const groups = new Map<string, Tally>();
  const total = empty('total', 'All cases');
  for (const record of cases) {
    const { key, label } = groupOf(record, by);
    const tally = groups.get(key) ?? empty(key, label);
    groups.set(key, tally);
    add(tally, record);
    add(total, record);
  }
  const rows = [...groups.values()].map(row);
  // Months in time order; payers and providers with the most billed first.
  rows.sort((a, b) => (by === 'month' ? a.key.localeCompare(b.key) : b.billedCents - a.billedCents || a.key.localeCompare(b.key)));
  return { groupBy: by, generatedAt: generatedAt.toISOString(), monthOf: 'settlement, else creation', rows, total: row(total) };
}

export function savingsReportCsv(report: SavingsReport): string {
  const header = [
    report.groupBy, 'cases', 'offers_sent', 'agreements', 'accepted_first_offer', 'billed', 'offered', 'agreed_billed', 'agreed', 'savings',
    'savings_pct', 'acceptance_rate_pct', 'initial_acceptance_rate_pct',
  ];
  const line = (r: SavingsRow) => [
    r.label, r.cases, r.offersSent, r.agreements, r.acceptedAsFirstOffered, centsToDecimal(r.billedCents), centsToDecimal(r.offeredCents),
    centsToDecimal(r.agreedBilledCents), centsToDecimal(r.agreedCents), centsToDecimal(r.savingsCents), r.savingsPercent, r.acceptanceRate,
    r.initialAcceptanceRate,
  ];
  return csvDocument(header, [...report.rows.map(line), line(report.total)]);
}
