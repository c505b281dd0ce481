// The method in words for the letter: "140% of the 2025 Medicare Physician Fee Schedule for locality 13202-01 (MANHATTAN)".
import type { LinePricing, PricingMethod } from '../model/pricing.ts';

const SCHEDULE: Record<PricingMethod, string> = {
  MPFS: 'Medicare Physician Fee Schedule',
  ANESTHESIA: 'Medicare anesthesia fee schedule',
  OPPS: 'Medicare hospital outpatient (OPPS) national rates',
  IPPS: 'Medicare inpatient (IPPS) rates',
  CLFS: 'Medicare Clinical Laboratory Fee Schedule',
  DMEPOS: 'Medicare DMEPOS fee schedule',
  FALLBACK: 'billed charges',
  NONE: 'no benchmark',
};

export function methodSummary(lines: readonly LinePricing[]): string {
  const parts = new Map<string, number>();
  for (const l of lines) {
    if (l.offerCents === null || !l.rule) continue;
    let text: string;
    if (l.method === 'FALLBACK') text = l.rule.description;
    else {
      const pct = l.formula.percentOfBenchmark;
      const where = l.locality
        ? ` for locality ${l.locality.carrier}-${l.locality.locality}${l.locality.name ? ` (${l.locality.name})` : ''}`
        : l.method === 'MPFS' || l.method === 'ANESTHESIA'
          ? ' (national basis)'
          : '';
      text = `${typeof pct === 'number' ? `${pct}%` : l.rule.description} of the ${l.year ?? ''} ${SCHEDULE[l.method]}${where}`.replace(/ {2,}/g, ' ');
    }
    parts.set(text, (parts.get(text) ?? 0) + 1);
  }
  if (parts.size === 0) return 'No line could be priced; manual pricing needed.';
  return [...parts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([t]) => t)
    .join('; ');
}
