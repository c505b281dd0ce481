// Medicare Physician Fee Schedule amounts: ((work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)) x CF,
// with facility or non-facility PE, PC/TC rows, modifier factors, the OPPS imaging cap and units. Exact integer math:
// RVUs in hundredths x GPCIs in thousandths x CF in ten-thousandths = 1e-7 cents, rounded half up to the cent as CMS
// publishes (99213 national non-facility: 2.75 x 32.3465 = 88.952875 -> $88.95).
import type { PricingFlag } from '../model/pricing.ts';
import type { MpfsTable, PricingTables } from './pricing-tables.ts';
import type { ResolvedLocality } from './locality.ts';
import type { FormulaValue, MpfsLineFacts } from './service-price.ts';
import { mpfsStatus } from './mpfs-status.ts';
import { FLAG, flag } from './flags.ts';
import { divRound, dollars, scaledToNumber, scaledToString } from './decimal-format.ts';

const NATIONAL = 1000;
const SCALE_TO_CENTS = 10_000_000; // hundredths x thousandths x ten-thousandths = 1e-9 dollars = 1e-7 cents

/** GPCI triple in thousandths for a resolved locality (1.000 on the national basis). */
export function gpciOf(tables: PricingTables, year: number, loc: ResolvedLocality): [number, number, number] {
  const gpci = tables.gpci(year);
  if (!gpci || loc.gpciIndex < 0) return [NATIONAL, NATIONAL, NATIONAL];
  const f = gpci.file;
  return [f.work[loc.gpciIndex]!, f.pe[loc.gpciIndex]!, f.mp[loc.gpciIndex]!];
}

/** The fee schedule amount in cents for one row: the hot path (no allocation). */
export function mpfsRowCents(t: MpfsTable, row: number, facility: boolean, gw: number, gpe: number, gmp: number, cf: number): number {
  const f = t.file;
  const pe = facility ? f.peF[row]! : f.peNf[row]!;
  const s = f.work[row]! * gw + pe * gpe + f.mp[row]! * gmp;
  return Math.floor((s * cf + SCALE_TO_CENTS / 2) / SCALE_TO_CENTS);
}

/** The OPPS-based cap for a row (DRA 2005 s.5102(b)) in cents, or -1 when the row has no OPPS cap values. */
export function oppsCapRowCents(t: MpfsTable, row: number, facility: boolean, gw: number, gpe: number, gmp: number, cf: number): number {
  const cap = t.file.oppsCap[String(row)];
  if (!cap) return -1;
  const s = t.file.work[row]! * gw + (facility ? cap[1] : cap[0]) * gpe + cap[2] * gmp;
  return Math.floor((s * cf + SCALE_TO_CENTS / 2) / SCALE_TO_CENTS);
}

export interface MpfsQuery {
  code: string;
  modifiers: readonly string[];
  units: number;
  facility: boolean;
  year: number;
  locality: ResolvedLocality;
}

export interface MpfsOutcome {
  /** 'MPFS' when the schedule gives the amount (possibly 0 for bundled codes); 'NONE' when it gives none. */
  method: 'MPFS' | 'NONE';
  benchmarkCents: number | null;
  /** Status kind, so the caller can try another schedule (anesthesia, lab, DME) for J and X codes. */
  statusKind: ReturnType<typeof mpfsStatus>['kind'] | 'not-found';
  formula: Record<string, FormulaValue>;
  flags: PricingFlag[];
  explanation: string;
  facts: MpfsLineFacts | null;
}

const PCTC_MODS = new Set(['26', 'TC']);
const ASSISTANT = new Map([
  ['80', 1600],
  ['81', 1600],
  ['82', 1600],
  ['AS', 1360],
]);

/** Prices one code on the MPFS of `year` (the caller picked the year and resolved the locality for it). */
export function priceMpfs(tables: PricingTables, q: MpfsQuery): MpfsOutcome {
  const t = tables.mpfs(q.year)!;
  const cfTable = tables.conversionFactors(q.year);
  const cf = cfTable?.mpfs ?? t.file.cf;
  const flags: PricingFlag[] = [];
  const formula: Record<string, FormulaValue> = {};
  const base = t.rowOf.get(q.code);
  if (base === undefined) {
    return {
      method: 'NONE',
      benchmarkCents: null,
      statusKind: 'not-found',
      formula: { status: null },
      flags: [flag(FLAG.codeNotFound, 'review', `${q.code} is not on the ${q.year} Medicare Physician Fee Schedule.`)],
      explanation: `${q.code} is not on the ${q.year} MPFS; no Medicare amount.`,
      facts: null,
    };
  }
  const f = t.file;
  const pctc = f.pctc[base]!;
  let row = base;
  let componentMod: string | null = null;
  for (const m of q.modifiers) {
    if (PCTC_MODS.has(m)) {
      const modRow = t.rowOf.get(`${q.code}|${m}`);
      const allowed = pctc === '1' || (pctc === '6' && m === '26');
      if (allowed && modRow !== undefined) {
        row = modRow;
        componentMod = m;
      } else {
        flags.push(
          flag(
            FLAG.modifierInvalid,
            'review',
            `Modifier ${m} is not valid with ${q.code} (PC/TC indicator ${pctc}: ${pctc === '0' ? 'physician service, no professional/technical split' : 'no separate component'}); the global amount was used.`,
          ),
        );
      }
    } else if (m === '53') {
      const modRow = t.rowOf.get(`${q.code}|53`);
      if (modRow !== undefined) row = modRow;
      else {
        return none(q, formulaIndicators(t, base, formula), [
          ...flags,
          flag(FLAG.modifierReview, 'review', `Modifier 53 (discontinued) on ${q.code}: Medicare prices it by individual consideration; no fee schedule amount.`),
        ], 'payable');
      }
    }
  }
  formulaIndicators(t, row, formula);
  if (componentMod) formula.component = componentMod;
  const status = f.status[row]!;
  const meaning = mpfsStatus(status);

  if (meaning.kind === 'bundled') {
    flags.push(flag(FLAG.bundled, 'warning', `${q.code} has MPFS status ${status} (${meaning.meaning}); Medicare pays $0.00 for it separately.`));
    return {
      method: 'MPFS',
      benchmarkCents: 0,
      statusKind: meaning.kind,
      formula,
      flags,
      explanation: `${q.code}: MPFS status ${status}, ${meaning.meaning}; benchmark $0.00.`,
      facts: null,
    };
  }
  if (meaning.kind !== 'payable') {
    const severity = meaning.kind === 'anesthesia' || meaning.kind === 'excluded' ? 'info' : 'review';
    const code = meaning.kind === 'contractor-priced' ? FLAG.contractorPriced : FLAG.notPayable;
    let capNote = '';
    if (meaning.kind === 'contractor-priced' && q.locality.key) {
      const published = tables.oppsCap(q.year)?.byKey.get(componentMod ? `${q.code}-${componentMod}` : q.code)?.get(q.locality.key);
      if (published) {
        const capCents = q.facility ? published[0] : published[1];
        formula.oppsCapCents = capCents;
        capNote = ` (CMS caps the contractor price at ${dollars(capCents)}, the OPPS-based amount)`;
      }
    }
    flags.push(flag(code, severity, `${q.code} has MPFS status ${status}: ${meaning.meaning}; no fee schedule amount${capNote}.`));
    return none(q, formula, flags, meaning.kind);
  }

  const [gw, gpe, gmp] = gpciOf(tables, q.year, q.locality);
  const facility = q.facility;
  const pe = facility ? f.peF[row]! : f.peNf[row]!;
  const feeCents = mpfsRowCents(t, row, facility, gw, gpe, gmp, cf);
  if (status === 'R' && f.work[row] === 0 && pe === 0 && f.mp[row] === 0) {
    flags.push(flag(FLAG.contractorPriced, 'review', `${q.code} has MPFS status R (${MPFS_R}) and no RVUs; no fee schedule amount.`));
    return none(q, formula, flags, 'contractor-priced');
  }
  Object.assign(formula, {
    peSetting: facility ? 'facility' : 'non-facility',
    workRvu: scaledToNumber(f.work[row]!, 2),
    peRvu: scaledToNumber(pe, 2),
    mpRvu: scaledToNumber(f.mp[row]!, 2),
    workGpci: scaledToNumber(gw, 3),
    peGpci: scaledToNumber(gpe, 3),
    mpGpci: scaledToNumber(gmp, 3),
    conversionFactor: scaledToNumber(cf, 4),
    feeScheduleCents: feeCents,
  });
  if ((facility ? f.naF[row] : f.naNf[row]) === '1') {
    flags.push(
      flag(FLAG.facilityNa, 'info', `${q.code} is rarely or never performed in the ${facility ? 'facility' : 'non-facility'} setting (NA in the RVU file); the file's PE RVU was used.`),
    );
  }

  // OPPS imaging cap: the lower of the MPFS amount and the OPPS-based amount.
  let unitCents = feeCents;
  const capCents = oppsCapRowCents(t, row, facility, gw, gpe, gmp, cf);
  if (capCents >= 0) {
    formula.oppsCapCents = capCents;
    formula.oppsCapApplied = capCents < feeCents;
    if (capCents < feeCents) {
      unitCents = capCents;
      flags.push(flag(FLAG.oppsCapApplied, 'info', `The OPPS imaging cap applies: ${dollars(capCents)} (OPPS-based) instead of ${dollars(feeCents)}.`));
    }
  }

  // Modifier factors (ten-thousandths): bilateral, assistant at surgery, co-surgeons, team surgery.
  let factor = 10000;
  const factorParts: string[] = [];
  for (const m of q.modifiers) {
    if (m === '50') {
      const ind = f.bilat[row]!;
      const pct = ind === '1' ? 15000 : ind === '3' ? 20000 : 10000;
      if (ind === '9') flags.push(flag(FLAG.modifierInvalid, 'review', `Modifier 50 with ${q.code}: the bilateral concept does not apply (indicator 9).`));
      factor = (factor * pct) / 10000;
      factorParts.push(`bilateral ind ${ind}: ${pct / 100}%`);
      if (q.units > 1) flags.push(flag(FLAG.modifierReview, 'warning', `Modifier 50 with ${q.units} units: a bilateral procedure is one unit.`));
    } else if (ASSISTANT.has(m)) {
      const ind = f.asst[row]!;
      let pct = ASSISTANT.get(m)!;
      if (ind === '1' || ind === '9') {
        pct = 0;
        flags.push(flag(FLAG.notPayable, 'review', `Modifier ${m}: assistant at surgery is not paid for ${q.code} (assistant indicator ${ind}).`));
      } else if (ind === '0') {
        flags.push(flag(FLAG.modifierReview, 'review', `Modifier ${m}: assistant at surgery for ${q.code} is paid only with documentation of medical necessity (indicator 0).`));
      }
      factor = (factor * pct) / 10000;
      factorParts.push(`assistant (${m}) ind ${ind}: ${pct / 100}%`);
    } else if (m === '62') {
      const ind = f.cosurg[row]!;
      let pct = 6250;
      if (ind === '0' || ind === '9') {
        pct = 0;
        flags.push(flag(FLAG.notPayable, 'review', `Modifier 62: co-surgeons are not permitted for ${q.code} (co-surgeon indicator ${ind}).`));
      } else if (ind === '1') {
        flags.push(flag(FLAG.modifierReview, 'review', `Modifier 62: co-surgeons for ${q.code} need documentation of medical necessity (indicator 1).`));
      }
      factor = (factor * pct) / 10000;
      factorParts.push(`co-surgeon ind ${ind}: ${pct / 100}%`);
    } else if (m === '66') {
      flags.push(flag(FLAG.modifierReview, 'review', `Modifier 66 (team surgery, indicator ${f.team[row]}): paid by report; no fee schedule amount.`));
      return none(q, formula, flags, 'contractor-priced');
    }
  }
  const adjustedUnit = divRound(unitCents * factor, 10000);
  const benchmarkCents = Math.round(adjustedUnit * q.units);
  if (factor !== 10000) {
    formula.modifierFactor = factor / 10000;
    formula.modifierAdjustment = factorParts.join('; ');
  }
  formula.unitCents = adjustedUnit;
  formula.units = q.units;
  formula.nonParticipatingCents = divRound(benchmarkCents * 95, 100);
  formula.limitingChargeCents = divRound(benchmarkCents * 10925, 10000);

  const where = q.locality.locality
    ? `carrier ${q.locality.locality.carrier} locality ${q.locality.locality.locality}${q.locality.locality.name ? ` (${q.locality.locality.name})` : ''}`
    : 'national basis';
  const math = `(${scaledToString(f.work[row]!, 2)} x ${scaledToString(gw, 3)} + ${scaledToString(pe, 2)} x ${scaledToString(gpe, 3)} + ${scaledToString(f.mp[row]!, 2)} x ${scaledToString(gmp, 3)}) x ${scaledToString(cf, 4)} = ${dollars(feeCents)}`;
  let explanation = `${q.year} MPFS ${facility ? 'facility' : 'non-facility'} rate, ${where}: ${math}`;
  if (unitCents !== feeCents) explanation += `, capped at the OPPS amount ${dollars(unitCents)}`;
  if (factor !== 10000) explanation += `, x ${factor / 100}% (${factorParts.join('; ')})`;
  if (q.units !== 1) explanation += `, x ${q.units} units`;
  explanation += unitCents !== feeCents || factor !== 10000 || q.units !== 1 ? ` = ${dollars(benchmarkCents)}.` : '.';

  const peShare = divRound(pe * gpe * cf, SCALE_TO_CENTS);
  // Professional / technical parts for the imaging and diagnostic-test reductions: each component row's own amount
  // (after the OPPS cap, which applies to the TC), scaled by the line's modifier factor.
  const pcRow = t.rowOf.get(`${q.code}|26`);
  const tcRow = t.rowOf.get(`${q.code}|TC`);
  const rowAmount = (r: number) => {
    const fee = mpfsRowCents(t, r, facility, gw, gpe, gmp, cf);
    const c = oppsCapRowCents(t, r, facility, gw, gpe, gmp, cf);
    return divRound((c >= 0 && c < fee ? c : fee) * factor, 10000);
  };
  let unitPcCents: number | null = null;
  let unitTcCents: number | null = null;
  if (componentMod === '26') unitPcCents = adjustedUnit;
  else if (componentMod === 'TC') unitTcCents = adjustedUnit;
  else if (pcRow !== undefined && tcRow !== undefined) {
    unitPcCents = rowAmount(pcRow);
    unitTcCents = rowAmount(tcRow);
  }
  const endoBase = f.endo[String(row)] ?? null;
  const endoRow = endoBase ? t.rowOf.get(endoBase) : undefined;
  return {
    method: 'MPFS',
    benchmarkCents,
    statusKind: meaning.kind,
    formula,
    flags,
    explanation,
    facts: {
      row,
      status,
      mult: f.mult[row]!,
      endoBase,
      imgFamily: f.imgFamily.slice(row * 2, row * 2 + 2),
      unitCents: adjustedUnit,
      unitPeCents: divRound(peShare * factor, 10000),
      unitPcCents,
      unitTcCents,
      endoBaseUnitCents: endoRow === undefined ? null : divRound(mpfsRowCents(t, endoRow, facility, gw, gpe, gmp, cf) * factor, 10000),
      modifierFactor: factor,
    },
  };
}

const MPFS_R = 'restricted coverage';

function formulaIndicators(t: MpfsTable, row: number, formula: Record<string, FormulaValue>): Record<string, FormulaValue> {
  const f = t.file;
  formula.status = f.status[row]!;
  formula.pctcIndicator = f.pctc[row]!;
  formula.globalDays = f.glob.slice(row * 3, row * 3 + 3).trim();
  formula.multipleProcedureIndicator = f.mult[row]!;
  formula.bilateralIndicator = f.bilat[row]!;
  formula.assistantIndicator = f.asst[row]!;
  formula.coSurgeonIndicator = f.cosurg[row]!;
  formula.teamSurgeryIndicator = f.team[row]!;
  return formula;
}

function none(q: MpfsQuery, formula: Record<string, FormulaValue>, flags: PricingFlag[], kind: MpfsOutcome['statusKind']): MpfsOutcome {
  const reason = flags[flags.length - 1]?.message ?? 'no fee schedule amount';
  return { method: 'NONE', benchmarkCents: null, statusKind: kind, formula, flags, explanation: `${q.code}: ${reason}`, facts: null };
}
