// Every alarm that needs a person reaches the alarm topic: queue age, dead letters, failed runs, function errors.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { PIPELINE_STEPS } from '#shared/pipeline/workflow.ts';
import { EMAIL_INTAKE_ENTRY } from '#infra/intake.ts';
import { logicalIdAt, resourceAt, synthParley } from './synth.ts';

const { template } = synthParley({ 'parley:alarmEmail': 'ops@example.org' });
const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties as Record<string, any>);
const topicId = logicalIdAt(template, 'AWS::SNS::Topic', 'Observability/AlarmTopic/Resource');
const dimensionRef = (alarm: Record<string, any>) => JSON.stringify(alarm.Dimensions ?? []);

describe('alarms', () => {
  it('all notify the alarm topic', () => {
    expect(alarms.length).toBeGreaterThan(20);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('watch the age of the oldest message in the start queue', () => {
    const queueId = logicalIdAt(template, 'AWS::SQS::Queue', 'Intake/StartQueue/Resource');
    const age = alarms.find((a) => a.MetricName === 'ApproximateAgeOfOldestMessage' && dimensionRef(a).includes(queueId));
    expect(age).toMatchObject({ Threshold: 900, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('fire on the first message in any dead-letter queue', () => {
    for (const path of ['Intake/StartDeadLetters/Resource', 'Intake/EventDeadLetters/Resource', 'Pipeline/Textract/Done/DeadLetters/Resource', 'Deadlines/Sweep/DeadLetters/Resource']) {
      const id = logicalIdAt(template, 'AWS::SQS::Queue', path);
      const depth = alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && dimensionRef(a).includes(id));
      expect(depth, path).toMatchObject({ Threshold: 1 });
    }
  });

  it('fire on failed, timed-out and throttled runs of the state machine', () => {
    const machineId = logicalIdAt(template, 'AWS::StepFunctions::StateMachine', 'Pipeline/StateMachine/Resource');
    const names = alarms.filter((a) => a.Namespace === 'AWS/States' && dimensionRef(a).includes(machineId)).map((a) => a.MetricName);
    expect(names.sort()).toEqual(['ExecutionThrottled', 'ExecutionsFailed', 'ExecutionsTimedOut']);
  });

  it('fire on errors and throttles of every function, pipeline steps included', () => {
    const functionIds = Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([, r]: [string, any]) => String(r.Metadata?.['aws:cdk:path']).endsWith('/Function/Resource'))
      .map(([id]) => id);
    // the steps, mark-failed, Textract start and done, start-workflow, review API, deadline sweep, and email intake
    expect(functionIds.length).toBe(PIPELINE_STEPS.length + 6 + (existsSync(EMAIL_INTAKE_ENTRY) ? 1 : 0));
    for (const id of functionIds) {
      const metrics = alarms.filter((a) => a.Namespace === 'AWS/Lambda' && dimensionRef(a).includes(id)).map((a) => a.MetricName);
      expect(metrics.sort(), id).toEqual(['Errors', 'Throttles']);
    }
  });
});

describe('the alarm topic', () => {
  it('is encrypted with the data key, which CloudWatch may use to publish', () => {
    const topic = resourceAt(template, 'AWS::SNS::Topic', 'Observability/AlarmTopic/Resource').Properties;
    const keyId = logicalIdAt(template, 'AWS::KMS::Key', 'Storage/DataKey/Resource');
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const keyPolicy = resourceAt(template, 'AWS::KMS::Key', 'Storage/DataKey/Resource').Properties.KeyPolicy.Statement as Record<string, any>[];
    expect(keyPolicy.some((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com')).toBe(true);
  });

  it('mails the address from context', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: { Ref: topicId } });
  });

  it('can be an existing topic instead', () => {
    const existing = 'arn:aws:sns:us-east-1:111122223333:ops-alarms';
    const other = synthParley({ 'parley:alarmTopicArn': existing }).template;
    const actions = Object.values(other.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties.AlarmActions);
    expect(actions.every((a) => JSON.stringify(a) === JSON.stringify([existing]))).toBe(true);
    expect(Object.keys(other.findResources('AWS::SNS::Topic')).some((id) => id.startsWith('ObservabilityAlarmTopic'))).toBe(false);
  });
});
