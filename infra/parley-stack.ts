// The whole deployment: one stack composing one construct per concern.
import { join } from 'node:path';
import { CfnOutput, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import { readCaseSettings } from '#shared/cases/case-settings.ts';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { Backup } from './backup.ts';
import { Deadlines } from './deadlines.ts';
import { ConsoleHosting, uploadOrigin } from './console.ts';
import { Intake } from './intake.ts';
import { acknowledgeFindings } from './nag-acknowledgments.ts';
import { PROJECT_ROOT } from './bundling.ts';
import { Observability } from './observability.ts';
import { Pipeline } from './pipeline.ts';
import { ReviewApi } from './review-api.ts';
import type { ParleySettings } from './settings.ts';
import { Storage } from './storage.ts';

export interface ParleyStackProps extends StackProps {
  settings: ParleySettings;
}

export class ParleyStack extends Stack {
  readonly storage: Storage;
  readonly backup: Backup;
  readonly pipeline: Pipeline;
  readonly intake: Intake;
  readonly console: ConsoleHosting;
  readonly reviewApi: ReviewApi;
  readonly observability: Observability;
  readonly deadlines: Deadlines;

  constructor(scope: Construct, id: string, props: ParleyStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const logRetention = retentionDays(settings.logRetentionDays);

    this.storage = new Storage(this, 'Storage', { noncurrentVersionDays: settings.noncurrentVersionDays });
    const { key, documents, letters, table } = this.storage;
    this.backup = new Backup(this, 'Backup', { key, table });

    this.pipeline = new Pipeline(this, 'Pipeline', {
      key,
      documents,
      letters,
      table,
      logRetention,
      textractConcurrency: settings.textractConcurrency,
    });

    this.intake = new Intake(this, 'Intake', {
      key,
      documents,
      table,
      stateMachine: this.pipeline.stateMachine,
      recipient: settings.intakeRecipient,
      logRetention,
    });

    // The API and the distribution in front of it name each other (origin; callback and allowed origin): the URL is
    // resolved lazily, which CloudFormation sees as a plain reference from the function to the distribution.
    let hosting: ConsoleHosting | undefined;
    // One source of truth with the local runtime: config/cases.json, unless the deployment's context overrides it.
    const supervisorApprovalCents =
      settings.supervisorApprovalCents ?? readCaseSettings(join(PROJECT_ROOT, 'config', 'cases.json')).supervisorApprovalAboveCents;
    this.reviewApi = new ReviewApi(this, 'ReviewApi', {
      key,
      table,
      documents,
      letters,
      logRetention,
      consoleUrl: Lazy.string({ produce: () => hosting!.url }),
      uploadOrigin: uploadOrigin(documents.bucketName),
      supervisorApprovalCents,
    });
    hosting = this.console = new ConsoleHosting(this, 'Console', { api: this.reviewApi.api, accessLogs: this.storage.accessLogs, key, logRetention });
    this.storage.allowBrowserUploads(this.console.url);
    this.deadlines = new Deadlines(this, 'Deadlines', { key, table, logRetention });

    const { pipeline, intake } = this;
    this.observability = new Observability(this, 'Observability', {
      key,
      alarmTopicArn: settings.alarmTopicArn,
      alarmEmail: settings.alarmEmail,
      workQueues: { Start: intake.queue, ...(intake.emailQueue ? { Email: intake.emailQueue } : {}) },
      deadLetterQueues: {
        Start: intake.deadLetterQueue,
        ...(intake.emailDeadLetterQueue ? { Email: intake.emailDeadLetterQueue } : {}),
        Events: intake.eventDeadLetterQueue,
        DeadlineSweep: this.deadlines.sweep.deadLetterQueue!,
        TextractDone: pipeline.textract.done.deadLetterQueue!,
      },
      stateMachine: pipeline.stateMachine,
      functions: {
        ...Object.fromEntries([...pipeline.stepFunctions].map(([name, f]) => [name, f.fn])),
        MarkFailed: pipeline.markFailed.fn,
        TextractStart: pipeline.textract.start.fn,
        TextractDone: pipeline.textract.done.fn,
        StartWorkflow: intake.start.fn,
        ...(intake.email ? { EmailIntake: intake.email.fn } : {}),
        ReviewApi: this.reviewApi.handler.fn,
        DeadlineSweep: this.deadlines.sweep.fn,
      },
      api: this.reviewApi.api,
    });

    acknowledgeFindings(this);

    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    new CfnOutput(this, 'IntakeRecipient', { value: settings.intakeRecipient });
    new CfnOutput(this, 'DocumentsBucket', { value: documents.bucketName });
    new CfnOutput(this, 'LettersBucket', { value: letters.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: this.pipeline.stateMachine.stateMachineArn });
  }
}

/** CloudWatch Logs accepts only certain retention periods: the setting must be one of them. */
function retentionDays(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number' && v > 0);
  if (!allowed.includes(days as RetentionDays)) {
    throw new Error(`parley:logRetentionDays ${days} is not a CloudWatch Logs retention period (${allowed.join(', ')})`);
  }
  return days as RetentionDays;
}
