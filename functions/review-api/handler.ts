// The review API and console pages on Lambda: the same Hono router the local server runs, behind API Gateway's JWT
// authorizer, whose verified Cognito claims the router turns into a principal (groups -> role).
import { handle } from 'hono/aws-lambda';
import { createDynamoDocumentClient, createS3Client } from '#shared/aws/clients.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import { ENV, optionalEnv, requiredEnv } from '../runtime/environment.ts';
import { once } from '../runtime/step-handler.ts';

export function reviewRouterFromEnvironment(env: NodeJS.ProcessEnv = process.env) {
  const origin = optionalEnv(ENV.consoleOrigin, env);
  const limit = optionalEnv(ENV.supervisorApprovalCents, env);
  return createReviewRouter({
    cases: new DynamoCaseRepository(createDynamoDocumentClient({}), requiredEnv(ENV.tableName, env), () => new Date()),
    objects: new S3ObjectStore(createS3Client({})),
    console: {
      // No local accounts on AWS: the principal comes from the authorizer's Cognito claims (the default settings).
      secureCookies: true,
      allowedOrigins: origin ? [origin] : [],
      documentsBucket: requiredEnv(ENV.documentsBucket, env),
      supervisorLimitCents: limit === undefined ? undefined : Number(limit),
    },
  });
}

const lambdaHandler = once(() => handle(reviewRouterFromEnvironment()));

export const handler: ReturnType<typeof handle> = (event, context) => lambdaHandler()(event, context);
