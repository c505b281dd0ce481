// The storage construct builds the table and buckets from the shared definitions, locked down for PHI.
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { logicalIdAt, resourceAt, synthParley } from './synth.ts';

const { template } = synthParley();
const keyId = logicalIdAt(template, 'AWS::KMS::Key', 'Storage/DataKey/Resource');
const documentsId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Documents/Resource');
const lettersId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Letters/Resource');
const accessLogsId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/AccessLogs/Resource');

describe('the data key', () => {
  it('is customer managed and rotates', () => {
    expect(resourceAt(template, 'AWS::KMS::Key', 'Storage/DataKey/Resource').Properties).toMatchObject({ EnableKeyRotation: true });
  });
});

describe('the case table', () => {
  const table = resourceAt(template, 'AWS::DynamoDB::Table', 'Storage/Cases/Resource').Properties as Record<string, any>;

  it('has the keys of PARLEY_TABLE', () => {
    expect(table.KeySchema).toEqual([
      { AttributeName: PARLEY_TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: PARLEY_TABLE.sortKey.name, KeyType: 'RANGE' },
    ]);
  });

  it('has exactly the global indexes of PARLEY_TABLE, projecting all attributes', () => {
    const expected = PARLEY_TABLE.globalIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    expect(table.GlobalSecondaryIndexes).toEqual(expected);
    expect(table.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(['byStatus', 'byProviderTin', 'byAssignee']);
  });

  it('declares every key attribute with the definition type', () => {
    const keys = [PARLEY_TABLE.partitionKey, PARLEY_TABLE.sortKey, ...PARLEY_TABLE.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining(keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type }))),
    );
    expect(table.AttributeDefinitions).toHaveLength(new Set(keys.map((k) => k.name)).size);
  });

  it('has point-in-time recovery, deletion protection, on-demand billing and the TTL attribute', () => {
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.DeletionProtectionEnabled).toBe(true);
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: PARLEY_TABLE.timeToLiveAttribute, Enabled: true });
  });

  it('is encrypted with the customer-managed key', () => {
    expect(table.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('is retained when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe.each([
  ['documents', () => documentsId],
  ['letters', () => lettersId],
])('the %s bucket', (_name, idOf) => {
  const bucket = () => (template.toJSON().Resources[idOf()] as { Properties: Record<string, any> }).Properties;

  it('encrypts with the customer-managed key (SSE-KMS, bucket key on)', () => {
    expect(bucket().BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      },
    ]);
  });

  it('is versioned, blocks all public access and logs access to the log bucket', () => {
    expect(bucket().VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket().PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().LoggingConfiguration.DestinationBucketName).toEqual({ Ref: accessLogsId });
  });

  it('expires old versions and aborts incomplete uploads', () => {
    const rules = bucket().LifecycleConfiguration.Rules as Record<string, any>[];
    expect(rules.some((r) => r.NoncurrentVersionExpiration?.NoncurrentDays === 90)).toBe(true);
    expect(rules.some((r) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation === 7)).toBe(true);
  });

  it('denies requests that are not over TLS 1.2 or newer', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: idOf() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      },
    });
  });
});

describe('the documents bucket', () => {
  it('sends its object events to EventBridge without a notifications custom resource', () => {
    const documents = template.toJSON().Resources[documentsId] as { Properties: Record<string, any> };
    expect(documents.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  it('moves originals under intake/ to colder storage but never expires current versions', () => {
    const documents = template.toJSON().Resources[documentsId] as { Properties: Record<string, any> };
    const rules = documents.Properties.LifecycleConfiguration.Rules as Record<string, any>[];
    expect(rules.find((r) => r.Prefix === 'intake/')?.Transitions).toEqual([
      { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
      { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
    ]);
    expect(rules.every((r) => r.ExpirationInDays === undefined)).toBe(true);
  });
});

describe('the access log bucket', () => {
  it('uses SSE-S3 (the only encryption S3 server access logging delivers to) and denies non-TLS requests', () => {
    const logs = template.toJSON().Resources[accessLogsId] as { Properties: Record<string, any> };
    expect(logs.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: accessLogsId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});
