// The review API Lambda: API Gateway (HTTP API, payload 2.0) events through hono/aws-lambda into the shared router,
// with the principal taken from the JWT authorizer's verified Cognito claims.
import './quiet-logs.ts';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handle } from 'hono/aws-lambda';
import { reviewRouterFromEnvironment } from '#functions/review-api/handler.ts';

const db = mockClient(DynamoDBDocumentClient);
const env = {
  PARLEY_TABLE_NAME: 'cases',
  PARLEY_DOCUMENTS_BUCKET: 'docs',
  PARLEY_LETTERS_BUCKET: 'letters',
  PARLEY_CONFIG_DIR: fileURLToPath(new URL('../../config', import.meta.url)),
  PARLEY_CONSOLE_ORIGIN: 'https://d111.cloudfront.net',
  AWS_REGION: 'us-east-1',
};
const lambda = handle(reviewRouterFromEnvironment(env));
const handler = (e: unknown) => lambda(e as never, {} as never) as unknown as Promise<{ statusCode: number; body: string }>;

function event(path: string, claims?: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: 'GET /api/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc.execute-api.us-east-1.amazonaws.com', accept: 'application/json' },
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc',
      domainName: 'abc.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'r1',
      routeKey: 'GET /api/{proxy+}',
      stage: '$default',
      time: '01/Jun/2025:00:00:00 +0000',
      timeEpoch: 1748736000000,
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    isBase64Encoded: false,
  };
}

const negotiator = { sub: 'u-1', 'cognito:username': 'alice', 'cognito:groups': '[negotiator]', email: 'alice@example.org' };

beforeEach(() => {
  db.reset();
  db.on(QueryCommand).resolves({ Items: [] });
});

describe('the review API Lambda', () => {
  it('answers the health check', async () => {
    const response = await handler(event('/api/health'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true });
  });

  it('lists cases for a negotiator the authorizer verified', async () => {
    const response = await handler(event('/api/cases', negotiator));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ cases: [] });
    expect(db.commandCalls(QueryCommand)[0]!.args[0].input.TableName).toBe('cases');
  });

  it('refuses a caller whose claims grant no role', async () => {
    const response = await handler(event('/api/cases', { sub: 'u-2', 'cognito:groups': '[visitors]' }));
    expect([401, 403]).toContain(response.statusCode);
    expect(db.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
