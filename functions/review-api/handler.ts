// The review API on Lambda: the same Hono router the local server runs, behind API Gateway's JWT authorizer.
import { handle } from 'hono/aws-lambda';
import { createDynamoDocumentClient, createS3Client } from '#shared/aws/clients.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import { ENV, requiredEnv } from '../runtime/environment.ts';
import { once } from '../runtime/step-handler.ts';

const lambdaHandler = once(() =>
  handle(
    createReviewRouter({
      cases: new DynamoCaseRepository(createDynamoDocumentClient({}), requiredEnv(ENV.tableName), () => new Date()),
      objects: new S3ObjectStore(createS3Client({})),
    }),
  ),
);

export const handler: ReturnType<typeof handle> = (event, context) => lambdaHandler()(event, context);
