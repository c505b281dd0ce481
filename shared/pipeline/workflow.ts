// The pipeline, listed once: the local runner executes this list and the Step Functions definition is built from it.
import type { Step } from './step.ts';
import { classifyStep } from './steps/classify.ts';
import { extractStep } from './steps/extract.ts';
import { priceStep } from './steps/price.ts';
import { draftOfferStep } from './steps/draft-offer.ts';

export const PIPELINE_STEPS: readonly Step[] = [classifyStep, extractStep, priceStep, draftOfferStep];

export function stepNamed(name: string): Step {
  const step = PIPELINE_STEPS.find((s) => s.name === name);
  if (!step) throw new Error(`no pipeline step named ${name} (steps: ${PIPELINE_STEPS.map((s) => s.name).join(', ')})`);
  return step;
}

export { markFailed } from './steps/mark-failed.ts';
