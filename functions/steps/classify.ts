// Lambda entry for the Classify pipeline step (the state machine invokes it with the workflow state).
import { classifyStep } from '#shared/pipeline/steps/classify.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { createPipelineServices } from '../runtime/pipeline-services.ts';
import { once, stepHandler } from '../runtime/step-handler.ts';

const logger = lambdaLogger('parley-classify');
export const handler = stepHandler(classifyStep, once(() => createPipelineServices({ logger })), logger);
