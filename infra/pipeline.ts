// The bill workflow on Step Functions, built from PIPELINE_STEPS: one Lambda task per step, a Choice on `halted`
// after each, retries on the shared retryable errors, a catch that marks the document failed, and the Textract wait
// for image documents before the step that reads documents, and for PDFs that step finds scanned pages in.
import { Arn, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  Choice,
  Condition,
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  Fail,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
  type IChainable,
  type INextable,
  type State,
} from 'aws-cdk-lib/aws-stepfunctions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { DocumentKind } from '#shared/model/document.ts';
import { RETRY_POLICY, RETRYABLE_ERRORS } from '#shared/pipeline/retry-policy.ts';
import type { Step } from '#shared/pipeline/step.ts';
import { PIPELINE_STEPS, stepNamed } from '#shared/pipeline/workflow.ts';
import { acknowledgmentKeyFor, repricedKeyFor } from '#shared/pipeline/steps/x12-responses.ts';
import { INTAKE_PREFIX } from '#shared/storage/definitions.ts';
import { ENV } from '#functions/runtime/environment.ts';
import { grantCaseStore, grantObjectRead, grantObjectWrite } from './access.ts';
import { FUNCTION_BUNDLES, stepBundle } from './bundling.ts';
import { ParleyFunction } from './parley-function.ts';
import { TextractReader } from './textract.ts';

/**
 * Image documents are read by an asynchronous Textract job before this step runs; a PDF it finds pages without a
 * text layer in (`needsTextract`) goes through the same job and back into it.
 */
export const DOCUMENT_READING_STEP = 'Extract';
export const TEXTRACT_KINDS = ['png', 'jpeg', 'tiff'] as const satisfies readonly DocumentKind[];

/** Lambda errors Step Functions itself reports for a failed invoke, retried besides the shared list. */
const LAMBDA_SERVICE_ERRORS = ['Lambda.ClientExecutionTimeoutException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'].filter(
  (name) => !(RETRYABLE_ERRORS as readonly string[]).includes(name),
);

interface StepSizing {
  memorySize: number;
  timeout: Duration;
}

/** Memory and time per step (the Extract budget covers readDocument's 120 s default plus the object download). */
const STEP_SIZING: Readonly<Record<string, StepSizing>> = {
  Classify: { memorySize: 512, timeout: Duration.seconds(30) },
  Extract: { memorySize: 2048, timeout: Duration.minutes(5) },
  Price: { memorySize: 1024, timeout: Duration.minutes(2) },
  DraftOffer: { memorySize: 1024, timeout: Duration.minutes(3) },
};
const DEFAULT_SIZING: StepSizing = { memorySize: 1024, timeout: Duration.minutes(2) };

/** The first segment of a key the steps write ("acknowledgments/"), from the functions that name those keys. */
const folderOf = (key: string) => `${key.slice(0, key.indexOf('/'))}/`;

export interface ObjectAccess {
  read?: readonly (readonly ['documents' | 'letters', string])[];
  write?: readonly (readonly ['documents' | 'letters', string])[];
}

/**
 * The objects each step's function may touch, by bucket and prefix ('' is the whole bucket). Classify and Extract
 * read originals; Extract writes the 999 for an 837; DraftOffer writes letters, and the repriced 837 built from the
 * original. Price touches no objects.
 */
export const STEP_OBJECT_ACCESS: Readonly<Record<string, ObjectAccess>> = {
  Classify: { read: [['documents', INTAKE_PREFIX]] },
  Extract: { read: [['documents', INTAKE_PREFIX]], write: [['documents', folderOf(acknowledgmentKeyFor('id'))]] },
  Price: {},
  DraftOffer: {
    read: [['documents', INTAKE_PREFIX]],
    write: [
      ['letters', ''],
      ['documents', folderOf(repricedKeyFor('id'))],
    ],
  },
};

export interface PipelineProps {
  key: IKey;
  documents: IBucket;
  letters: IBucket;
  table: ITable;
  logRetention: RetentionDays;
  textractConcurrency: number;
}

export class Pipeline extends Construct {
  readonly stateMachine: StateMachine;
  readonly stepFunctions: ReadonlyMap<string, ParleyFunction>;
  readonly markFailed: ParleyFunction;
  readonly textract: TextractReader;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { key, documents, letters, table } = props;
    const stack = Stack.of(this);
    // Named up front so the Textract functions can be granted task responses without a dependency cycle.
    const stateMachineName = `${stack.stackName}-bills`;
    const stateMachineArn = Arn.format(
      { service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
      stack,
    );

    const environment = {
      [ENV.tableName]: table.tableName,
      [ENV.documentsBucket]: documents.bucketName,
      [ENV.lettersBucket]: letters.bucketName,
    };
    const functions = new Map<string, ParleyFunction>();
    for (const step of PIPELINE_STEPS) {
      const sizing = STEP_SIZING[step.name] ?? DEFAULT_SIZING;
      const fn = new ParleyFunction(this, `${step.name}Function`, {
        bundle: stepBundle(step),
        description: `Parley pipeline step ${step.name}: ${step.description}`,
        key,
        logRetention: props.logRetention,
        environment,
        ...sizing,
      });
      grantCaseStore(fn.fn, table, key, 'read-write');
      functions.set(step.name, fn);
    }
    this.stepFunctions = functions;
    this.grantStepAccess(props);

    this.markFailed = new ParleyFunction(this, 'MarkFailedFunction', {
      bundle: FUNCTION_BUNDLES.markFailed,
      description: 'Marks a document FAILED and sends its open cases to review with the error',
      key,
      logRetention: props.logRetention,
      environment,
    });
    grantCaseStore(this.markFailed.fn, table, key, 'read-write');

    stepNamed(DOCUMENT_READING_STEP); // fails the synth if the step list no longer has it
    this.textract = new TextractReader(this, 'Textract', {
      key,
      documents,
      table,
      stateMachineArn,
      logRetention: props.logRetention,
      concurrency: props.textractConcurrency,
    });

    this.logGroup = new LogGroup(this, 'ExecutionLogs', {
      // The vended-logs prefix keeps CloudWatch Logs' resource policy small however many state machines log.
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: props.logRetention,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      comment: `Parley bill workflow: ${PIPELINE_STEPS.map((s) => s.name).join(' -> ')}`,
      definitionBody: DefinitionBody.fromChainable(this.definition()),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      // Execution data (file names, ids) stays out of the logs: events and errors only.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      encryptionConfiguration: new CustomerManagedEncryptionConfiguration(key),
    });
  }

  private grantStepAccess(props: PipelineProps): void {
    for (const [name, fn] of this.stepFunctions) {
      const access = STEP_OBJECT_ACCESS[name] ?? {};
      for (const [bucket, prefix] of access.read ?? []) grantObjectRead(fn.fn, props[bucket], prefix, props.key);
      for (const [bucket, prefix] of access.write ?? []) grantObjectWrite(fn.fn, props[bucket], prefix, props.key);
    }
    this.stepFunctions
      .get(DOCUMENT_READING_STEP)
      ?.fn.addToRolePolicy(new PolicyStatement({ actions: ['textract:GetDocumentTextDetection'], resources: ['*'] }));
  }

  private definition(): IChainable {
    const done = new Succeed(this, 'Final state reached');
    const failed = new Fail(this, 'Document failed', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' });
    const markFailed = this.invoke('MarkFailed', this.markFailed.fn, 'Mark the document FAILED and its open cases NEEDS_REVIEW', {
      resultPath: JsonPath.DISCARD,
    });
    markFailed.next(failed);
    const catchInto = (task: LambdaInvoke, stepName: string) =>
      task.addCatch(
        new Pass(this, `${stepName} failed`, { result: Result.fromString(stepName), resultPath: '$.failedStep' }).next(markFailed),
        { errors: ['States.ALL'], resultPath: '$.failure' },
      );

    const tasks = PIPELINE_STEPS.map((step) => {
      const task = this.invoke(step.name, this.stepFunctions.get(step.name)!.fn, step.description);
      catchInto(task, step.name);
      return { step, task };
    });

    const readWithTextract = new LambdaInvoke(this, 'ReadWithTextract', {
      lambdaFunction: this.textract.start.fn,
      comment: 'Start a Textract text-detection job and wait for its completion (SNS -> task token)',
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ taskToken: JsonPath.taskToken, state: JsonPath.entirePayload }),
      taskTimeout: Timeout.duration(TextractReader.JOB_TIMEOUT),
      retryOnServiceExceptions: false,
    });
    this.retry(readWithTextract);
    catchInto(readWithTextract, 'ReadWithTextract');

    const entryOf = ({ step, task }: { step: Step; task: LambdaInvoke }): State => {
      if (step.name !== DOCUMENT_READING_STEP) return task;
      return new Choice(this, 'Image document?')
        .when(Condition.or(...TEXTRACT_KINDS.map((kind) => Condition.stringEquals('$.kind', kind))), readWithTextract.next(task))
        .otherwise(task);
    };

    tasks.forEach((current, i) => {
      const following = tasks[i + 1];
      if (!following) {
        (current.task as INextable).next(done);
        return;
      }
      const choice = new Choice(this, `${current.step.name} halted?`).when(Condition.booleanEquals('$.halted', true), done);
      if (current.step.name === DOCUMENT_READING_STEP) {
        // Scanned pages in a PDF: one Textract job, then the step again. A state that already names a job never goes
        // back (the step does not ask twice either), so a document cannot loop.
        choice.when(
          Condition.and(Condition.booleanEquals('$.needsTextract', true), Condition.isNull('$.textractJobId')),
          readWithTextract,
          { comment: 'Pages without a text layer: read them with Textract, then extract again' },
        );
      }
      current.task.next(choice.otherwise(entryOf(following)));
    });
    return entryOf(tasks[0]!);
  }

  /**
   * A step task: the function is invoked with the state as its event (payloadResponseOnly: no Parameters, the
   * state input passes as is) and its return value becomes the state.
   */
  private invoke(name: string, fn: IFunction, comment: string, extra: { resultPath?: string } = {}): LambdaInvoke {
    const task = new LambdaInvoke(this, name, {
      lambdaFunction: fn,
      comment,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      ...extra,
    });
    this.retry(task);
    return task;
  }

  private retry(task: LambdaInvoke): void {
    task.addRetry({
      errors: [...RETRYABLE_ERRORS],
      // Step Functions counts retries after the first attempt, in whole seconds (at least 1).
      maxAttempts: RETRY_POLICY.maxAttempts - 1,
      interval: Duration.seconds(Math.max(1, Math.ceil(RETRY_POLICY.initialDelayMs / 1000))),
      backoffRate: RETRY_POLICY.backoffRate,
      maxDelay: Duration.millis(RETRY_POLICY.maxDelayMs),
      jitterStrategy: JitterType.FULL,
    });
    task.addRetry({ errors: LAMBDA_SERVICE_ERRORS, maxAttempts: 3, interval: Duration.seconds(2), backoffRate: 2, jitterStrategy: JitterType.FULL });
  }
}
