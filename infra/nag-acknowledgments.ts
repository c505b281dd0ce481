// Every exception to the cdk-nag AwsSolutions and HIPAA.Security packs, in one place, each with the reason it is
// acceptable here. cdk-nag v3 acknowledges findings one by one (`Rule[finding]`), so ids that name a resource are
// built from its logical id.
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ParleyFunction } from './parley-function.ts';
import type { ParleyStack } from './parley-stack.ts';
import { STEP_OBJECT_ACCESS } from './pipeline.ts';
import { CONSOLE_WORK_PREFIXES } from './review-api.ts';

function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The token cdk-nag prints for a resource's Arn attribute: <LogicalId.Arn>. */
function arnToken(construct: IConstruct): string {
  return `<${Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;
}

const REASONS = {
  runtime:
    'nodejs22.x is the runtime the bundles are built and tested for (esbuild target node22, TOOLCHAIN.md); moving to a newer runtime is a deliberate upgrade, not a synth-time default',
  noVpc:
    'Parley has no VPC resources: functions call only AWS service endpoints (S3, DynamoDB, Step Functions, Textract, KMS) over TLS with IAM auth. A VPC would add NAT or seven interface endpoints without isolating PHI any further',
  inlinePolicy:
    'CDK attaches each role its own least-privilege statements (this function only, scoped to prefixes, indexes, item keys and kms:ViaService); a customer-managed policy with the same statements would add a separate lifecycle and no restriction',
  xray: 'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) support no resource-level permissions',
  textract: 'textract:StartDocumentTextDetection and textract:GetDocumentTextDetection support no resource-level permissions',
  intakeObjects: 'object-level grant limited to the intake/ prefix of the documents bucket: the keys of incoming bills cannot be known in advance',
  lettersObjects: 'object-level grant on the letters bucket, whose keys are <case id>/offer-v<n>.pdf for cases created at run time',
  synchronous: (by: string) => `invoked synchronously by ${by}, which sees and handles each failure; a Lambda DLQ applies to asynchronous invocations only`,
  concurrency: (bound: string) => `concurrency is bounded upstream (${bound}); reserving capacity per function would take it from the account's unreserved pool, which new accounts keep small`,
  cdkProvider: 'a CDK-provided deployment-time provider function run by CloudFormation, not by the workload, and not handling PHI',
} as const;

function acknowledgeFunction(fn: ParleyFunction, opts: { dlq?: string; concurrency?: string; wildcards?: string[] }): void {
  ack(fn, 'AwsSolutions-L1', REASONS.runtime);
  ack(fn, 'HIPAA.Security-LambdaInsideVPC', REASONS.noVpc);
  ack(fn, 'HIPAA.Security-IAMNoInlinePolicy', REASONS.inlinePolicy);
  if (opts.dlq) ack(fn, 'HIPAA.Security-LambdaDLQ', REASONS.synchronous(opts.dlq));
  if (opts.concurrency) ack(fn, 'HIPAA.Security-LambdaConcurrency', REASONS.concurrency(opts.concurrency));
  ack(fn, 'AwsSolutions-IAM5[Resource::*]', [REASONS.xray, ...(opts.wildcards ?? [])].join('; '));
}

export function acknowledgeFindings(stack: ParleyStack): void {
  const { storage, pipeline, intake, reviewApi, console: hosting, backup } = stack;
  const intakeObjects = `AwsSolutions-IAM5[Resource::${arnToken(storage.documents)}/intake/*]`;
  const lettersObjects = `AwsSolutions-IAM5[Resource::${arnToken(storage.letters)}/*]`;

  // --- Functions
  for (const [name, fn] of pipeline.stepFunctions) {
    acknowledgeFunction(fn, {
      dlq: 'Step Functions (Retry on the shared retryable errors, then Catch into MarkFailed)',
      concurrency: 'one invocation per running execution; executions start at the start queue consumer\'s maxConcurrency',
      wildcards: name === 'Extract' ? [REASONS.textract] : [],
    });
  }
  acknowledgeFunction(pipeline.markFailed, {
    dlq: 'Step Functions (its own Retry; a run that cannot be marked fails and raises the RunsFailed alarm)',
    concurrency: 'one invocation per failing execution',
  });
  acknowledgeFunction(pipeline.textract.start, { dlq: 'Step Functions (waitForTaskToken with Retry and Catch)', wildcards: [REASONS.textract] });
  acknowledgeFunction(pipeline.textract.done, { concurrency: 'one invocation per Textract job, and job starts are capped by the start function\'s reserved concurrency' });
  acknowledgeFunction(intake.start, {
    dlq: 'the SQS event source: failed records return to the queue and move to its redrive dead-letter queue',
    concurrency: 'the SQS event source mapping\'s maxConcurrency of 5',
  });
  if (intake.email) {
    acknowledgeFunction(intake.email, {
      dlq: 'the SQS event source: failed records return to the email queue and move to its redrive dead-letter queue',
      concurrency: "the SQS event source mapping's maxConcurrency of 2",
    });
    ack(intake.email, `AwsSolutions-IAM5[Resource::${arnToken(storage.documents)}/intake/email/*]`, 'object-level grant limited to intake/email/, where SES writes each raw message under a key it chooses');
    ack(intake.email, `AwsSolutions-IAM5[Resource::${arnToken(storage.documents)}/intake/attachments/*]`, 'object-level grant limited to intake/attachments/, where the function writes the bills split from each message');
  }
  acknowledgeFunction(reviewApi.handler, {
    dlq: 'API Gateway (the caller gets the error)',
    concurrency: 'the HTTP API stage throttle (50 requests/s, burst 100)',
  });
  for (const prefix of CONSOLE_WORK_PREFIXES) {
    ack(
      reviewApi.handler,
      `AwsSolutions-IAM5[Resource::${arnToken(storage.documents)}/${prefix}*]`,
      `object-level grant limited to ${prefix} of the documents bucket, where the console keeps per-document page images and per-case counteroffer attachments`,
    );
  }
  for (const [name, fn] of pipeline.stepFunctions) {
    const access = STEP_OBJECT_ACCESS[name] ?? {};
    for (const [bucket, prefix] of [...(access.read ?? []), ...(access.write ?? [])]) {
      const finding = `AwsSolutions-IAM5[Resource::${arnToken(storage[bucket])}/${prefix}*]`;
      const reason =
        prefix === 'intake/' ? REASONS.intakeObjects
        : bucket === 'letters' ? REASONS.lettersObjects
        : `object-level grant limited to ${prefix} of the documents bucket, where the ${name} step keeps one file per document (keys named by the document id)`;
      ack(fn, finding, reason);
    }
  }
  for (const fn of [pipeline.textract.start, reviewApi.handler]) ack(fn, intakeObjects, REASONS.intakeObjects);
  ack(reviewApi.handler, lettersObjects, REASONS.lettersObjects);
  ack(
    reviewApi.handler,
    `AwsSolutions-IAM5[Resource::${arnToken(storage.documents)}/intake/upload/*]`,
    'presigned PUTs for provider uploads carry this function\'s permission, limited to intake/upload/ (keys intake/upload/<submitter>/<submission>/<file> made at run time)',
  );
  acknowledgeFunction(stack.deadlines.sweep, {});
  ack(pipeline.textract.publishRole, 'HIPAA.Security-IAMNoInlinePolicy', REASONS.inlinePolicy);

  // --- State machine role
  const machine = pipeline.stateMachine;
  ack(machine, 'HIPAA.Security-IAMNoInlinePolicy', REASONS.inlinePolicy);
  ack(
    machine,
    'AwsSolutions-IAM5[Resource::*]',
    `${REASONS.xray}; the CloudWatch Logs delivery actions (logs:CreateLogDelivery and related) that Step Functions logging needs accept only "*"`,
  );
  const invoked = [...pipeline.stepFunctions.values(), pipeline.markFailed, pipeline.textract.start];
  for (const fn of invoked) {
    ack(
      machine,
      `AwsSolutions-IAM5[Resource::${arnToken(fn.fn)}:*]`,
      'lambda:InvokeFunction on this one function and its versions/aliases (ARN:*), as the Step Functions Lambda integration grants',
    );
  }

  // --- Buckets
  const replication =
    'single-region deployment by design: versioning, retention on delete, lifecycle-kept noncurrent versions and point-in-time recovery protect the data; cross-region replication of PHI is a business decision (a second region, key and BAA scope)';
  for (const bucket of [storage.documents, storage.letters, storage.accessLogs, hosting.bucket, hosting.distributionLogs]) {
    ack(bucket, 'HIPAA.Security-S3BucketReplicationEnabled', replication);
  }
  ack(storage.accessLogs, 'HIPAA.Security-S3DefaultEncryptionKMS', 'S3 server access logging delivers only to buckets encrypted with SSE-S3; access logs hold request metadata, not document contents');
  ack(hosting.bucket, 'HIPAA.Security-S3DefaultEncryptionKMS', 'the console bucket holds the public web app (HTML, JS, CSS, config.json of public identifiers), no PHI; SSE-S3 keeps the PHI data key out of CloudFront\'s reach');
  ack(hosting.distributionLogs, 'HIPAA.Security-S3DefaultEncryptionKMS', 'CloudFront standard logs of the console\'s static files: request metadata for public assets, no PHI (the API is not behind this distribution)');

  for (const route of reviewApi.publicRoutes) {
    ack(
      route,
      'AwsSolutions-APIG4',
      'a public route by design: the Cognito sign-in flow (/auth/login, /auth/callback, /auth/signed-out) runs before there is a token, and /api/health answers load balancers; the router still applies its own policy to each',
    );
  }

  // --- Queues, distribution
  ack(intake.eventDeadLetterQueue, 'AwsSolutions-SQS3', 'this queue is itself a dead-letter queue (EventBridge target DLQ for the bill rule), alarmed on its first message');
  ack(hosting.distribution, 'AwsSolutions-CFR1', 'the console serves only static files and every API call needs a Cognito JWT with MFA; geographic restriction is left to the operator (negotiators travel)');
  ack(hosting.distribution, 'AwsSolutions-CFR2', 'a WAF web ACL for CloudFront must live in us-east-1, and this stack is region-agnostic; attach one from the operator\'s us-east-1 security stack (see .notes/infra.md)');
  ack(hosting.distribution, 'AwsSolutions-CFR4', 'the distribution uses the default *.cloudfront.net certificate until a custom domain and ACM certificate are configured; its TLS policy cannot be raised without one');

  // --- Backup
  ack(backup.plan, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'the AWS-managed service role policy AWS Backup documents for taking backups; AWS keeps it current with the services it backs up');

  // --- CDK-provided deployment-time functions
  const providers = stack.node.children.filter((c) => c.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287') || c.node.id.startsWith('Custom::CDKBucketDeployment'));
  for (const provider of providers) {
    ack(provider, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', REASONS.cdkProvider);
    ack(provider, 'HIPAA.Security-LambdaConcurrency', `${REASONS.cdkProvider}; it runs once per deployment`);
    ack(provider, 'HIPAA.Security-LambdaDLQ', `${REASONS.cdkProvider}; CloudFormation reports its failures`);
    ack(provider, 'HIPAA.Security-LambdaInsideVPC', `${REASONS.cdkProvider}; it calls AWS APIs only`);
    ack(provider, 'HIPAA.Security-IAMNoInlinePolicy', REASONS.cdkProvider);
    ack(provider, 'AwsSolutions-L1', `${REASONS.cdkProvider}; its runtime is chosen by aws-cdk-lib`);
  }
  const deployment = providers.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (deployment) {
    const copy = 'BucketDeployment copies the console build from the CDK assets bucket into the console bucket and prunes old files: it needs these object actions there';
    for (const finding of [
      'Resource::*',
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      `Resource::${arnToken(hosting.bucket)}/*`,
    ]) {
      ack(deployment, `AwsSolutions-IAM5[${finding}]`, finding === 'Resource::*' ? `${copy}; Resource::* is the CloudFront invalidation (cloudfront:CreateInvalidation/GetInvalidation)` : copy);
    }
  }
  ack(intake, 'AwsSolutions-IAM5[Resource::*]', 'ses:SetActiveReceiptRuleSet (the rule-set activation custom resource) supports no resource-level permissions');
  ack(intake, 'HIPAA.Security-IAMNoInlinePolicy', 'the activation custom resource\'s single statement (ses:SetActiveReceiptRuleSet), attached by AwsCustomResource');
}
