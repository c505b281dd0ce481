// The sums a letter prints, computed from its lines so the totals always agree with the table.
import { sumCents } from '../model/money.ts';

export interface TotalsLine {
  chargeCents: number;
  benchmarkCents: number | null;
  offerCents: number | null;
}

export interface OfferTotals {
  billedCents: number;
  /** Sum of the benchmarks of the lines that have one. */
  benchmarkCents: number;
  offerCents: number;
  /** Billed charges of the lines that carry an offer: the base the savings are measured against. */
  offeredBilledCents: number;
  /** Lines with no offer, and what they billed: not part of this offer. */
  unofferedLines: number;
  unofferedBilledCents: number;
  savingsCents: number;
  /** Savings as a percentage of `offeredBilledCents`, one decimal; null when nothing was offered. */
  savingsPercent: number | null;
}

export function offerTotals(lines: readonly TotalsLine[]): OfferTotals {
  const offered = lines.filter((l) => l.offerCents !== null);
  const unoffered = lines.filter((l) => l.offerCents === null);
  const offeredBilledCents = sumCents(offered.map((l) => l.chargeCents));
  const offerCents = sumCents(offered.map((l) => l.offerCents ?? 0));
  const savingsCents = offeredBilledCents - offerCents;
  return {
    billedCents: sumCents(lines.map((l) => l.chargeCents)),
    benchmarkCents: sumCents(lines.map((l) => l.benchmarkCents ?? 0)),
    offerCents,
    offeredBilledCents,
    unofferedLines: unoffered.length,
    unofferedBilledCents: sumCents(unoffered.map((l) => l.chargeCents)),
    savingsCents,
    // Integer arithmetic first, one division last: 12.5% stays 12.5, not 12.499999.
    savingsPercent: offeredBilledCents > 0 ? Math.round((savingsCents * 1000) / offeredBilledCents) / 10 : null,
  };
}

/** "55.3%" */
export function formatPercent(percent: number): string {
  return `${percent.toFixed(1)}%`;
}
