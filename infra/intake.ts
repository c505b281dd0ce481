// How bills arrive: SES receives mail into intake/email/ (bucket SSE-KMS, scan and TLS required), and every object
// created under a bill prefix goes S3 -> EventBridge -> SQS (dead-letter queue, redrive) -> the start function ->
// a Step Functions run named after the object, so a redelivered event starts nothing new.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Arn, ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRule, ReceiptRuleSet, TlsPolicy, type IReceiptRuleAction } from 'aws-cdk-lib/aws-ses';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  INTAKE_ATTACHMENTS_PREFIX,
  INTAKE_EDI_PREFIX,
  INTAKE_EMAIL_PREFIX,
  INTAKE_UPLOAD_PREFIX,
} from '#shared/storage/definitions.ts';
import { ENV } from '#functions/runtime/environment.ts';
import { grantCaseStore, grantObjectRead, grantObjectWrite } from './access.ts';
import { FUNCTION_BUNDLES, PROJECT_ROOT, type FunctionBundle } from './bundling.ts';
import { ParleyFunction } from './parley-function.ts';

/**
 * The prefixes whose objects are bills. EventBridge cannot AND "starts with intake/" with "does not start with
 * intake/email/" on one field, so the bill prefixes are listed; raw mail (intake/email/) is for the email function.
 */
export const BILL_PREFIXES = [INTAKE_UPLOAD_PREFIX, INTAKE_EDI_PREFIX, INTAKE_ATTACHMENTS_PREFIX] as const;

/** The email-intake function (issue 7) is wired only when its handler exists. */
export const EMAIL_INTAKE_ENTRY = 'functions/email-intake/handler.ts';
export const EMAIL_INTAKE_BUNDLE: FunctionBundle = { name: 'EmailIntake', entry: EMAIL_INTAKE_ENTRY, assets: ['config', 'mail-charsets'] };

export interface IntakeProps {
  key: IKey;
  documents: Bucket;
  table: ITable;
  stateMachine: IStateMachine;
  recipient: string;
  logRetention: RetentionDays;
}

/** SES's S3 action with no KMS key: objects are encrypted by the bucket's default SSE-KMS, not client-side by SES. */
class DeliverToBucket implements IReceiptRuleAction {
  constructor(
    private readonly bucketName: string,
    private readonly prefix: string,
  ) {}
  bind() {
    return { s3Action: { bucketName: this.bucketName, objectKeyPrefix: this.prefix } };
  }
}

export class Intake extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly eventDeadLetterQueue: Queue;
  readonly start: ParleyFunction;
  readonly ruleSet: ReceiptRuleSet;
  readonly receiptRule: ReceiptRule;
  readonly billEvents: Rule;
  /** Set when the email-intake handler exists (wired by wireEmailIntake). */
  emailQueue?: Queue;
  emailDeadLetterQueue?: Queue;
  email?: ParleyFunction;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    const { key, documents } = props;
    const stack = Stack.of(this);

    // --- Email: SES receipt rule set, rule, and the activation CloudFormation cannot do.
    const ruleSetName = `${stack.stackName}-intake`;
    const ruleName = 'bills-to-intake';
    const sesRuleArn = Arn.format(
      { service: 'ses', resource: 'receipt-rule-set', resourceName: `${ruleSetName}:receipt-rule/${ruleName}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME },
      stack,
    );
    const fromThisRule = { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID }, ArnLike: { 'aws:SourceArn': sesRuleArn } };
    documents.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesDeliversMailToIntakeEmail',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [documents.arnForObjects(`${INTAKE_EMAIL_PREFIX}*`)],
        conditions: fromThisRule,
      }),
    );
    // S3 encrypts SES's PutObject with the bucket's key on SES's behalf: SES must be allowed to make data keys.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesEncryptsMailThroughS3',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: ['*'],
        conditions: fromThisRule,
      }),
    );

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: ruleSetName });
    this.receiptRule = new ReceiptRule(this, 'Rule', {
      ruleSet: this.ruleSet,
      receiptRuleName: ruleName,
      recipients: [props.recipient],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      enabled: true,
      actions: [new DeliverToBucket(documents.bucketName, INTAKE_EMAIL_PREFIX)],
    });
    // SES checks that it may write to the bucket when the rule is created.
    const bucketPolicy = documents.policy;
    if (bucketPolicy) this.receiptRule.node.addDependency(bucketPolicy);

    const activation = new AwsCustomResource(this, 'ActivateRuleSet', {
      resourceType: 'Custom::SesActiveReceiptRuleSet',
      onUpdate: {
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: { RuleSetName: ruleSetName },
        physicalResourceId: PhysicalResourceId.of(`${ruleSetName}-active`),
      },
      // An active rule set cannot be deleted: deactivate it first (no RuleSetName = no active set).
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: AwsCustomResourcePolicy.fromStatements([
        // SetActiveReceiptRuleSet has no resource-level permissions.
        new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
      logGroup: new LogGroup(this, 'ActivationLogs', { retention: props.logRetention, encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN }),
    });
    activation.node.addDependency(this.receiptRule);

    // --- Objects: EventBridge -> SQS -> start function.
    this.deadLetterQueue = encryptedQueue(this, 'StartDeadLetters', key, { retentionPeriod: Duration.days(14) });
    const startTimeout = Duration.seconds(30);
    this.queue = encryptedQueue(this, 'StartQueue', key, {
      // At least six times the consumer's timeout, as Lambda's SQS guidance asks.
      visibilityTimeout: Duration.seconds(startTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    this.eventDeadLetterQueue = encryptedQueue(this, 'EventDeadLetters', key, { retentionPeriod: Duration.days(14) });

    this.billEvents = new Rule(this, 'BillCreated', {
      description: 'Bills created in the documents bucket start a workflow',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [documents.bucketName] }, object: { key: BILL_PREFIXES.map((prefix) => ({ prefix })) } },
      },
      targets: [new SqsQueue(this.queue, { deadLetterQueue: this.eventDeadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });

    this.start = new ParleyFunction(this, 'Start', {
      bundle: FUNCTION_BUNDLES.startWorkflow,
      description: 'Starts one named workflow run per bill object created under intake/',
      key,
      logRetention: props.logRetention,
      timeout: startTimeout,
      memorySize: 256,
      environment: { [ENV.stateMachineArn]: props.stateMachine.stateMachineArn },
    });
    this.start.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true, maxConcurrency: 5 }),
    );
    props.stateMachine.grantStartExecution(this.start.fn);

    if (existsSync(join(PROJECT_ROOT, EMAIL_INTAKE_ENTRY))) this.wireEmailIntake(props);
  }

  /** Raw mail under intake/email/ -> its own queue -> the email-intake function, which writes bills under intake/attachments/. */
  private wireEmailIntake(props: IntakeProps): void {
    const { key, documents, table } = props;
    const timeout = Duration.minutes(3);
    this.emailDeadLetterQueue = encryptedQueue(this, 'EmailDeadLetters', key, { retentionPeriod: Duration.days(14) });
    this.emailQueue = encryptedQueue(this, 'EmailQueue', key, {
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.emailDeadLetterQueue, maxReceiveCount: 5 },
    });
    new Rule(this, 'EmailReceived', {
      description: 'Raw mail SES wrote under intake/email/ goes to the email-intake function',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [documents.bucketName] }, object: { key: [{ prefix: INTAKE_EMAIL_PREFIX }] } },
      },
      targets: [new SqsQueue(this.emailQueue, { deadLetterQueue: this.eventDeadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
    this.email = new ParleyFunction(this, 'Email', {
      bundle: EMAIL_INTAKE_BUNDLE,
      description: 'Splits raw mail from SES into bill documents under intake/attachments/ and acknowledges the sender',
      key,
      logRetention: props.logRetention,
      timeout,
      memorySize: 1024,
      environment: { [ENV.tableName]: table.tableName, [ENV.documentsBucket]: documents.bucketName },
    });
    this.email.fn.addEventSource(new SqsEventSource(this.emailQueue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 2 }));
    grantObjectRead(this.email.fn, documents, INTAKE_EMAIL_PREFIX, key);
    grantObjectWrite(this.email.fn, documents, INTAKE_ATTACHMENTS_PREFIX, key);
    grantCaseStore(this.email.fn, table, key, 'read-write');
    // Acknowledgments are sent from the verified intake domain (config/tpa-senders.json acknowledgmentFrom).
    const domain = props.recipient.slice(props.recipient.indexOf('@') + 1);
    this.email.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Arn.format({ service: 'ses', resource: 'identity', resourceName: domain, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, Stack.of(this))],
      }),
    );
  }
}

function encryptedQueue(scope: Construct, id: string, key: IKey, props: ConstructorParameters<typeof Queue>[2] = {}): Queue {
  return new Queue(scope, id, { ...props, encryption: QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true });
}
