// Bills arrive by SES mail and S3 objects; each object created under a bill prefix becomes one named workflow run.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { BILL_PREFIXES, EMAIL_INTAKE_ENTRY } from '#infra/intake.ts';
import { arnText, asList, logicalIdAt, resourceAt, statementsOf, synthParley } from './synth.ts';

const { template } = synthParley({ 'parley:intakeRecipient': 'claims@bills.example.org' });
const json = template.toJSON() as { Resources: Record<string, any> };
const documentsId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Documents/Resource');
const keyId = logicalIdAt(template, 'AWS::KMS::Key', 'Storage/DataKey/Resource');
const machineId = logicalIdAt(template, 'AWS::StepFunctions::StateMachine', 'Pipeline/StateMachine/Resource');

describe('SES receipt', () => {
  const rule = resourceAt(template, 'AWS::SES::ReceiptRule', 'Intake/Rule/Resource') as Record<string, any>;

  it('accepts mail for the recipient from context, scanned and over TLS only', () => {
    expect(rule.Properties.Rule).toMatchObject({ Recipients: ['claims@bills.example.org'], ScanEnabled: true, TlsPolicy: 'Require', Enabled: true });
  });

  it('writes raw mail under intake/email/, relying on the bucket encryption rather than SES client-side KMS', () => {
    expect(rule.Properties.Rule.Actions).toEqual([{ S3Action: { BucketName: { Ref: documentsId }, ObjectKeyPrefix: 'intake/email/' } }]);
  });

  it('is created after the bucket policy that lets SES write', () => {
    const policyId = logicalIdAt(template, 'AWS::S3::BucketPolicy', 'Storage/Documents/Policy/Resource');
    expect(asList(rule.DependsOn)).toContain(policyId);
  });

  it('activates the rule set with a custom resource (CloudFormation cannot), deactivating it on delete', () => {
    const activation = Object.values(template.findResources('Custom::SesActiveReceiptRuleSet'))[0] as Record<string, any>;
    const create = JSON.parse(arnText(activation.Properties.Update));
    expect(create).toMatchObject({ service: 'SES', action: 'setActiveReceiptRuleSet', parameters: { RuleSetName: 'Parley-intake' } });
    expect(JSON.parse(arnText(activation.Properties.Delete))).toMatchObject({ action: 'setActiveReceiptRuleSet', parameters: {} });
    expect(json.Resources[logicalIdAt(template, 'AWS::SES::ReceiptRuleSet', 'Intake/RuleSet/Resource')].Properties.RuleSetName).toBe('Parley-intake');
  });

  const sesCondition = {
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    ArnLike: { 'aws:SourceArn': expect.anything() },
  };

  it('lets SES put objects under intake/email/ only, from this account and this receipt rule', () => {
    const policy = resourceAt(template, 'AWS::S3::BucketPolicy', 'Storage/Documents/Policy/Resource').Properties as Record<string, any>;
    const ses = (policy.PolicyDocument.Statement as Record<string, any>[]).filter((s) => s.Principal?.Service === 'ses.amazonaws.com');
    expect(ses).toHaveLength(1);
    expect(ses[0]).toMatchObject({ Effect: 'Allow', Action: 's3:PutObject', Condition: sesCondition });
    expect(arnText(ses[0]!.Resource)).toBe(`{${documentsId}.Arn}/intake/email/*`);
    expect(arnText(ses[0]!.Condition.ArnLike['aws:SourceArn'])).toMatch(/:ses:\{AWS::Region\}:\{AWS::AccountId\}:receipt-rule-set\/Parley-intake:receipt-rule\/bills-to-intake$/);
  });

  it('lets SES have S3 encrypt its mail with the data key, on the same conditions', () => {
    const key = json.Resources[keyId].Properties.KeyPolicy.Statement as Record<string, any>[];
    const ses = key.filter((s) => s.Principal?.Service === 'ses.amazonaws.com');
    expect(ses).toHaveLength(1);
    expect(ses[0]).toMatchObject({ Condition: sesCondition });
    expect(asList<string>(ses[0]!.Action).sort()).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
  });
});

describe('S3 -> EventBridge -> SQS', () => {
  const rule = resourceAt(template, 'AWS::Events::Rule', 'Intake/BillCreated/Resource').Properties as Record<string, any>;
  const queueId = logicalIdAt(template, 'AWS::SQS::Queue', 'Intake/StartQueue/Resource');
  const deadLettersId = logicalIdAt(template, 'AWS::SQS::Queue', 'Intake/StartDeadLetters/Resource');

  it('routes Object Created events of the documents bucket under the bill prefixes, never intake/email/', () => {
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: documentsId }] }, object: { key: BILL_PREFIXES.map((prefix) => ({ prefix })) } },
    });
    expect(BILL_PREFIXES.every((p) => p.startsWith('intake/') && !p.startsWith('intake/email/'))).toBe(true);
  });

  it('delivers to the start queue, with a dead-letter queue for events EventBridge cannot deliver', () => {
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdAt(template, 'AWS::SQS::Queue', 'Intake/EventDeadLetters/Resource'), 'Arn'] } },
      }),
    ]);
  });

  it('encrypts the queue with the data key and redrives to its dead-letter queue after five receives', () => {
    const queue = json.Resources[queueId].Properties;
    expect(queue.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: 5 });
    expect(json.Resources[deadLettersId].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  it('refuses queue requests that are not over TLS', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('routes raw mail to the email queue, once the email-intake handler exists', () => {
    const emailRules = Object.values(template.findResources('AWS::Events::Rule')).filter((r: any) =>
      JSON.stringify(r.Properties.EventPattern ?? {}).includes('intake/email/'),
    );
    expect(emailRules).toHaveLength(existsSync(EMAIL_INTAKE_ENTRY) ? 1 : 0);
  });
});

describe.runIf(existsSync(EMAIL_INTAKE_ENTRY))('the email-intake function', () => {
  const statements = () => statementsOf(template, 'Intake/Email/Function');
  const s3 = (action: string) =>
    statements()
      .filter((s) => asList<string>(s.Action).includes(action))
      .flatMap((s) => asList(s.Resource).map(arnText));

  it('reads raw mail under intake/email/ and writes bills under intake/attachments/ only', () => {
    expect(s3('s3:GetObject')).toEqual([`{${documentsId}.Arn}/intake/email/*`]);
    expect(s3('s3:PutObject')).toEqual([`{${documentsId}.Arn}/intake/attachments/*`]);
  });

  it('sends acknowledgments from the intake domain identity only', () => {
    const ses = statements().filter((s) => asList<string>(s.Action).includes('ses:SendEmail'));
    expect(ses.flatMap((s) => asList(s.Resource).map(arnText))).toEqual([expect.stringMatching(/:ses:\{AWS::Region\}:\{AWS::AccountId\}:identity\/bills\.example\.org$/)]);
  });

  it('consumes its own encrypted queue with a dead-letter queue, reporting failed records', () => {
    const queueId = logicalIdAt(template, 'AWS::SQS::Queue', 'Intake/EmailQueue/Resource');
    expect(json.Resources[queueId].Properties.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(json.Resources[queueId].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('the start function', () => {
  const statements = statementsOf(template, 'Intake/Start/Function');

  it('consumes the queue in batches and reports the records that failed (partial batch response)', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdAt(template, 'AWS::SQS::Queue', 'Intake/StartQueue/Resource'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
  });

  it('may start executions of the bill state machine and nothing else in Step Functions', () => {
    const states = statements.filter((s) => asList<string>(s.Action).some((a) => a.startsWith('states:')));
    expect(states).toHaveLength(1);
    expect(states[0]!.Action).toBe('states:StartExecution');
    expect(states[0]!.Resource).toEqual({ Ref: machineId });
  });

  it('has no access to any object: it starts runs from the event alone, and the steps read intake/', () => {
    expect(statements.flatMap((s) => asList<string>(s.Action)).filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('is told which state machine to start', () => {
    const fn = resourceAt(template, 'AWS::Lambda::Function', 'Intake/Start/Function/Resource').Properties as Record<string, any>;
    expect(fn.Environment.Variables.PARLEY_STATE_MACHINE_ARN).toEqual({ Ref: machineId });
  });
});
