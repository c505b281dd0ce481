// The bill workflow on Step Functions is built from the shared step list, with the shared retry policy and catch.
import { describe, expect, it } from 'vitest';
import { PIPELINE_STEPS } from '#shared/pipeline/workflow.ts';
import { RETRY_POLICY, RETRYABLE_ERRORS } from '#shared/pipeline/retry-policy.ts';
import { arnText, asList, logicalIdAt, resourceAt, stateMachineDefinition, statementsOf, synthParley } from './synth.ts';

const { template } = synthParley({ 'parley:textractConcurrency': 3 });
const asl = stateMachineDefinition(template);
const states = asl.States as Record<string, any>;
const stepNames = PIPELINE_STEPS.map((s) => s.name);
const keyId = logicalIdAt(template, 'AWS::KMS::Key', 'Storage/DataKey/Resource');
const documentsId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Documents/Resource');
const lettersId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Letters/Resource');

/** The main path a non-image document takes: follow Next, and a Choice's Default. */
function mainPath(): string[] {
  const path: string[] = [];
  for (let name: string | undefined = asl.StartAt; name; ) {
    path.push(name);
    const state = states[name];
    name = state.Type === 'Choice' ? state.Default : state.Next;
  }
  return path;
}

describe('the state machine definition', () => {
  it('has one Lambda task per PIPELINE_STEPS entry, in order', () => {
    const tasks = mainPath().filter((name) => states[name].Type === 'Task');
    expect(tasks).toEqual(stepNames);
  });

  it('passes the state as the payload and takes the returned state as output', () => {
    for (const name of stepNames) {
      // The function ARN as the resource: Lambda gets the state input as its event and its result is the output.
      expect(states[name].Resource).toBe('<ref>');
      expect(states[name]).not.toHaveProperty('Parameters');
      expect(states[name]).not.toHaveProperty('ResultPath');
      expect(states[name]).not.toHaveProperty('OutputPath');
    }
  });

  it('ends the run successfully as soon as a step says the document is halted', () => {
    stepNames.slice(0, -1).forEach((name) => {
      const choice = states[states[name].Next];
      expect(choice.Type).toBe('Choice');
      expect(choice.Choices).toContainEqual({ Variable: '$.halted', BooleanEquals: true, Next: 'Final state reached' });
    });
    expect(states[stepNames.at(-1)!].Next).toBe('Final state reached');
    expect(states['Final state reached'].Type).toBe('Succeed');
  });

  it('retries every step on the shared retryable errors (ThrottlingException included) with the shared backoff', () => {
    for (const name of [...stepNames, 'ReadWithTextract', 'MarkFailed']) {
      const retry = states[name].Retry[0];
      expect(retry.ErrorEquals).toEqual([...RETRYABLE_ERRORS]);
      expect(retry.ErrorEquals).toContain('ThrottlingException');
      expect(retry).toMatchObject({
        MaxAttempts: RETRY_POLICY.maxAttempts - 1,
        IntervalSeconds: 1,
        BackoffRate: RETRY_POLICY.backoffRate,
        MaxDelaySeconds: RETRY_POLICY.maxDelayMs / 1000,
        JitterStrategy: 'FULL',
      });
    }
  });

  it('catches any other error of a step: records the step, marks the document failed, fails the run', () => {
    for (const name of [...stepNames, 'ReadWithTextract']) {
      expect(states[name].Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: `${name} failed` }]);
      const note = states[`${name} failed`];
      expect(note).toMatchObject({ Type: 'Pass', Result: name, ResultPath: '$.failedStep', Next: 'MarkFailed' });
    }
    expect(states.MarkFailed).toMatchObject({ Type: 'Task', ResultPath: null, Next: 'Document failed' });
    expect(states['Document failed']).toEqual({ Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' });
  });

  it('sends image documents (and only those) through an asynchronous Textract job before Extract', () => {
    const choice = states['Image document?'];
    expect(states['Classify halted?'].Default).toBe('Image document?');
    expect(choice.Default).toBe('Extract');
    const kinds = choice.Choices[0].Or.map((c: { Variable: string; StringEquals: string }) => [c.Variable, c.StringEquals]);
    expect(kinds).toEqual([
      ['$.kind', 'png'],
      ['$.kind', 'jpeg'],
      ['$.kind', 'tiff'],
    ]);
    const wait = states[choice.Choices[0].Next];
    expect(wait.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
    expect(wait.Parameters.Payload).toEqual({ 'taskToken.$': '$$.Task.Token', 'state.$': '$' });
    expect(wait.TimeoutSeconds).toBe(1800);
    expect(wait.Next).toBe('Extract');
  });
});

/** Where a Choice sends a state (the rule kinds this definition uses), as Step Functions would evaluate it. */
function chosen(choiceName: string, value: Record<string, unknown>): string {
  const at = (path: string) => value[path.replace(/^\$\./, '')];
  const holds = (rule: Record<string, any>): boolean => {
    if (rule.And) return rule.And.every(holds);
    if (rule.Or) return rule.Or.some(holds);
    if ('BooleanEquals' in rule) return at(rule.Variable) === rule.BooleanEquals;
    if ('StringEquals' in rule) return at(rule.Variable) === rule.StringEquals;
    if ('IsNull' in rule) return (at(rule.Variable) === null) === rule.IsNull;
    throw new Error(`rule not understood: ${JSON.stringify(rule)}`);
  };
  const choice = states[choiceName];
  return choice.Choices.find(holds)?.Next ?? choice.Default;
}

describe('PDFs with scanned pages', () => {
  const afterExtract = states.Extract.Next as string;
  const run = { halted: false, kind: 'pdf', claimCount: 0 };

  it('go from Extract through ReadWithTextract and back into Extract when Extract asks for a job', () => {
    expect(states[afterExtract].Type).toBe('Choice');
    expect(states[afterExtract].Choices).toContainEqual({
      And: [
        { Variable: '$.needsTextract', BooleanEquals: true },
        { Variable: '$.textractJobId', IsNull: true },
      ],
      Next: 'ReadWithTextract',
      Comment: 'Pages without a text layer: read them with Textract, then extract again',
    });
    expect(chosen(afterExtract, { ...run, needsTextract: true, textractJobId: null })).toBe('ReadWithTextract');
    // The same task image documents use: the document is handed to Textract with the run's task token, then Extract.
    expect(states.ReadWithTextract.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
    expect(states.ReadWithTextract.Parameters.Payload).toEqual({ 'taskToken.$': '$$.Task.Token', 'state.$': '$' });
    expect(states.ReadWithTextract.Next).toBe('Extract');
  });

  it('never go back to Textract once the state names a job (no loop), and go on to Price otherwise', () => {
    expect(chosen(afterExtract, { ...run, needsTextract: true, textractJobId: 'job-1' })).toBe('Price');
    expect(chosen(afterExtract, { ...run, needsTextract: false, textractJobId: 'job-1', claimCount: 1 })).toBe('Price');
    expect(chosen(afterExtract, { ...run, needsTextract: false, textractJobId: null, claimCount: 1 })).toBe('Price');
  });

  it('end the run when Extract halted them, whatever else the state says', () => {
    expect(chosen(afterExtract, { ...run, halted: true, needsTextract: true, textractJobId: null })).toBe('Final state reached');
  });

  it('are the only way back into Extract: no other step can ask for Textract', () => {
    const intoTextract = Object.entries(states)
      .filter(([, state]) => state.Type === 'Choice')
      .flatMap(([name, state]) => (state.Choices as { Next: string }[]).filter((c) => c.Next === 'ReadWithTextract').map(() => name));
    expect(intoTextract.sort()).toEqual([afterExtract, 'Image document?'].sort());
  });
});

describe('the state machine resource', () => {
  const machine = resourceAt(template, 'AWS::StepFunctions::StateMachine', 'Pipeline/StateMachine/Resource').Properties as Record<string, any>;

  it('is traced, encrypted with the data key, and logs every event without execution data (PHI)', () => {
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.EncryptionConfiguration).toMatchObject({ Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(machine.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });

  it('logs to a KMS-encrypted log group with retention', () => {
    const logs = resourceAt(template, 'AWS::Logs::LogGroup', 'Pipeline/ExecutionLogs/Resource').Properties as Record<string, any>;
    expect(logs.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(logs.RetentionInDays).toBe(400);
  });
});

describe('the step functions', () => {
  it.each(stepNames)('%s runs on Node 22, arm64, ESM bundle, traced, logging JSON to an encrypted group', (name) => {
    const fn = resourceAt(template, 'AWS::Lambda::Function', `Pipeline/${name}Function/Function/Resource`).Properties as Record<string, any>;
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON' },
      KmsKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(fn.Environment.Variables.NODE_OPTIONS).toContain('--enable-source-maps');
  });

  const s3Statements = (name: string) =>
    statementsOf(template, `Pipeline/${name}Function/Function`).filter((s) => asList<string>(s.Action).some((a) => a.startsWith('s3:')));

  const objects = (name: string, action: string) =>
    s3Statements(name)
      .filter((s) => asList<string>(s.Action).includes(action))
      .flatMap((s) => asList(s.Resource).map(arnText))
      .sort();

  it('Classify reads originals under intake/ and writes no objects', () => {
    expect(objects('Classify', 's3:GetObject')).toEqual([`{${documentsId}.Arn}/intake/*`]);
    expect(objects('Classify', 's3:PutObject')).toEqual([]);
  });

  it('Extract reads originals under intake/ and writes only the 999 acknowledgments', () => {
    expect(objects('Extract', 's3:GetObject')).toEqual([`{${documentsId}.Arn}/intake/*`]);
    expect(objects('Extract', 's3:PutObject')).toEqual([`{${documentsId}.Arn}/acknowledgments/*`]);
  });

  it('DraftOffer writes letters and repriced 837s, reading only the originals', () => {
    expect(objects('DraftOffer', 's3:PutObject')).toEqual([`{${documentsId}.Arn}/repriced/*`, `{${lettersId}.Arn}/*`]);
    expect(objects('DraftOffer', 's3:GetObject')).toEqual([`{${documentsId}.Arn}/intake/*`]);
  });

  it('Price touches no objects at all', () => {
    expect(s3Statements('Price')).toEqual([]);
  });

  it('only the steps that need them carry the pricing tables, the config, pdfkit fonts or pdfjs', () => {
    const env = (name: string) =>
      (resourceAt(template, 'AWS::Lambda::Function', `Pipeline/${name}Function/Function/Resource`).Properties as Record<string, any>).Environment.Variables;
    expect(env('Price').PARLEY_DATA_DIR).toBe('/var/task/data/cms');
    expect(env('Price').PARLEY_CONFIG_DIR).toBe('/var/task/config');
    expect(env('DraftOffer').PARLEY_CONFIG_DIR).toBe('/var/task/config');
    expect(env('Extract').PARLEY_CONFIG_DIR).toBe('/var/task/config');
    expect(env('Extract').NODE_OPTIONS).toContain('--import=/var/task/preload/dom-matrix.mjs');
    expect(env('Classify').PARLEY_DATA_DIR).toBeUndefined();
  });

  it('decrypt with the data key only through S3 and DynamoDB', () => {
    for (const name of stepNames) {
      const kms = statementsOf(template, `Pipeline/${name}Function/Function`).filter((s) => asList<string>(s.Action).some((a) => a.startsWith('kms:')));
      expect(kms.length).toBeGreaterThan(0);
      for (const statement of kms) expect(Object.keys(statement.Condition.StringEquals)).toEqual(['kms:ViaService']);
    }
  });
});

describe('the Textract functions', () => {
  const start = statementsOf(template, 'Pipeline/Textract/Start/Function');
  const done = statementsOf(template, 'Pipeline/Textract/Done/Function');

  it('cap the job starts with reserved concurrency from context', () => {
    const fn = resourceAt(template, 'AWS::Lambda::Function', 'Pipeline/Textract/Start/Function/Resource').Properties as Record<string, any>;
    expect(fn.ReservedConcurrentExecutions).toBe(3);
  });

  it('touch only TEXTRACT# items of the case table', () => {
    for (const statements of [start, done]) {
      const dynamo = statements.filter((s) => asList<string>(s.Action).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toHaveLength(1);
      expect(dynamo[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TEXTRACT#*'] } });
    }
  });

  it('the start function may read originals (an image or a PDF, any version) under intake/ for Textract, and write none', () => {
    const s3 = start.filter((s) => asList<string>(s.Action).some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(asList<string>(s3[0]!.Action).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect(asList(s3[0]!.Resource).map(arnText)).toEqual([`{${documentsId}.Arn}/intake/*`]);
    const kms = start.filter((s) => asList<string>(s.Action).some((a) => a.startsWith('kms:')));
    const viaS3 = kms.filter((s) => arnText(s.Condition.StringEquals['kms:ViaService']).startsWith('s3.'));
    expect(viaS3.map((s) => s.Action)).toEqual(['kms:Decrypt']);
    for (const statement of kms) expect(Object.keys(statement.Condition.StringEquals)).toEqual(['kms:ViaService']);
  });

  it('Textract\'s own publishing role reaches no objects (Textract reads them with the start function\'s credentials)', () => {
    const role = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, any>)
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('TextractPublishRole'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, any>[]);
    expect(role.length).toBeGreaterThan(0);
    expect(role.flatMap((s) => asList<string>(s.Action)).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish']);
  });

  it('may resume runs of this state machine only', () => {
    for (const statements of [start, done]) {
      const states = statements.filter((s) => asList<string>(s.Action).some((a) => a.startsWith('states:')));
      expect(states.map((s) => s.Action)).toEqual(['states:SendTaskSuccess']);
      expect(arnText(states[0]!.Resource)).toMatch(/:states:.*:stateMachine:Parley-bills$/);
    }
  });

  it('publish completions through an encrypted topic to a function with a dead-letter queue', () => {
    const topic = resourceAt(template, 'AWS::SNS::Topic', 'Pipeline/Textract/Completions/Resource').Properties as Record<string, any>;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    const fn = resourceAt(template, 'AWS::Lambda::Function', 'Pipeline/Textract/Done/Function/Resource').Properties as Record<string, any>;
    expect(fn.DeadLetterConfig.TargetArn).toBeDefined();
  });
});
