// Anesthesia (MPFS status J): (base units + time units) x the locality's anesthesia conversion factor, where time
// units = minutes / 15 rounded to one decimal; medical direction modifiers (QK, QX, QY) pay 50%.
import type { PricingFlag } from '../model/pricing.ts';
import type { PricingTables } from './pricing-tables.ts';
import type { ResolvedLocality } from './locality.ts';
import type { PricedServiceInternal } from './service-price.ts';
import type { ProfessionalQuery } from './price-professional.ts';
import { chooseYear } from './year-choice.ts';
import { FLAG, flag } from './flags.ts';
import { divRound, dollars, scaledToNumber, scaledToString } from './decimal-format.ts';

const HALF = new Set(['QK', 'QX', 'QY']);

/** Time units in tenths: minutes / 15, one decimal, half up (62 min -> 41 = 4.1 units). */
export function anesthesiaTimeTenths(minutes: number): number {
  return Math.floor((minutes * 2) / 3 + 0.5 + 1e-9);
}

/** Anesthesia amount in cents: tenths of units x CF (CF in ten-thousandths of a dollar). */
export function anesthesiaCents(totalTenths: number, cf: number): number {
  return divRound(totalTenths * cf, 1000);
}

export function priceAnesthesia(
  tables: PricingTables,
  q: ProfessionalQuery,
  base: PricedServiceInternal,
  localityFor: (year: number) => ResolvedLocality,
  carriedFlags: PricingFlag[],
): PricedServiceInternal {
  const flags: PricingFlag[] = [...carriedFlags];
  const choice = chooseYear(tables, 'anesthesia', q.date, flags);
  const out: PricedServiceInternal = { ...base, flags, method: 'NONE', mpfsFacts: null };
  if (choice.year === null) {
    flags.push(flag(FLAG.manualPricing, 'review', 'No anesthesia conversion factors are loaded.'));
    out.explanation = `${q.code} is an anesthesia service; no anesthesia tables, manual pricing needed.`;
    return out;
  }
  const year = choice.year;
  const t = tables.anesthesia(year)!;
  const loc = localityFor(year);
  out.year = year;
  out.release = t.file.meta.release;
  out.locality = loc.locality;
  out.localityAssumed = loc.assumed;
  const baseUnits = t.file.baseUnits[q.code];
  if (baseUnits === undefined) {
    flags.push(flag(FLAG.codeNotFound, 'review', `${q.code} has no anesthesia base units in the CMS list; no Medicare amount.`));
    out.formula = { schedule: 'ANESTHESIA', baseUnits: null };
    out.explanation = `${q.code}: no anesthesia base units on file; manual pricing needed.`;
    return out;
  }
  const li = loc.key ? t.indexOf.get(loc.key) : undefined;
  const cf = li === undefined ? t.file.nationalCf : t.file.cf[li]!;
  if (loc.key && li === undefined) {
    flags.push(flag(FLAG.localityNotInYear, 'warning', `Locality ${loc.key} has no ${year} anesthesia CF; the national CF was used.`));
  }
  if (t.file.derivedLocalityCfs && li !== undefined) {
    flags.push(
      flag(
        FLAG.derivedRate,
        'warning',
        `CMS's ${year} locality anesthesia CF file is not on hand: the CF ${scaledToString(cf, 4).replace(/0{1,2}$/, '')} was derived from the ${year} GPCIs and national CF (${t.file.meta.notes[0] ?? ''}).`,
      ),
    );
  }
  const medicalDirection = q.modifiers.find((m) => HALF.has(m));
  const supervision = q.modifiers.includes('AD');
  if (q.unitBasis && q.unitBasis !== 'MJ') {
    flags.push(flag(FLAG.modifierReview, 'info', `Anesthesia time is billed in minutes; the ${q.units} ${q.unitBasis} on the line were read as minutes.`));
  }
  const minutes = supervision ? 0 : q.units;
  const timeTenths = anesthesiaTimeTenths(minutes);
  const baseTenths = (supervision ? 3 : baseUnits) * 10;
  if (supervision) {
    flags.push(flag(FLAG.modifierReview, 'review', 'Modifier AD (medical supervision of more than four concurrent cases): 3 base units, plus 1 if present at induction.'));
  }
  const fullCents = anesthesiaCents(baseTenths + timeTenths, cf);
  const factor = medicalDirection ? 5000 : 10000;
  const benchmarkCents = divRound(fullCents * factor, 10000);
  out.method = 'ANESTHESIA';
  out.benchmarkCents = benchmarkCents;
  out.formula = {
    schedule: 'ANESTHESIA',
    baseUnits: baseTenths / 10,
    minutes,
    timeUnits: timeTenths / 10,
    totalUnits: (baseTenths + timeTenths) / 10,
    anesthesiaCf: scaledToNumber(cf, 4),
    anesthesiaCfBasis: li === undefined ? 'national' : 'locality',
    unitsCents: fullCents,
    modifierFactor: factor / 10000,
    medicalDirection: medicalDirection ?? null,
  };
  const where = loc.locality ? `carrier ${loc.locality.carrier} locality ${loc.locality.locality}${loc.locality.name ? ` (${loc.locality.name})` : ''}` : 'national';
  out.explanation =
    `${year} anesthesia, ${where}: (${baseTenths / 10} base + ${(timeTenths / 10).toFixed(1)} time units [${minutes} min / 15]) x ${scaledToString(cf, 4).replace(/0{1,2}$/, '')} = ${dollars(fullCents)}` +
    (medicalDirection ? `, x 50% (medical direction, ${medicalDirection}) = ${dollars(benchmarkCents)}.` : '.');
  return out;
}
