// Prices a professional service line: MPFS by default; anesthesia for status J codes; lab (CLFS) and DME (DMEPOS)
// schedules for codes the MPFS excludes. Every outcome says which schedule, year, locality and inputs it used.
import type { PricingFlag } from '../model/pricing.ts';
import type { PricingTables } from './pricing-tables.ts';
import type { ResolvedLocality } from './locality.ts';
import type { PricedServiceInternal } from './service-price.ts';
import { chooseYear, yearOfDate } from './year-choice.ts';
import { priceMpfs } from './mpfs.ts';
import { isFacilityPos, normalizePos } from './place-of-service.ts';
import { FLAG, flag } from './flags.ts';
import { priceAnesthesia } from './anesthesia.ts';
import { priceLabOrSupply } from './lab-and-supplies.ts';

export interface ProfessionalQuery {
  code: string;
  modifiers: readonly string[];
  units: number;
  /** MJ = anesthesia minutes; UN (or null) = units. */
  unitBasis: string | null;
  date: string | null;
  placeOfService: string | null;
}

/** Flags that say how the locality was found (or assumed). */
export function localityFlags(loc: ResolvedLocality): PricingFlag[] {
  const flags = [...loc.flags];
  if (loc.assumed) {
    flags.push(
      flag(
        FLAG.localityAssumed,
        'warning',
        loc.flags.length ? 'Locality assumed: priced on the national basis (GPCI 1.000).' : 'No provider ZIP or locality; priced on the national basis (GPCI 1.000).',
      ),
    );
  }
  return flags;
}

/** `localityFor(year)` resolves the locality against that year's GPCI table (callers cache it). */
export function priceProfessional(
  tables: PricingTables,
  q: ProfessionalQuery,
  localityFor: (year: number) => ResolvedLocality,
): PricedServiceInternal {
  const carried: PricingFlag[] = [];
  const pos = normalizePos(q.placeOfService);
  let facility = false;
  if (pos === null) {
    carried.push(flag(FLAG.posAssumed, 'info', 'No place of service; the non-facility (office) rate was used.'));
  } else facility = isFacilityPos(pos);

  const yearFlags: PricingFlag[] = [];
  const choice = chooseYear(tables, 'mpfs', q.date, yearFlags);
  const base: PricedServiceInternal = {
    code: q.code,
    modifiers: [...q.modifiers],
    units: q.units,
    method: 'NONE',
    year: choice.year,
    requestedYear: yearOfDate(q.date),
    release: null,
    locality: null,
    localityAssumed: true,
    facility,
    placeOfService: pos,
    benchmarkCents: null,
    formula: {},
    flags: [],
    explanation: '',
    mpfsFacts: null,
  };
  if (choice.year === null) {
    base.flags = [...carried, flag(FLAG.manualPricing, 'review', 'No Medicare Physician Fee Schedule tables are loaded.')];
    base.explanation = 'No MPFS tables; manual pricing needed.';
    return base;
  }
  const year = choice.year;
  const loc = localityFor(year);
  base.locality = loc.locality;
  base.localityAssumed = loc.assumed;
  const locFlags = localityFlags(loc);
  base.release = tables.meta(year, 'mpfs')?.release ?? null;

  const mpfs = priceMpfs(tables, { code: q.code, modifiers: q.modifiers, units: q.units, facility, year, locality: loc });
  if (mpfs.statusKind === 'anesthesia') {
    return priceAnesthesia(tables, q, base, localityFor, [...carried, ...locFlags]);
  }
  if (mpfs.statusKind === 'excluded' || mpfs.statusKind === 'not-found' || mpfs.statusKind === 'reporting-only' || mpfs.statusKind === 'not-valid') {
    // The lab schedule is national; DMEPOS is by state, so only its lines carry the locality's flags.
    const other = priceLabOrSupply(tables, q, base, loc, carried);
    if (other?.method === 'DMEPOS' || (other && other.method === 'NONE')) other.flags.push(...locFlags);
    if (other) return other;
  }
  base.method = mpfs.method;
  base.benchmarkCents = mpfs.benchmarkCents;
  base.formula = { schedule: 'MPFS', ...mpfs.formula };
  base.flags = [...yearFlags, ...carried, ...locFlags, ...mpfs.flags];
  base.explanation = mpfs.explanation;
  base.mpfsFacts = mpfs.facts;
  return base;
}
