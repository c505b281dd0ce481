// Where Parley keeps PHI: one customer-managed key, the documents and letters buckets and the case table, all built
// from the same definitions the local runtime provisions (shared/storage/definitions.ts).
import { Arn, ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
  type CfnBucket,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  DOCUMENTS_BUCKET,
  LETTERS_BUCKET,
  PARLEY_TABLE,
  type BucketDefinition,
  type KeyAttribute,
  type TableDefinition,
} from '#shared/storage/definitions.ts';

export interface StorageProps {
  /** Days an overwritten or deleted object version is kept. */
  noncurrentVersionDays: number;
}

export class Storage extends Construct {
  readonly key: Key;
  readonly accessLogs: Bucket;
  readonly documents: Bucket;
  readonly letters: Bucket;
  readonly table: Table;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);

    this.key = new Key(this, 'DataKey', {
      description: 'Parley: encrypts documents, letters, cases, queues, topics and logs (PHI)',
      enableKeyRotation: true,
      alias: 'alias/parley-data',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Log groups encrypted with this key (functions, state machine): CloudWatch Logs uses it for this account's groups only.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncryptsParleyLogGroups',
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': Arn.format(
              { service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME },
              Stack.of(this),
            ),
          },
        },
      }),
    );

    // S3 server access logs can only be delivered to a bucket encrypted with SSE-S3, never SSE-KMS.
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(2190), noncurrentVersionExpiration: Duration.days(30) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.documents = this.dataBucket(DOCUMENTS_BUCKET, [
      // Originals are kept (the pipeline never deletes them) but move to cheaper storage once the case work is done.
      {
        id: 'age-originals',
        prefix: 'intake/',
        transitions: [
          { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
          { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
        ],
      },
      { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays) },
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ]);
    // Bucket-level EventBridge notifications set on the resource itself: no notifications custom resource needed.
    (this.documents.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    this.letters = this.dataBucket(LETTERS_BUCKET, [
      {
        id: 'age-letters',
        transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
      },
      { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays) },
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ]);

    this.table = caseTable(this, PARLEY_TABLE, this.key);
  }

  /** The portal PUTs provider uploads straight into intake/upload/ with presigned URLs, from the console's origin. */
  allowBrowserUploads(origin: string): void {
    this.documents.addCorsRule({
      allowedMethods: [HttpMethods.PUT],
      allowedOrigins: [origin],
      allowedHeaders: ['content-type', 'content-length', 'x-amz-*'],
      maxAge: 3000,
    });
  }

  private dataBucket(definition: BucketDefinition, lifecycleRules: LifecycleRule[]): Bucket {
    return new Bucket(this, logicalIdOf(definition.name), {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      // An S3 bucket key cuts KMS requests (and their cost) by caching a data key per bucket.
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${definition.name}/`,
      lifecycleRules,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/**
 * AWS::DynamoDB::Table rather than TableV2 (which synthesizes AWS::DynamoDB::GlobalTable): Parley runs in one region,
 * and cdk-nag's HIPAA and AwsSolutions DynamoDB rules (point-in-time recovery, backup plan) examine
 * AWS::DynamoDB::Table only, so a GlobalTable would pass them unexamined.
 */
function caseTable(scope: Construct, definition: TableDefinition, key: Key): Table {
  const table = new Table(scope, 'Cases', {
    partitionKey: attribute(definition.partitionKey),
    sortKey: attribute(definition.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    timeToLiveAttribute: definition.timeToLiveAttribute,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of definition.globalIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      projectionType: ProjectionType.ALL,
    });
  }
  return table;
}

function attribute(key: KeyAttribute) {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/** parley-documents -> Documents: the construct id, from which CloudFormation derives the physical name. */
function logicalIdOf(name: string): string {
  return name
    .replace(/^parley-/, '')
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
