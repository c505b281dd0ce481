// Negotiation deadlines move on AWS as they do locally: a scheduled function sweeps them every hour.
import { describe, expect, it } from 'vitest';
import { ENV } from '#functions/runtime/environment.ts';
import { asList, logicalIdAt, resourceAt, statementsOf, synthParley } from './synth.ts';

const { template } = synthParley();
const fnId = logicalIdAt(template, 'AWS::Lambda::Function', 'Deadlines/Sweep/Function/Resource');

describe('the deadline sweep', () => {
  it('runs every hour, with retries and a dead-letter queue for runs that fail', () => {
    const rule = resourceAt(template, 'AWS::Events::Rule', 'Deadlines/Hourly/Resource').Properties;
    expect(rule.ScheduleExpression).toBe('rate(1 hour)');
    expect(rule.Targets[0]).toMatchObject({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } });
    expect(rule.Targets[0].DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [logicalIdAt(template, 'AWS::SQS::Queue', 'Deadlines/Sweep/DeadLetters/Resource'), 'Arn'] });
  });

  it('never runs twice at once, and touches the case table only', () => {
    expect(resourceAt(template, 'AWS::Lambda::Function', 'Deadlines/Sweep/Function/Resource').Properties.ReservedConcurrentExecutions).toBe(1);
    const actions = statementsOf(template, 'Deadlines/Sweep/Function').flatMap((s) => asList<string>(s.Action));
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(actions).toContain('dynamodb:UpdateItem');
  });

  it('is told the case table and nothing else: no letters bucket, settings or config folder', () => {
    const variables = resourceAt(template, 'AWS::Lambda::Function', 'Deadlines/Sweep/Function/Resource').Properties.Environment.Variables;
    expect(Object.keys(variables)).toContain(ENV.tableName);
    expect(Object.keys(variables).filter((name) => /LETTERS|CONFIG|SUPERVISOR|OFFER_RULES/.test(name))).toEqual([]);
  });
});
