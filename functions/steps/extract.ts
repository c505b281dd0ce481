// Lambda entry for the Extract pipeline step: the one function that reads documents (PDF text layer, Textract results).
import { TextractClient } from '@aws-sdk/client-textract';
import { extractStep } from '#shared/pipeline/steps/extract.ts';
import { awsDocumentReader } from '../runtime/document-reader.ts';
import { lambdaLogger } from '../runtime/logger.ts';
import { createPipelineServices } from '../runtime/pipeline-services.ts';
import { once, stepHandler } from '../runtime/step-handler.ts';

const logger = lambdaLogger('parley-extract');
export const handler = stepHandler(
  extractStep,
  once(() => createPipelineServices({ logger, readDocument: awsDocumentReader(new TextractClient({})) })),
  logger,
);
