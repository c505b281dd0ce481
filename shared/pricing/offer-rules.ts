// Each client's offer rules (TPA or plan): multipliers of the benchmark by claim type and method, floors and caps,
// never above billed, rounding, a prompt-pay discount, and what to do with lines that have no benchmark.
// Validated with zod; config/offer-rules.json holds the default client rules.
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { ClaimType } from '../model/bill.ts';
import { PricingMethod } from '../model/pricing.ts';

const Percent = z.number().nonnegative().max(10_000);

export const OfferRule = z
  .object({
    id: z.string().min(1),
    description: z.string().min(1),
    /** All given conditions must hold; an empty `when` matches every line. */
    when: z
      .object({
        claimType: ClaimType.optional(),
        methods: z.array(PricingMethod).min(1).optional(),
        /** Code prefixes ("99", "J") the rule is limited to. */
        codePrefixes: z.array(z.string().min(1)).min(1).optional(),
      })
      .strict()
      .default({}),
    /** Offer = benchmark x percentOfBenchmark / 100, before floor, cap and rounding. */
    percentOfBenchmark: Percent,
    /** Which Medicare amount the percentage applies to: the participating fee (default), the non-participating fee (95%) or the limiting charge (109.25%). */
    basis: z.enum(['participating', 'non-participating', 'limiting-charge']).default('participating'),
    floorCents: z.number().int().nonnegative().optional(),
    capCents: z.number().int().nonnegative().optional(),
    /** Never offer less than this share of the billed charge. */
    floorPercentOfBilled: Percent.optional(),
    /** Never offer more than this share of the billed charge. */
    capPercentOfBilled: Percent.optional(),
  })
  .strict();
export type OfferRule = z.infer<typeof OfferRule>;

export const NoBenchmarkPolicy = z.discriminatedUnion('action', [
  z.object({ action: z.literal('percent-of-billed'), id: z.string().min(1), description: z.string().min(1), percentOfBilled: Percent }).strict(),
  z.object({ action: z.literal('manual') }).strict(),
]);
export type NoBenchmarkPolicy = z.infer<typeof NoBenchmarkPolicy>;

export const ClientOfferRules = z
  .object({
    name: z.string().min(1),
    /** First matching rule wins. */
    rules: z.array(OfferRule).min(1),
    /** Lines with no Medicare benchmark (and inpatient claims without DRG weights). */
    noBenchmark: NoBenchmarkPolicy.default({ action: 'manual' }),
    neverAboveBilled: z.boolean().default(true),
    /** 'cent' keeps cents; 'dollar-down' / 'dollar-nearest' round each line's offer to whole dollars. */
    rounding: z.enum(['cent', 'dollar-down', 'dollar-nearest']).default('cent'),
    /** A discount taken from each offer for payment within `withinDays` of acceptance. */
    promptPay: z.object({ discountPercent: Percent, withinDays: z.number().int().positive() }).strict().nullable().default(null),
    /** Audit: flag charges above this multiple of the benchmark. */
    chargeAboveBenchmarkMultiple: z.number().positive().default(3),
  })
  .strict();
export type ClientOfferRules = z.infer<typeof ClientOfferRules>;

export const OfferRules = z
  .object({
    version: z.literal(1),
    defaultClient: z.string().min(1),
    clients: z.record(z.string().min(1), ClientOfferRules),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.clients[v.defaultClient]) {
      ctx.addIssue({ code: 'custom', path: ['defaultClient'], message: `no client "${v.defaultClient}" in clients` });
    }
  });
export type OfferRules = z.infer<typeof OfferRules>;

export const DEFAULT_OFFER_RULES: OfferRules = OfferRules.parse({
  version: 1,
  defaultClient: 'default',
  clients: {
    default: {
      name: 'Default rules',
      rules: [
        { id: 'professional-mpfs-140', description: '140% of Medicare (MPFS)', when: { claimType: 'professional', methods: ['MPFS'] }, percentOfBenchmark: 140 },
        { id: 'professional-anesthesia-140', description: '140% of Medicare (anesthesia)', when: { claimType: 'professional', methods: ['ANESTHESIA'] }, percentOfBenchmark: 140 },
        { id: 'lab-clfs-140', description: '140% of the Medicare lab fee schedule', when: { methods: ['CLFS'] }, percentOfBenchmark: 140 },
        { id: 'dme-dmepos-120', description: '120% of the Medicare DMEPOS fee schedule', when: { methods: ['DMEPOS'] }, percentOfBenchmark: 120 },
        { id: 'outpatient-opps-180', description: '180% of Medicare (OPPS)', when: { claimType: 'institutional', methods: ['OPPS'] }, percentOfBenchmark: 180 },
        { id: 'institutional-other-180', description: '180% of Medicare', when: { claimType: 'institutional' }, percentOfBenchmark: 180 },
        { id: 'other-140', description: '140% of Medicare', percentOfBenchmark: 140 },
      ],
      noBenchmark: { action: 'percent-of-billed', id: 'no-benchmark-50-billed', description: '50% of billed (no Medicare benchmark)', percentOfBilled: 50 },
      neverAboveBilled: true,
      rounding: 'cent',
      promptPay: null,
      chargeAboveBenchmarkMultiple: 3,
    },
  },
});

export class InvalidOfferRules extends Error {
  override readonly name = 'InvalidOfferRules';
  constructor(
    readonly path: string,
    readonly issues: readonly string[],
  ) {
    super(`offer rules ${path} are invalid: ${issues.join('; ')}`);
  }
}

/** Reads and validates an offer-rules file (the path, else env PARLEY_OFFER_RULES); with neither, the built-in
 * defaults, which config/offer-rules.json mirrors (a test keeps them equal). */
export function loadOfferRules(path?: string): OfferRules {
  path ??= process.env.PARLEY_OFFER_RULES || undefined;
  if (!path) return DEFAULT_OFFER_RULES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InvalidOfferRules(path, [(err as Error).message]);
  }
  const parsed = OfferRules.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidOfferRules(
      path,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

export function clientRules(rules: OfferRules, clientId?: string): { id: string; client: ClientOfferRules } {
  const id = clientId && rules.clients[clientId] ? clientId : rules.defaultClient;
  return { id, client: rules.clients[id]! };
}
