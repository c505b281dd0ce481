// Asynchronous Textract for image documents and PDFs with scanned pages: the start function (task token parked in
// the table, reserved concurrency under Textract's quota), the encrypted completion topic Textract publishes to, and
// the function that resumes the waiting run.
import { Aws, Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { TEXTRACT_TASK_KEY_PREFIX } from '#shared/aws/textract-tasks.dynamo.ts';
import { INTAKE_PREFIX } from '#shared/storage/definitions.ts';
import { ENV } from '#functions/runtime/environment.ts';
import { grantItemsUnder, grantObjectRead } from './access.ts';
import { FUNCTION_BUNDLES } from './bundling.ts';
import { ParleyFunction } from './parley-function.ts';

export interface TextractReaderProps {
  key: IKey;
  documents: IBucket;
  table: ITable;
  /** The state machine whose runs wait on jobs (by ARN, so the functions need not depend on the resource). */
  stateMachineArn: string;
  logRetention: RetentionDays;
  /** Concurrent job starts at most (Textract's StartDocumentTextDetection quota is low and per account). */
  concurrency: number;
}

export class TextractReader extends Construct {
  readonly topic: Topic;
  readonly publishRole: Role;
  readonly start: ParleyFunction;
  readonly done: ParleyFunction;

  constructor(scope: Construct, id: string, props: TextractReaderProps) {
    super(scope, id);
    const { key, table } = props;

    this.topic = new Topic(this, 'Completions', { masterKey: key, enforceSSL: true, displayName: 'Parley Textract job completions' });

    this.publishRole = new Role(this, 'PublishRole', {
      assumedBy: new ServicePrincipal('textract.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Textract publishes job completions to the Parley topic',
    });
    this.publishRole.addToPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }));
    this.publishRole.addToPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${Aws.REGION}.amazonaws.com` } },
      }),
    );

    const environment = { [ENV.tableName]: table.tableName };
    this.start = new ParleyFunction(this, 'Start', {
      bundle: FUNCTION_BUNDLES.textractStart,
      description: 'Starts Textract text detection for an image or scanned PDF and parks the run until it completes',
      key,
      logRetention: props.logRetention,
      reservedConcurrency: props.concurrency,
      environment: { ...environment, [ENV.textractTopicArn]: this.topic.topicArn, [ENV.textractRoleArn]: this.publishRole.roleArn },
    });
    // Textract reads the object (image or PDF, any version) with the caller's credentials: originals only.
    grantObjectRead(this.start.fn, props.documents, INTAKE_PREFIX, key);
    this.start.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['textract:StartDocumentTextDetection', 'textract:GetDocumentTextDetection'], resources: ['*'] }),
    );
    this.start.fn.addToRolePolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.publishRole.roleArn] }));
    grantItemsUnder(this.start.fn, table, key, TEXTRACT_TASK_KEY_PREFIX, ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem']);

    this.done = new ParleyFunction(this, 'Done', {
      bundle: FUNCTION_BUNDLES.textractDone,
      description: 'Resumes the run waiting on a Textract job when Textract reports it finished',
      key,
      logRetention: props.logRetention,
      asynchronous: true,
      environment,
    });
    grantItemsUnder(this.done.fn, table, key, TEXTRACT_TASK_KEY_PREFIX, ['dynamodb:GetItem', 'dynamodb:DeleteItem']);
    this.topic.addSubscription(new LambdaSubscription(this.done.fn, { deadLetterQueue: this.done.deadLetterQueue }));

    for (const fn of [this.start.fn, this.done.fn]) {
      fn.addToRolePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['states:SendTaskSuccess'], resources: [props.stateMachineArn] }),
      );
    }
  }

  /** How long a run waits for Textract before the catch takes over. */
  static readonly JOB_TIMEOUT = Duration.minutes(30);
}
