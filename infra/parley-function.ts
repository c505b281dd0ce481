// One Lambda function the Parley way: NodejsFunction bundled by the local esbuild (ESM, arm64, Node 22), its own
// KMS-encrypted log group with retention, X-Ray tracing, JSON logs, and a dead-letter queue when invoked asynchronously.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, SystemLogLevel, ApplicationLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { assetEnvironment, nodejsBundling, PROJECT_ROOT, type FunctionBundle } from './bundling.ts';

export interface ParleyFunctionProps {
  bundle: FunctionBundle;
  description: string;
  key: IKey;
  logRetention: RetentionDays;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  /** Caps the function's concurrency where a downstream service has a low quota. */
  reservedConcurrency?: number;
  /** Invoked asynchronously (SNS, EventBridge): failed events go to a dead-letter queue after Lambda's retries. */
  asynchronous?: boolean;
}

export class ParleyFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: ParleyFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.asynchronous) {
      this.deadLetterQueue = new Queue(this, 'DeadLetters', {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    }
    // Its own role, without the AWS-managed basic execution policy: it may write to its own log group only.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: props.description.slice(0, 1000) });
    this.role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));
    const assetEnv = assetEnvironment(props.bundle);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.bundle.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      description: props.description,
      role: this.role,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      bundling: nodejsBundling(props.bundle),
      environment: {
        ...props.environment,
        ...assetEnv,
        // Stack traces through the minified bundle point at the TypeScript source.
        NODE_OPTIONS: ['--enable-source-maps', assetEnv.NODE_OPTIONS].filter(Boolean).join(' '),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      environmentEncryption: props.key,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: props.asynchronous ? 2 : undefined,
    });
  }
}
