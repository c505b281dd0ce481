// A negotiator's edit to an offer: new amounts for some lines, or a new total spread over the priced lines in
// proportion to their benchmarks, in whole cents that add up exactly, never above what a line billed.
import type { Bill } from '../model/bill.ts';
import type { OfferLineAmount } from '../model/case.ts';
import type { LinePricing, PricedBill, PricingFlag } from '../model/pricing.ts';
import { formatCents } from '../model/money.ts';
import { InvalidCaseInput } from './case-errors.ts';
// Plain JavaScript served to the console too, so its live preview is these very cents.
import { spreadTotal } from '../../web/assets/spread-total.js';

export type OfferEdit = { lines: OfferLineAmount[] } | { totalOfferCents: number };

export interface EditedOffer {
  pricing: PricedBill;
  lines: OfferLineAmount[];
  totalOfferCents: number;
}

export const OFFER_EDITED_FLAG = 'OFFER_EDITED';

/** The offer the pricing currently holds, line by line (priced lines only). */
export function offerAmounts(pricing: PricedBill): { lines: OfferLineAmount[]; totalOfferCents: number } {
  const lines = pricing.lines
    .filter((p) => p.benchmarkCents !== null && p.offerCents !== null)
    .map((p) => ({ lineNumber: p.lineNumber, offerCents: p.offerCents! }));
  return { lines, totalOfferCents: lines.reduce((sum, l) => sum + l.offerCents, 0) };
}

export function applyOfferEdit(caseId: string, bill: Bill, pricing: PricedBill, edit: OfferEdit): EditedOffer {
  const charges = new Map(bill.lines.map((l) => [l.lineNumber, l.chargeCents]));
  const priced = pricing.lines.filter((p) => p.benchmarkCents !== null);
  if (priced.length === 0) throw new InvalidCaseInput(caseId, 'offer', 'no line has a benchmark, so no line can carry an offer');
  const amounts = new Map(priced.map((p) => [p.lineNumber, p.offerCents ?? 0]));

  if ('lines' in edit) {
    if (edit.lines.length === 0) throw new InvalidCaseInput(caseId, 'lines', 'name at least one line');
    for (const { lineNumber, offerCents } of edit.lines) {
      const field = `line ${lineNumber}`;
      if (!charges.has(lineNumber)) throw new InvalidCaseInput(caseId, field, 'the bill has no such line');
      if (!amounts.has(lineNumber)) throw new InvalidCaseInput(caseId, field, 'the line has no benchmark and cannot carry an offer');
      if (!Number.isInteger(offerCents) || offerCents < 0) throw new InvalidCaseInput(caseId, field, 'an offer is a whole number of cents >= 0');
      const billed = charges.get(lineNumber)!;
      if (offerCents > billed) {
        throw new InvalidCaseInput(caseId, field, `the offer ${formatCents(offerCents)} is above what the line billed (${formatCents(billed)})`);
      }
      amounts.set(lineNumber, offerCents);
    }
  } else {
    const total = edit.totalOfferCents;
    if (!Number.isInteger(total) || total < 0) throw new InvalidCaseInput(caseId, 'totalOfferCents', 'a total is a whole number of cents >= 0');
    const caps = priced.map((p) => ({ lineNumber: p.lineNumber, weight: p.benchmarkCents!, cap: Math.max(0, charges.get(p.lineNumber) ?? 0) }));
    const billed = caps.reduce((sum, c) => sum + c.cap, 0);
    if (total > billed) {
      throw new InvalidCaseInput(caseId, 'totalOfferCents', `the offer ${formatCents(total)} is above what the priced lines billed (${formatCents(billed)})`);
    }
    for (const [lineNumber, cents] of spreadTotal(total, caps)) amounts.set(lineNumber, cents);
  }

  const lines = pricing.lines.map((p): LinePricing => {
    if (!amounts.has(p.lineNumber)) return p;
    const offerCents = amounts.get(p.lineNumber)!;
    if (offerCents === p.offerCents) return p;
    const before = p.flags.find((f) => f.code === OFFER_EDITED_FLAG);
    const was = before ? (/\(the rule gave (\$[\d,.]+)\)/.exec(before.message)?.[1] ?? null) : formatCents(p.offerCents ?? 0);
    const flag: PricingFlag = {
      code: OFFER_EDITED_FLAG,
      severity: 'info',
      message: `Offer set by a negotiator${was ? ` (the rule gave ${was})` : ''}.`,
    };
    return { ...p, offerCents, flags: [...p.flags.filter((f) => f.code !== OFFER_EDITED_FLAG), flag] };
  });
  const offerCents = sumOffers(lines);
  // Every line whose offer a negotiator has set, in this edit or an earlier one.
  const edited = lines.filter((l) => l.flags.some((f) => f.code === OFFER_EDITED_FLAG)).map((l) => l.lineNumber);
  const next: PricedBill = {
    ...pricing,
    lines,
    totals: { ...pricing.totals, offerCents },
    methodSummary: negotiatedSummary(pricing, offerCents, 'lines' in edit ? edited : null),
  };
  const current = offerAmounts(next);
  return { pricing: next, lines: current.lines, totalOfferCents: current.totalOfferCents };
}

const NEGOTIATED = / Negotiated: .*$/s;

/**
 * The method in words, with a last sentence saying how the negotiated offer relates to the benchmarks: a letter
 * never shows edited amounts under a rule they no longer follow. Replaces the sentence of an earlier edit.
 */
function negotiatedSummary(pricing: PricedBill, offerCents: number, editedLines: number[] | null): string {
  const base = pricing.methodSummary.replace(NEGOTIATED, '');
  const benchmark = pricing.lines.reduce((sum, p) => sum + (p.benchmarkCents ?? 0), 0);
  const share = benchmark > 0 ? ` is ${(Math.round((offerCents * 1000) / benchmark) / 10).toFixed(1)}% of the total benchmark (${formatCents(benchmark)})` : '';
  if (editedLines === null) {
    return `${base} Negotiated: the offer of ${formatCents(offerCents)}${share}, spread over the lines in proportion to their benchmarks and never above what a line billed.`;
  }
  const which = editedLines.length === 1 ? `line ${editedLines[0]}` : `lines ${editedLines.slice(0, -1).join(', ')} and ${editedLines.at(-1)}`;
  return `${base} Negotiated: the offer${editedLines.length ? ` for ${which}` : ''} was set in negotiation; the total offer of ${formatCents(offerCents)}${share}.`;
}

function sumOffers(lines: LinePricing[]): number {
  return lines.reduce((sum, p) => sum + (p.benchmarkCents !== null && p.offerCents !== null ? p.offerCents : 0), 0);
}
