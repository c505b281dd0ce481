// Lambda entry for the Price pipeline step (the state machine invokes it with the workflow state).
import { priceStep } from '#shared/pipeline/steps/price.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { createPipelineServices } from '../runtime/pipeline-services.ts';
import { once, stepHandler } from '../runtime/step-handler.ts';

const logger = lambdaLogger('parley-price');
export const handler = stepHandler(priceStep, once(() => createPipelineServices({ logger })), logger);
