// The review API and console pages on Lambda: the same Hono router the local server runs, behind API Gateway's JWT
// authorizer, whose verified Cognito claims the router turns into a principal (groups -> role).
import { handle } from 'hono/aws-lambda';
import { createDynamoDocumentClient, createS3Client } from '#shared/aws/clients.ts';
import { DynamoAuthStore } from '#shared/api/auth/auth-store.dynamo.ts';
import { DEFAULT_COGNITO_SETTINGS } from '#shared/api/auth/cognito-claims.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { DynamoSubmissionStore } from '#shared/intake/upload/submission-store.dynamo.ts';
import { S3UploadSigner } from '#shared/intake/upload/upload-signer.s3.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import { createCaseService } from '../runtime/case-service.ts';
import { ENV, optionalEnv, requiredEnv } from '../runtime/environment.ts';
import { once } from '../runtime/step-handler.ts';

export function reviewRouterFromEnvironment(env: NodeJS.ProcessEnv = process.env) {
  const origin = optionalEnv(ENV.consoleOrigin, env);
  const limit = optionalEnv(ENV.supervisorApprovalCents, env);
  const uploadOrigin = optionalEnv(ENV.uploadOrigin, env);
  const domain = optionalEnv(ENV.cognitoDomain, env);
  const clientId = optionalEnv(ENV.cognitoClientId, env);
  const db = createDynamoDocumentClient({});
  const table = requiredEnv(ENV.tableName, env);
  const documentsBucket = requiredEnv(ENV.documentsBucket, env);
  const cases = new DynamoCaseRepository(db, table, () => new Date());
  const objects = new S3ObjectStore(createS3Client({}));
  return createReviewRouter({
    cases,
    objects,
    // Presigned PUTs into intake/upload/<submitter>/<submission>/: the portal's uploads start workflows like any object.
    uploads: { signer: new S3UploadSigner({}), submissions: new DynamoSubmissionStore(db, table), cases, bucket: documentsBucket },
    negotiation: { service: createCaseService({ cases, objects, env }) },
    console: {
      // No local accounts on AWS: the principal comes from the authorizer's Cognito claims (the default settings).
      cognito: DEFAULT_COGNITO_SETTINGS,
      cognitoSignIn: domain && clientId && origin ? { domain, clientId, consoleOrigin: origin } : undefined,
      submissionIndex: new DynamoAuthStore(db, table),
      secureCookies: true,
      allowedOrigins: origin ? [origin] : [],
      uploadOrigins: uploadOrigin ? [uploadOrigin] : [],
      documentsBucket,
      supervisorLimitCents: limit === undefined ? undefined : Number(limit),
    },
  });
}

const lambdaHandler = once(() => handle(reviewRouterFromEnvironment()));

export const handler: ReturnType<typeof handle> = (event, context) => lambdaHandler()(event, context);
