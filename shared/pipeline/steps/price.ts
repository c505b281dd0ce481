// Step 3: price every line of every extracted claim against its benchmark and the client's offer rule.
import pMap from 'p-map';
import { priceBill } from '../../pricing/price-bill.ts';
import type { PricedBill } from '../../model/pricing.ts';
import type { Step } from '../step.ts';
import { WorkflowState } from '../workflow-state.ts';
import { casesOfDocument } from './cases-of-document.ts';
import { boundReasons } from '../reason-bounds.ts';

export const priceStep: Step = {
  name: 'Price',
  description: 'Price each service line against Medicare-based benchmarks and apply the offer rule',
  input: WorkflowState,
  output: WorkflowState,
  async run(state, services) {
    const caseIds = await casesOfDocument(state, services);
    await pMap(
      caseIds,
      async (caseId) => {
        const record = await services.cases.getCase(caseId);
        if (!record || record.status !== 'EXTRACTED') return; // priced already, or waiting for a person
        const pricing = priceBill(record.bill, { ...services.pricing, now: services.now() });
        const reasons = reviewReasons(pricing);
        await services.cases.updateCase(
          caseId,
          record.version,
          { status: reasons.length > 0 ? 'NEEDS_REVIEW' : 'PRICED', pricing, reasons },
          {
            actor: 'system:price',
            type: 'case.priced',
            reason: reasons.length > 0 ? reasons.join('; ') : pricing.methodSummary,
            data: { ...pricing.totals },
          },
        );
      },
      { concurrency: services.claimConcurrency },
    );
    await services.cases.updateDocument(state.documentId, { status: 'PRICED' });
    return state;
  },
};

/** A bill with no benchmark at all, or a flag that needs a person, is not turned into an offer. */
function reviewReasons(pricing: PricedBill): string[] {
  const reasons = [
    ...pricing.flags.filter((f) => f.severity === 'review').map((f) => f.message),
    ...pricing.lines.flatMap((line) =>
      line.flags.filter((f) => f.severity === 'review').map((f) => `line ${line.lineNumber}: ${f.message}`),
    ),
  ];
  if (pricing.lines.length > 0 && pricing.lines.every((line) => line.offerCents === null)) {
    reasons.push('no line has a benchmark, so no offer can be computed');
  }
  return boundReasons(reasons);
}
