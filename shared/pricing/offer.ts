// Turns a line's benchmark into an offer under the client's first matching rule, recording every step it took.
import type { ClaimType } from '../model/bill.ts';
import type { PricingFlag, PricingMethod } from '../model/pricing.ts';
import type { ClientOfferRules, OfferRule } from './offer-rules.ts';
import type { FormulaValue } from './service-price.ts';
import { divRound, dollars } from './decimal-format.ts';
import { FLAG, flag } from './flags.ts';

export interface OfferInput {
  benchmarkCents: number | null;
  chargeCents: number;
  method: PricingMethod;
  claimType: ClaimType;
  code: string | null;
}

export interface OfferOutcome {
  offerCents: number | null;
  rule: { id: string; description: string } | null;
  steps: Record<string, FormulaValue>;
  flags: PricingFlag[];
  /** Words for the explanation ("140% of Medicare (MPFS) = $124.53"). */
  summary: string;
}

export function findRule(client: ClientOfferRules, input: OfferInput): OfferRule | null {
  for (const rule of client.rules) {
    const w = rule.when;
    if (w.claimType && w.claimType !== input.claimType) continue;
    if (w.methods && !w.methods.includes(input.method)) continue;
    if (w.codePrefixes && !(input.code && w.codePrefixes.some((p) => input.code!.startsWith(p)))) continue;
    return rule;
  }
  return null;
}

/** Percent with up to two decimals applied to cents, half up. */
export function percentOf(cents: number, percent: number): number {
  return divRound(cents * Math.round(percent * 100), 10000);
}

export function applyOffer(client: ClientOfferRules, input: OfferInput): OfferOutcome {
  const steps: Record<string, FormulaValue> = {};
  const flags: PricingFlag[] = [];
  const charge = input.chargeCents;
  if (input.benchmarkCents === null) {
    const policy = client.noBenchmark;
    if (policy.action === 'manual') {
      flags.push(flag(FLAG.manualPricing, 'review', 'No Medicare benchmark and the client prices such lines by hand.'));
      return { offerCents: null, rule: null, steps, flags, summary: 'no benchmark: manual pricing' };
    }
    steps.offerRuleId = policy.id;
    steps.percentOfBilled = policy.percentOfBilled;
    const offer = finish(client, percentOf(charge, policy.percentOfBilled), charge, steps);
    flags.push(flag(FLAG.fallbackPriced, 'warning', `No Medicare benchmark: offered ${policy.description} (${dollars(offer)}).`));
    return { offerCents: offer, rule: { id: policy.id, description: policy.description }, steps, flags, summary: `${policy.description} = ${dollars(offer)}` };
  }
  const rule = findRule(client, input);
  if (!rule) {
    flags.push(flag(FLAG.manualPricing, 'review', `No offer rule of client "${client.name}" matches a ${input.claimType} ${input.method} line.`));
    return { offerCents: null, rule: null, steps, flags, summary: 'no matching offer rule' };
  }
  const b = input.benchmarkCents;
  const basis = rule.basis === 'non-participating' ? divRound(b * 95, 100) : rule.basis === 'limiting-charge' ? divRound(b * 10925, 10000) : b;
  steps.offerRuleId = rule.id;
  steps.offerBasis = rule.basis;
  steps.offerBasisCents = basis;
  steps.percentOfBenchmark = rule.percentOfBenchmark;
  let offer = percentOf(basis, rule.percentOfBenchmark);
  steps.offerBeforeLimitsCents = offer;
  const floors: [number | undefined, string][] = [
    [rule.floorCents, 'floor'],
    [rule.floorPercentOfBilled === undefined ? undefined : percentOf(charge, rule.floorPercentOfBilled), 'floor (share of billed)'],
  ];
  for (const [floor, name] of floors) {
    if (floor !== undefined && offer < floor) {
      offer = floor;
      steps.floorApplied = name;
    }
  }
  const caps: [number | undefined, string][] = [
    [rule.capCents, 'cap'],
    [rule.capPercentOfBilled === undefined ? undefined : percentOf(charge, rule.capPercentOfBilled), 'cap (share of billed)'],
  ];
  for (const [cap, name] of caps) {
    if (cap !== undefined && offer > cap) {
      offer = cap;
      steps.capApplied = name;
    }
  }
  offer = finish(client, offer, charge, steps);
  return { offerCents: offer, rule: { id: rule.id, description: rule.description }, steps, flags, summary: `${rule.description} = ${dollars(offer)}` };
}

/** Rounding, prompt-pay discount and the billed ceiling, in that order. */
function finish(client: ClientOfferRules, offerIn: number, charge: number, steps: Record<string, FormulaValue>): number {
  let offer = offerIn;
  if (client.rounding === 'dollar-down') offer = Math.floor(offer / 100) * 100;
  else if (client.rounding === 'dollar-nearest') offer = divRound(offer, 100) * 100;
  if (client.rounding !== 'cent') steps.rounding = client.rounding;
  if (client.promptPay) {
    const discount = percentOf(offer, client.promptPay.discountPercent);
    offer -= discount;
    steps.promptPayDiscountCents = discount;
    steps.promptPayWithinDays = client.promptPay.withinDays;
  }
  if (client.neverAboveBilled && charge >= 0 && offer > charge) {
    offer = charge;
    steps.cappedAtBilled = true;
  }
  return offer;
}
