// Test support: a DynamoDB Local (in memory) with Parley's table, for one test file.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDocumentClient } from '#shared/aws/clients.ts';
import { PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '#local/runtime/dynamodb-local.ts';
import { ensureTable } from '#local/runtime/provision.ts';

export interface TestDynamo {
  local: DynamoDbLocal;
  db: DynamoDBDocumentClient;
  tableName: string;
  stop(): Promise<void>;
}

export async function startTestDynamo(): Promise<TestDynamo> {
  const local = await startDynamoDbLocal();
  const admin = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(admin, PARLEY_TABLE);
  admin.destroy();
  const db = createDynamoDocumentClient({ dynamoEndpoint: local.endpoint });
  return {
    local,
    db,
    tableName: PARLEY_TABLE.name,
    async stop() {
      db.destroy();
      await local.stop();
    },
  };
}
