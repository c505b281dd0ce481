// Which Medicare payment locality prices a service: from a ZIP (CMS ZIP5 crosswalk), an explicit carrier-locality,
// or, when neither resolves, the national basis (all GPCIs 1.000) marked as assumed.
import type { Locality, PricingFlag } from '../model/pricing.ts';
import type { PricingTables } from './pricing-tables.ts';
import { FLAG, flag } from './flags.ts';

export interface ResolvedLocality {
  /** null on the national basis. */
  locality: Locality | null;
  /** "13202-01", or null on the national basis. */
  key: string | null;
  /** Index in the year's GPCI table, -1 for the national basis. */
  gpciIndex: number;
  assumed: boolean;
  source: 'zip' | 'carrier-locality' | 'national';
  zip: string | null;
  state: string | null;
  /** CMS ZIP file rural indicator: '' (urban), 'R' rural, 'B' super-rural. */
  rural: string;
  flags: PricingFlag[];
}

export const LOCALITY_KEY = /^(\d{5})-(\d{2})$/;

export function nationalLocality(flags: PricingFlag[] = []): ResolvedLocality {
  return { locality: null, key: null, gpciIndex: -1, assumed: true, source: 'national', zip: null, state: null, rural: '', flags };
}

/** ZIP5 (or ZIP+4; the first five digits are used) -> the year's carrier-locality. */
export function localityFromZip(tables: PricingTables, zip: string, year: number): ResolvedLocality {
  const zip5 = /^\s*(\d{5})(?:-?\d{4})?\s*$/.exec(zip)?.[1];
  const crosswalk = tables.zipLocality();
  if (!zip5 || !crosswalk) {
    return nationalLocality([
      flag(FLAG.zipNotFound, 'warning', `ZIP "${zip}" is not a five-digit ZIP code; priced on the national basis (GPCI 1.000).`),
    ]);
  }
  const g = crosswalk.groupOfZip[Number(zip5)]!;
  if (g === 0) {
    return nationalLocality([
      flag(FLAG.zipNotFound, 'warning', `ZIP ${zip5} is not in the CMS ZIP-to-locality file (${crosswalk.file.meta.release}); priced on the national basis (GPCI 1.000).`),
    ]);
  }
  const [state, carrier, locality, rural, plus4] = crosswalk.file.groups[g - 1]!;
  const resolved = localityFromKey(tables, `${carrier}-${locality}`, year);
  resolved.zip = zip5;
  resolved.state = state;
  resolved.rural = rural;
  if (resolved.gpciIndex >= 0) resolved.source = 'zip';
  else {
    resolved.flags = [
      flag(
        FLAG.localityNotInYear,
        'warning',
        `ZIP ${zip5} (${state}) maps to carrier ${carrier} locality ${locality}, which the ${year} GPCI table does not list; priced on the national basis (GPCI 1.000).`,
      ),
    ];
  }
  if (plus4 && resolved.gpciIndex >= 0) {
    resolved.flags.push(
      flag(FLAG.zipPlus4Split, 'info', `ZIP ${zip5} is split between localities by ZIP+4; the ZIP5 default locality ${locality} was used.`),
    );
  }
  return resolved;
}

/** "13202-01" (or "1320201") -> that year's locality; unknown keys fall back to the national basis with a flag. */
export function localityFromKey(tables: PricingTables, key: string, year: number): ResolvedLocality {
  const m = LOCALITY_KEY.exec(key.trim()) ?? /^(\d{5})(\d{2})$/.exec(key.trim());
  const gpci = tables.gpci(year);
  if (!m || !gpci) {
    return nationalLocality([
      flag(FLAG.localityNotInYear, 'warning', `Locality "${key}" is not CARRIER-LOCALITY (e.g. 13202-01); priced on the national basis (GPCI 1.000).`),
    ]);
  }
  const k = `${m[1]}-${m[2]}`;
  const i = gpci.indexOf.get(k);
  if (i === undefined) {
    return nationalLocality([
      flag(FLAG.localityNotInYear, 'warning', `Carrier ${m[1]} locality ${m[2]} is not in the ${year} GPCI table; priced on the national basis (GPCI 1.000).`),
    ]);
  }
  return {
    locality: { carrier: m[1]!, locality: m[2]!, name: gpci.file.name[i] ?? null },
    key: k,
    gpciIndex: i,
    assumed: false,
    source: 'carrier-locality',
    zip: null,
    state: gpci.file.state[i] ?? null,
    rural: '',
    flags: [],
  };
}

/** Re-resolves a locality against another year's GPCI (same carrier-locality key), keeping ZIP facts. */
export function localityForYear(tables: PricingTables, resolved: ResolvedLocality, year: number): ResolvedLocality {
  if (resolved.key === null) return resolved;
  const again = localityFromKey(tables, resolved.key, year);
  again.zip = resolved.zip;
  again.state = resolved.state ?? again.state;
  again.rural = resolved.rural;
  again.source = resolved.source;
  again.flags = again.gpciIndex >= 0 ? resolved.flags : again.flags;
  return again;
}
