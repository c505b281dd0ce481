// Lambda entry for the DraftOffer pipeline step (the state machine invokes it with the workflow state).
import { draftOfferStep } from '#shared/pipeline/steps/draft-offer.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { createPipelineServices } from '../runtime/pipeline-services.ts';
import { once, stepHandler } from '../runtime/step-handler.ts';

const logger = lambdaLogger('parley-draft-offer');
export const handler = stepHandler(draftOfferStep, once(() => createPipelineServices({ logger })), logger);
