// Least-privilege grants: object access per bucket prefix, case-table actions per need, KMS only through the service
// that uses the key on the caller's behalf.
import { Aws } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { PARLEY_TABLE } from '#shared/storage/definitions.ts';

const via = (service: 's3' | 'dynamodb' | 'sqs' | 'sns') => ({
  StringEquals: { 'kms:ViaService': `${service}.${Aws.REGION}.amazonaws.com` },
});

function add(grantee: IGrantable, statement: PolicyStatement): void {
  grantee.grantPrincipal.addToPrincipalPolicy(statement);
}

/** Read objects (any version) under one prefix of one bucket, and decrypt them through S3. */
export function grantObjectRead(grantee: IGrantable, bucket: IBucket, prefix: string, key: IKey): void {
  add(grantee, new PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
  add(grantee, new PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.keyArn], conditions: via('s3') }));
}

/** Write objects under one prefix (an empty prefix: the whole bucket), encrypting through S3. */
export function grantObjectWrite(grantee: IGrantable, bucket: IBucket, prefix: string, key: IKey): void {
  add(grantee, new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
  add(grantee, new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn], conditions: via('s3') }));
}

/** What the DynamoDB case repository issues (TransactWriteItems is authorized as its Put/Update/ConditionCheck parts). */
export const CASE_STORE_WRITE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:Query',
] as const;
export const CASE_STORE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

export function grantCaseStore(grantee: IGrantable, table: ITable, key: IKey, mode: 'read' | 'read-write'): void {
  const actions = mode === 'read' ? CASE_STORE_READ_ACTIONS : CASE_STORE_WRITE_ACTIONS;
  // The table and each of its indexes by name, not index/*: an index added later is granted deliberately.
  const indexes = PARLEY_TABLE.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`);
  add(grantee, new PolicyStatement({ actions: [...actions], resources: [table.tableArn, ...indexes] }));
  const kms = mode === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
  add(grantee, new PolicyStatement({ actions: kms, resources: [key.keyArn], conditions: via('dynamodb') }));
}

/** Item actions limited to items whose partition key starts with `keyPrefix` (dynamodb:LeadingKeys). */
export function grantItemsUnder(grantee: IGrantable, table: ITable, key: IKey, keyPrefix: string, actions: readonly string[]): void {
  add(
    grantee,
    new PolicyStatement({
      actions: [...actions],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keyPrefix}*`] } },
    }),
  );
  add(grantee, new PolicyStatement({ actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resources: [key.keyArn], conditions: via('dynamodb') }));
}
