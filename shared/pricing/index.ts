// Pricing: Medicare-based benchmarks per line and each client's offer rules. The public surface of shared/pricing.
export { loadPricingTables, resolvePricingDataDir, PricingTablesNotFound, PricingTables } from './tables.ts';
export { priceBill, type PriceBillContext } from './price-bill.ts';
export { priceService, type ServiceQuery, type ServicePrice } from './price-service.ts';
export { OfferRules, loadOfferRules, DEFAULT_OFFER_RULES, InvalidOfferRules, ClientOfferRules, OfferRule } from './offer-rules.ts';
export { FLAG } from './flags.ts';
export { FACILITY_POS } from './place-of-service.ts';
export { MpfsBulkPricer } from './mpfs-bulk.ts';
export type { LinePricing, PricedBill } from '../model/pricing.ts';
