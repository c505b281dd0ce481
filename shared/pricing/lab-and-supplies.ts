// Codes the MPFS does not pay (status X etc.): clinical lab tests from the CLFS, equipment and supplies from the
// DMEPOS schedule (by state, rural or not). Returns null when neither schedule lists the code.
import type { PricingFlag } from '../model/pricing.ts';
import type { PricingTables } from './pricing-tables.ts';
import type { ResolvedLocality } from './locality.ts';
import type { PricedServiceInternal } from './service-price.ts';
import { chooseYear } from './year-choice.ts';
import { FLAG, flag } from './flags.ts';
import { dollars } from './decimal-format.ts';

export interface LabOrSupplyQuery {
  code: string;
  modifiers: readonly string[];
  units: number;
  date: string | null;
}

export function priceLabOrSupply(
  tables: PricingTables,
  q: LabOrSupplyQuery,
  base: PricedServiceInternal,
  loc: ResolvedLocality,
  carriedFlags: PricingFlag[],
): PricedServiceInternal | null {
  return priceClfs(tables, q, base, carriedFlags) ?? priceDmepos(tables, q, base, loc, carriedFlags);
}

export function priceClfs(tables: PricingTables, q: LabOrSupplyQuery, base: PricedServiceInternal, carriedFlags: PricingFlag[]): PricedServiceInternal | null {
  const years = tables.years('clfs');
  if (!years.some((y) => tables.clfs(y)?.rowOf.has(q.code))) return null;
  const flags: PricingFlag[] = [...carriedFlags];
  const choice = chooseYear(tables, 'clfs', q.date, flags);
  const t = tables.clfs(choice.year!)!;
  const mod = q.modifiers.find((m) => t.rowOf.has(`${q.code}|${m}`));
  const row = t.rowOf.get(mod ? `${q.code}|${mod}` : q.code);
  if (row === undefined) return null;
  const rate = t.file.rate[row]!;
  const benchmarkCents = Math.round(rate * q.units);
  return {
    ...base,
    flags,
    method: 'CLFS',
    year: choice.year,
    release: t.file.meta.release,
    // The CLFS pays one national limitation amount: no locality adjustment.
    locality: null,
    localityAssumed: false,
    benchmarkCents,
    formula: { schedule: 'CLFS', rateCents: rate, units: q.units, modifier: mod ?? null },
    explanation: `${choice.year} Clinical Laboratory Fee Schedule (${t.file.meta.release}) national limitation amount ${dollars(rate)}${q.units !== 1 ? ` x ${q.units} units` : ''} = ${dollars(benchmarkCents)}.`,
    mpfsFacts: null,
  };
}

export function priceDmepos(
  tables: PricingTables,
  q: LabOrSupplyQuery,
  base: PricedServiceInternal,
  loc: ResolvedLocality,
  carriedFlags: PricingFlag[],
): PricedServiceInternal | null {
  const years = tables.years('dmepos');
  if (!years.some((y) => tables.dmepos(y)?.rowsOf.has(q.code))) return null;
  const flags: PricingFlag[] = [...carriedFlags];
  const choice = chooseYear(tables, 'dmepos', q.date, flags);
  const t = tables.dmepos(choice.year!)!;
  const candidates = t.rowsOf.get(q.code);
  if (!candidates) return null;
  // The most specific row whose modifiers the line carries (E0114 NU over E0114).
  let row = -1;
  let best = -1;
  for (const r of candidates) {
    const mods = [t.file.mod[r]!, t.file.mod2[r]!].filter(Boolean);
    if (mods.every((m) => q.modifiers.includes(m)) && mods.length > best) {
      best = mods.length;
      row = r;
    }
  }
  const out: PricedServiceInternal = { ...base, flags, method: 'NONE', year: choice.year, release: t.file.meta.release, mpfsFacts: null };
  if (row < 0) {
    const options = candidates.map((r) => [t.file.mod[r], t.file.mod2[r]].filter(Boolean).join('+') || '(none)').join(', ');
    flags.push(flag(FLAG.modifierReview, 'review', `${q.code} is on the DMEPOS schedule only with modifiers ${options}; the line's modifiers match none.`));
    out.formula = { schedule: 'DMEPOS' };
    out.explanation = `${q.code}: DMEPOS rate depends on modifiers (${options}); manual pricing needed.`;
    return out;
  }
  const si = loc.state ? t.stateIndex.get(loc.state) : undefined;
  if (si === undefined) {
    flags.push(flag(FLAG.manualPricing, 'review', `${q.code} is priced by state on the DMEPOS schedule, and the provider's state is unknown.`));
    out.formula = { schedule: 'DMEPOS', state: loc.state };
    out.explanation = `${q.code}: DMEPOS is priced by state; no state known, manual pricing needed.`;
    return out;
  }
  const rates = t.file.rates[row]!;
  const nonRural = rates[si * 2]!;
  const rural = rates[si * 2 + 1]!;
  const wantRural = loc.rural === 'R' || loc.rural === 'B';
  const rate = wantRural && rural >= 0 ? rural : nonRural >= 0 ? nonRural : rural;
  if (rate < 0) {
    flags.push(flag(FLAG.manualPricing, 'review', `${q.code} has no DMEPOS rate for ${loc.state}.`));
    out.formula = { schedule: 'DMEPOS', state: loc.state };
    out.explanation = `${q.code}: no DMEPOS rate for ${loc.state}; manual pricing needed.`;
    return out;
  }
  const benchmarkCents = Math.round(rate * q.units);
  const rateKind = rate === rural && rate !== nonRural ? 'rural' : 'non-rural';
  return {
    ...out,
    method: 'DMEPOS',
    benchmarkCents,
    locality: base.locality,
    formula: {
      schedule: 'DMEPOS',
      state: loc.state,
      rateKind,
      rateCents: rate,
      units: q.units,
      category: t.file.category[row]!,
      modifier: [t.file.mod[row], t.file.mod2[row]].filter(Boolean).join('+') || null,
    },
    explanation: `${choice.year} DMEPOS fee schedule (${t.file.meta.release}), ${loc.state} ${rateKind}: ${dollars(rate)}${q.units !== 1 ? ` x ${q.units} units` : ''} = ${dollars(benchmarkCents)}.`,
  };
}
