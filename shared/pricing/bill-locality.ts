// The bill's pricing locality: the service facility's ZIP, else the billing provider's; when neither resolves, the
// national basis, marked as assumed.
import type { Bill } from '../model/bill.ts';
import { providerByRole } from '../model/bill.ts';
import type { PricingTables } from './pricing-tables.ts';
import { localityFromZip, nationalLocality, type ResolvedLocality } from './locality.ts';
import { FLAG, flag } from './flags.ts';

/** Returns a per-year resolver (the crosswalk is one; GPCIs are per year), cached. */
export function billLocality(bill: Bill, tables: PricingTables): (year: number) => ResolvedLocality {
  const cache = new Map<number, ResolvedLocality>();
  const candidates: { role: string; zip: string }[] = [];
  for (const role of ['service-facility', 'billing'] as const) {
    const zip = providerByRole(bill, role)?.address?.zip;
    if (zip) candidates.push({ role, zip });
  }
  return (year: number) => {
    const hit = cache.get(year);
    if (hit) return hit;
    const tried: string[] = [];
    const failures: ResolvedLocality['flags'] = [];
    let resolved: ResolvedLocality | null = null;
    for (const c of candidates) {
      const loc = localityFromZip(tables, c.zip, year);
      if (!loc.assumed) {
        if (tried.length) {
          loc.flags.push(flag(FLAG.zipNotFound, 'info', `The ${tried.join(', ')} provider's ZIP did not resolve; the ${c.role} provider's ZIP was used.`));
        }
        resolved = loc;
        break;
      }
      tried.push(c.role);
      failures.push(...loc.flags);
    }
    resolved ??= nationalLocality(failures);
    cache.set(year, resolved);
    return resolved;
  };
}
