// Hospital outpatient lines (type of bill 13x): OPPS Addendum B national unadjusted payment rate by HCPCS, decided by
// the status indicator: separately paid (S, T, V, J1, J2, K, G, R, U, P...), packaged (N; Q1-Q4 when their
// condition holds) at $0 with a note, or not paid under OPPS (lab and DME move to their own schedules).
import type { PricingFlag } from '../model/pricing.ts';
import type { PricingTables } from './pricing-tables.ts';
import type { ResolvedLocality } from './locality.ts';
import type { PricedServiceInternal } from './service-price.ts';
import { chooseYear, yearOfDate } from './year-choice.ts';
import { FLAG, flag } from './flags.ts';
import { divRound, dollars, scaledToNumber } from './decimal-format.ts';
import { priceClfs, priceDmepos } from './lab-and-supplies.ts';

export interface OppsQuery {
  code: string | null;
  modifiers: readonly string[];
  units: number;
  date: string | null;
  revenueCode: string | null;
}

/** Status indicators present anywhere on the claim decide the conditional packaging of Q1, Q2, Q4 and J1 claims. */
export interface ClaimIndicators {
  has: ReadonlySet<string>;
}

const SEPARATE = new Set(['S', 'T', 'V', 'J1', 'J2', 'K', 'K1', 'G', 'R', 'U', 'P', 'Q3']);
const NOT_OPPS: Record<string, string> = {
  B: 'not recognized by OPPS on an outpatient bill',
  C: 'inpatient-only procedure: not paid under OPPS',
  D: 'discontinued code',
  E1: 'not paid by Medicare on outpatient claims (not covered)',
  E2: 'not paid by Medicare on outpatient claims (no pricing information)',
  F: 'paid at reasonable cost, not under OPPS',
  H: 'pass-through device: cost-based payment, not an Addendum B rate',
  H1: 'non-opioid device: paid on charges adjusted to cost',
  L: 'vaccine: paid at reasonable cost',
  M: 'not billable to the MAC',
};
/** Packaged into a comprehensive APC (J1) unless excluded from the C-APC policy. */
const CAPC_EXCLUDED = new Set(['A', 'F', 'G', 'H', 'L', 'U', 'Y', 'J1']);

export function oppsStatusOf(tables: PricingTables, code: string | null, date: string | null): string | null {
  if (!code) return null;
  const year = tables.pickYear('opps', yearOfDate(date)).year;
  if (year === null) return null;
  const t = tables.opps(year)!;
  const row = t.rowOf.get(code);
  return row === undefined ? null : t.file.si[row]!;
}

export function priceOpps(
  tables: PricingTables,
  q: OppsQuery,
  base: PricedServiceInternal,
  loc: ResolvedLocality,
  claim: ClaimIndicators,
  carriedFlags: PricingFlag[],
): PricedServiceInternal {
  const flags: PricingFlag[] = [...carriedFlags];
  const out: PricedServiceInternal = { ...base, flags, method: 'NONE', facility: true, locality: null, localityAssumed: false, mpfsFacts: null };
  if (!q.code) {
    flags.push(flag(FLAG.noCode, 'warning', `Revenue code ${q.revenueCode ?? '(none)'} without a HCPCS code: OPPS pays by HCPCS, so there is no line rate.`));
    out.formula = { schedule: 'OPPS', revenueCode: q.revenueCode };
    out.explanation = `Revenue code ${q.revenueCode ?? '(none)'} has no HCPCS code; no OPPS rate.`;
    return out;
  }
  const choice = chooseYear(tables, 'opps', q.date, flags);
  if (choice.year === null) {
    flags.push(flag(FLAG.manualPricing, 'review', 'No OPPS tables are loaded.'));
    out.explanation = 'No OPPS tables; manual pricing needed.';
    return out;
  }
  const t = tables.opps(choice.year)!;
  out.year = choice.year;
  out.release = t.file.meta.release;
  const row = t.rowOf.get(q.code);
  if (row === undefined) {
    const lab = priceClfs(tables, { ...q, code: q.code }, out, carriedFlags);
    if (lab) return lab;
    flags.push(flag(FLAG.codeNotFound, 'review', `${q.code} is not in ${t.file.meta.release}.`));
    out.formula = { schedule: 'OPPS', statusIndicator: null };
    out.explanation = `${q.code} is not in the ${choice.year} OPPS Addendum B; no Medicare amount.`;
    return out;
  }
  const si = t.file.si[row]!;
  const apc = t.file.apc[row]! || null;
  const rate = t.file.rate[row]!;
  out.formula = {
    schedule: 'OPPS',
    statusIndicator: si,
    apc,
    relativeWeight: t.file.weight[row] ? scaledToNumber(t.file.weight[row]!, 4) : null,
    paymentRate: rate >= 0 ? scaledToNumber(rate, 3) : null,
    units: q.units,
    wageAdjusted: false,
  };
  const packaged = (why: string): PricedServiceInternal => {
    flags.push(flag(FLAG.packaged, 'info', `${q.code} (status ${si}) is packaged: ${why}; Medicare pays $0.00 for it separately.`));
    return { ...out, method: 'OPPS', benchmarkCents: 0, explanation: `${choice.year} OPPS: ${q.code} status ${si}, packaged (${why}); $0.00.` };
  };

  if (claim.has.has('J1') && si !== 'J1' && !CAPC_EXCLUDED.has(si)) return packaged('paid within the comprehensive APC of the claim\'s J1 service');
  if (si === 'N') return packaged('payment is included in the APC rates of other services');
  if (si === 'Q1' && ['S', 'T', 'V'].some((s) => claim.has.has(s))) return packaged('billed with an S, T or V service');
  if (si === 'Q2' && claim.has.has('T')) return packaged('billed with a T service');
  if (si === 'Q4') {
    if (['J1', 'J2', 'S', 'T', 'V', 'Q1', 'Q2', 'Q3'].some((s) => claim.has.has(s))) return packaged('lab test billed with a separately paid OPPS service');
    const lab = priceClfs(tables, { ...q, code: q.code }, out, carriedFlags);
    if (lab) return lab;
  }
  if (si === 'A') {
    const other = priceClfs(tables, { ...q, code: q.code }, out, carriedFlags) ?? priceDmepos(tables, { ...q, code: q.code }, out, loc, carriedFlags);
    if (other) return other;
    flags.push(flag(FLAG.notPayable, 'review', `${q.code} (status A) is paid under another fee schedule, not OPPS, and none on hand lists it.`));
    out.explanation = `${q.code}: OPPS status A, paid under another fee schedule; no amount on hand.`;
    return out;
  }
  if (si === 'Y') {
    const dme = priceDmepos(tables, { ...q, code: q.code }, out, loc, carriedFlags);
    if (dme) return dme;
  }
  const notOpps = NOT_OPPS[si];
  if (notOpps || rate < 0 || !(SEPARATE.has(si) || si === 'Q1' || si === 'Q2')) {
    flags.push(flag(FLAG.notPayable, si === 'C' ? 'review' : 'warning', `${q.code} has OPPS status ${si}: ${notOpps ?? 'no separate OPPS payment rate'}.`));
    out.explanation = `${q.code}: OPPS status ${si}, ${notOpps ?? 'no payment rate'}; no Medicare amount.`;
    return out;
  }
  const benchmarkCents = divRound(Math.round(rate * q.units), 10);
  flags.push(flag(FLAG.nationalUnadjusted, 'info', 'OPPS national unadjusted rate (no hospital wage index adjustment).'));
  return {
    ...out,
    method: 'OPPS',
    benchmarkCents,
    explanation: `${choice.year} OPPS Addendum B: ${q.code} status ${si}${apc ? `, APC ${apc}` : ''}, national rate ${dollars(divRound(rate, 10))}${rate % 10 ? ` ($${scaledToNumber(rate, 3)})` : ''}${q.units !== 1 ? ` x ${q.units} units` : ''} = ${dollars(benchmarkCents)}.`,
  };
}
