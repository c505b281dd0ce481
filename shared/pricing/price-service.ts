// `parley price` and anyone else asking "what does Medicare pay for this code here": one service, fully explained.
import type { PricingTables } from './pricing-tables.ts';
import type { ServicePrice } from './service-price.ts';
import { localityFromKey, localityFromZip, nationalLocality, type ResolvedLocality } from './locality.ts';
import { priceProfessional } from './price-professional.ts';
import { normalizeCode, normalizeModifiers } from './codes.ts';

export type { ServicePrice } from './service-price.ts';

/** Short description of a HCPCS Level II code (A-V except D, which are ADA's) from the newest HCPCS file on hand. */
export function levelTwoDescription(tables: PricingTables, code: string): string | null {
  if (!/^[A-CE-V]\d{4}$/.test(code)) return null;
  const years = tables.years('hcpcs');
  for (let i = years.length - 1; i >= 0; i--) {
    const d = tables.hcpcs(years[i]!)?.file.short[code];
    if (d) return d;
  }
  return null;
}

export interface ServiceQuery {
  code: string;
  modifiers?: string[];
  zip?: string;
  /** 'CARRIER-LOCALITY', e.g. '13202-01'. */
  locality?: string;
  placeOfService?: string;
  date?: string;
  /** Units; for anesthesia codes, minutes. */
  units?: number;
}

export function priceService(query: ServiceQuery, tables: PricingTables): ServicePrice {
  const code = normalizeCode(query.code);
  const modifiers = normalizeModifiers(query.modifiers ?? []);
  const cache = new Map<number, ResolvedLocality>();
  const localityFor = (year: number): ResolvedLocality => {
    let loc = cache.get(year);
    if (!loc) {
      if (query.locality) loc = localityFromKey(tables, query.locality, year);
      else if (query.zip) loc = localityFromZip(tables, query.zip, year);
      else loc = nationalLocality();
      cache.set(year, loc);
    }
    return loc;
  };
  const priced = priceProfessional(
    tables,
    { code, modifiers, units: query.units ?? 1, unitBasis: null, date: query.date ?? null, placeOfService: query.placeOfService ?? null },
    localityFor,
  );
  const { mpfsFacts: _facts, ...service } = priced;
  return { ...service, description: levelTwoDescription(tables, code) };
}
