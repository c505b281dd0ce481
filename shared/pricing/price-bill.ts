// Prices a whole bill: each line against its benchmark (MPFS, anesthesia, lab, DME for professional claims; OPPS
// for outpatient facility claims; inpatient without DRG weights falls back), then same-day reductions, the client's
// offer rule, and the audit flags. Pure: same bill, tables, rules and `now` give the same result.
import type { Bill, ServiceLine } from '../model/bill.ts';
import type { LinePricing, PricedBill, PricingFlag } from '../model/pricing.ts';
import type { PricingTables } from './pricing-tables.ts';
import type { OfferRules } from './offer-rules.ts';
import { clientRules } from './offer-rules.ts';
import type { PricedServiceInternal } from './service-price.ts';
import { priceProfessional, localityFlags } from './price-professional.ts';
import { priceOpps, oppsStatusOf } from './opps.ts';
import { billLocality } from './bill-locality.ts';
import { multipleProcedureReductions, type ProcedureLine } from './multiple-procedures.ts';
import { applyOffer } from './offer.ts';
import { auditBill, lineDate } from './audit.ts';
import { normalizeCode, normalizeModifiers } from './codes.ts';
import { FLAG, flag } from './flags.ts';
import { divRound, dollars } from './decimal-format.ts';
import { yearOfDate } from './year-choice.ts';
import { methodSummary } from './method-summary.ts';

export interface PriceBillContext {
  tables: PricingTables;
  rules: OfferRules;
  clientId?: string;
  now?: Date;
}

export type InstitutionalSetting = 'outpatient' | 'inpatient' | 'other';

/** 0131 / 131 / 13 -> outpatient; 011x -> inpatient. */
export function institutionalSetting(typeOfBill: string | null): { setting: InstitutionalSetting; typeOfBill: string | null } {
  const digits = (typeOfBill ?? '').replace(/\D/g, '').replace(/^0(?=\d{3})/, '');
  const facilityAndClass = digits.slice(0, 2);
  if (facilityAndClass === '11') return { setting: 'inpatient', typeOfBill: digits };
  if (['12', '13', '14'].includes(facilityAndClass)) return { setting: 'outpatient', typeOfBill: digits };
  return { setting: digits ? 'other' : 'outpatient', typeOfBill: digits || null };
}

const INJECTION_BUNDLE_STATUS = new Set(['A', 'R']);

export function priceBill(bill: Bill, context: PriceBillContext): PricedBill {
  const { tables } = context;
  const { client } = clientRules(context.rules, context.clientId);
  const localityFor = billLocality(bill, tables);
  const billFlags: PricingFlag[] = [];
  const isTotalLine = (l: ServiceLine) => l.revenueCode === '0001';
  const lines = bill.lines;

  const inst = bill.claimType === 'institutional' ? institutionalSetting(bill.typeOfBill) : null;
  if (inst && !inst.typeOfBill) {
    billFlags.push(flag(FLAG.invalidInput, 'warning', 'No type of bill on this institutional claim; priced as hospital outpatient (13x).'));
  }
  const claimIndicators = new Set<string>();
  if (inst?.setting === 'outpatient') {
    for (const l of lines) {
      const si = oppsStatusOf(tables, l.code ? normalizeCode(l.code) : null, lineDate(bill, l));
      if (si) claimIndicators.add(si);
    }
  }

  const priced: PricedServiceInternal[] = lines.map((line) => {
    const code = line.code ? normalizeCode(line.code) : null;
    const modifiers = normalizeModifiers(line.modifiers);
    const date = lineDate(bill, line);
    const carried: PricingFlag[] = [];
    let units = line.units;
    if (!(units > 0)) {
      carried.push(flag(FLAG.invalidInput, 'warning', `Line ${line.lineNumber} has ${units} units; priced as 1.`));
      units = 1;
    }
    const blank: PricedServiceInternal = {
      code: code ?? '',
      modifiers,
      units,
      method: 'NONE',
      year: null,
      requestedYear: yearOfDate(date),
      release: null,
      locality: null,
      localityAssumed: false,
      facility: bill.claimType === 'institutional' ? true : null,
      placeOfService: line.placeOfService ?? bill.placeOfService,
      benchmarkCents: null,
      formula: {},
      flags: carried,
      explanation: '',
      mpfsFacts: null,
    };
    if (isTotalLine(line)) {
      return { ...blank, flags: [flag('TOTAL_LINE', 'info', 'Revenue code 0001 is the total line, not a service.')], explanation: 'Total line (revenue code 0001); not priced.' };
    }
    if (bill.claimType === 'professional') {
      if (!code) {
        return { ...blank, flags: [...carried, flag(FLAG.noCode, 'review', 'No procedure code on a professional line.')], explanation: 'No procedure code; no benchmark.' };
      }
      const p = priceProfessional(
        tables,
        { code, modifiers, units, unitBasis: line.unitBasis, date, placeOfService: line.placeOfService ?? bill.placeOfService },
        localityFor,
      );
      p.flags.unshift(...carried);
      return p;
    }
    if (inst!.setting === 'inpatient') {
      return {
        ...blank,
        flags: [
          ...carried,
          flag(
            FLAG.inpatientNoDrg,
            'warning',
            bill.drg
              ? `Inpatient claim with DRG ${bill.drg}, but MS-DRG weights are not on hand; the configured fallback applies.`
              : 'Inpatient claim (type of bill 11x) without DRG weights on hand; the configured fallback applies.',
          ),
        ],
        formula: { schedule: 'IPPS', drg: bill.drg, typeOfBill: inst!.typeOfBill },
        explanation: 'Inpatient (IPPS) benchmark needs MS-DRG weights, which are not on hand.',
      };
    }
    if (inst!.setting === 'other') {
      return {
        ...blank,
        flags: [...carried, flag(FLAG.manualPricing, 'warning', `Type of bill ${inst!.typeOfBill} is neither hospital inpatient (11x) nor outpatient (12x-14x); no Medicare benchmark method here.`)],
        formula: { typeOfBill: inst!.typeOfBill },
        explanation: `Type of bill ${inst!.typeOfBill}: no benchmark method.`,
      };
    }
    const loc = localityFor(tables.pickYear('opps', yearOfDate(date)).year ?? 0);
    const o = priceOpps(tables, { code, modifiers, units, date, revenueCode: line.revenueCode }, blank, loc, { has: claimIndicators }, carried);
    if (o.method === 'DMEPOS') o.flags.push(...localityFlags(loc));
    return o;
  });

  applyMpfsBillRules(bill, lines, priced);
  applyOppsDiscounting(priced, lines);

  const benchmarks = priced.map((p) => p.benchmarkCents);
  const audit = auditBill(
    bill,
    lines,
    benchmarks,
    tables,
    client.chargeAboveBenchmarkMultiple,
  );
  billFlags.push(...audit.billFlags);

  const out: LinePricing[] = priced.map((p, i) => {
    const line = lines[i]!;
    const total = isTotalLine(line);
    const offer = total
      ? null
      : applyOffer(client, { benchmarkCents: p.benchmarkCents, chargeCents: line.chargeCents, method: p.method, claimType: bill.claimType, code: p.code || null });
    const method = offer && p.benchmarkCents === null && offer.offerCents !== null ? 'FALLBACK' : p.method;
    const flags = p.flags;
    if (offer) for (const f of offer.flags) flags.push(f);
    for (const f of audit.lineFlags[i]!) flags.push(f);
    const formula = p.formula;
    if (offer) Object.assign(formula, offer.steps);
    return {
      lineNumber: line.lineNumber,
      method,
      year: p.year,
      release: p.release,
      locality: p.locality,
      localityAssumed: p.localityAssumed,
      facility: p.facility,
      benchmarkCents: p.benchmarkCents,
      offerCents: offer?.offerCents ?? null,
      rule: offer?.rule ?? null,
      formula,
      flags,
      explanation: offer ? `${p.explanation} Offer: ${offer.summary}.` : p.explanation,
    };
  });

  let chargeCents = 0;
  let benchmarkCents = 0;
  let offerCents = 0;
  let unpriced = 0;
  out.forEach((l, i) => {
    if (isTotalLine(lines[i]!)) return;
    chargeCents += lines[i]!.chargeCents;
    benchmarkCents += l.benchmarkCents ?? 0;
    if (l.offerCents === null) unpriced++;
    else offerCents += l.offerCents;
  });

  return {
    lines: out,
    totals: { chargeCents, benchmarkCents, offerCents, unpricedLines: unpriced },
    flags: billFlags,
    methodSummary: methodSummary(out),
    pricedAt: (context.now ?? new Date(0)).toISOString(),
  };
}

/** Same-day multiple procedure reductions and injection (status T) bundling across professional MPFS lines. */
function applyMpfsBillRules(bill: Bill, lines: readonly ServiceLine[], priced: PricedServiceInternal[]): void {
  if (bill.claimType !== 'professional') return;
  const procedures: ProcedureLine[] = [];
  const payableDays = new Set<string>();
  priced.forEach((p, i) => {
    const facts = p.mpfsFacts;
    if (!facts || p.benchmarkCents === null) return;
    const line = lines[i]!;
    const date = lineDate(bill, line) ?? '';
    const provider = line.renderingNpi ?? '';
    const role = p.modifiers.some((m) => ['80', '81', '82', 'AS'].includes(m)) ? 'assistant' : p.modifiers.includes('62') ? 'co-surgeon' : 'primary';
    if (INJECTION_BUNDLE_STATUS.has(facts.status)) payableDays.add(`${date}|${provider}`);
    procedures.push({ index: i, group: `${date}|${provider}|${role}`, units: p.units, facts });
  });
  for (const r of multipleProcedureReductions(procedures)) {
    const p = priced[r.index]!;
    const before = p.benchmarkCents!;
    p.benchmarkCents = r.benchmarkCents;
    p.formula.multipleProcedureAdjustment = r.note;
    p.formula.beforeMultipleProcedureCents = before;
    p.flags.push(flag(FLAG.multipleProcedure, 'info', `Same-day multiple procedure rules: ${r.note}; ${dollars(before)} -> ${dollars(r.benchmarkCents)}.`));
    p.explanation += ` Multiple procedure rules (${r.note}): ${dollars(r.benchmarkCents)}.`;
  }
  priced.forEach((p, i) => {
    if (p.mpfsFacts?.status !== 'T' || p.benchmarkCents === null) return;
    const line = lines[i]!;
    const key = `${lineDate(bill, line) ?? ''}|${line.renderingNpi ?? ''}`;
    if (!payableDays.has(key)) return;
    p.formula.beforeInjectionBundlingCents = p.benchmarkCents;
    p.benchmarkCents = 0;
    p.flags.push(flag(FLAG.bundled, 'warning', `${p.code} (status T) is bundled: another fee-schedule service was billed the same day.`));
    p.explanation += ' Bundled (status T with another service the same day): $0.00.';
  });
}

/** OPPS status T procedures on one claim: the highest paid in full, each further one at 50%. */
function applyOppsDiscounting(priced: PricedServiceInternal[], lines: readonly ServiceLine[]): void {
  const ts: { i: number; unit: number; units: number }[] = [];
  priced.forEach((p, i) => {
    if (p.method === 'OPPS' && p.formula.statusIndicator === 'T' && (p.benchmarkCents ?? 0) > 0) {
      ts.push({ i, unit: Math.round(p.benchmarkCents! / p.units), units: Math.max(1, Math.floor(p.units)) });
    }
  });
  if (ts.reduce((s, t) => s + t.units, 0) < 2) return;
  const instances = ts.flatMap((t) => Array.from({ length: t.units }, () => t)).sort((a, b) => b.unit - a.unit || a.i - b.i);
  const cut = new Map<number, number>();
  instances.forEach((t, rank) => {
    if (rank > 0) cut.set(t.i, (cut.get(t.i) ?? 0) + (t.unit - divRound(t.unit * 50, 100)));
  });
  for (const [i, cents] of cut) {
    const p = priced[i]!;
    const before = p.benchmarkCents!;
    p.benchmarkCents = before - cents;
    p.formula.beforeMultipleProcedureCents = before;
    p.formula.multipleProcedureAdjustment = 'OPPS status T: 50% after the highest-paid procedure';
    p.flags.push(flag(FLAG.multipleProcedure, 'info', `OPPS multiple procedure discount (status T): ${dollars(before)} -> ${dollars(p.benchmarkCents)}.`));
    p.explanation += ` OPPS multiple procedure discount: ${dollars(p.benchmarkCents)}.`;
  }
  void lines;
}
