// Alarms on what needs a person: a backed-up intake queue, anything in a dead-letter queue, failed or throttled runs,
// function errors and throttles, API server errors. All go to one SNS topic (an existing one from context, or a new
// encrypted topic with an optional email subscription).
import { Aws, Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  key: IKey;
  alarmTopicArn: string | null;
  alarmEmail: string | null;
  /** Queues whose oldest message must not wait long (the workflow has not started for it). */
  workQueues: Record<string, IQueue>;
  deadLetterQueues: Record<string, IQueue>;
  stateMachine: IStateMachine;
  functions: Record<string, IFunction>;
  api: HttpApi;
}

/** A message older than this in a work queue means starts are failing or throttled. */
export const MAX_QUEUE_AGE = Duration.minutes(15);

export class Observability extends Construct {
  readonly topic: ITopic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = props.alarmTopicArn ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : this.newTopic(props);
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };
    const fiveMinutes = { period: Duration.minutes(5) };

    for (const [name, queue] of Object.entries(props.workQueues)) {
      alarm(`${name}QueueAge`, queue.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, statistic: 'Maximum' }), MAX_QUEUE_AGE.toSeconds(),
        `A message has waited ${MAX_QUEUE_AGE.toMinutes()} minutes in the ${name} queue: runs are not starting`);
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(`${name}DeadLetters`, queue.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }), 1,
        `Messages in the ${name} dead-letter queue: inspect and redrive them`);
    }
    alarm('RunsFailed', props.stateMachine.metricFailed({ ...fiveMinutes, statistic: 'Sum' }), 1, 'Bill workflow runs failed (documents marked FAILED)');
    alarm('RunsTimedOut', props.stateMachine.metricTimedOut({ ...fiveMinutes, statistic: 'Sum' }), 1, 'Bill workflow runs timed out');
    alarm('RunsThrottled', props.stateMachine.metricThrottled({ ...fiveMinutes, statistic: 'Sum' }), 1, 'Bill workflow runs were throttled');
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ ...fiveMinutes, statistic: 'Sum' }), 1, `The ${name} function failed`);
      alarm(`${name}Throttles`, fn.metricThrottles({ ...fiveMinutes, statistic: 'Sum' }), 1, `The ${name} function was throttled`);
    }
    alarm('ApiServerErrors', props.api.metricServerError({ ...fiveMinutes, statistic: 'Sum' }), 5, 'The review API answered with server errors');
  }

  private newTopic(props: ObservabilityProps): Topic {
    const topic = new Topic(this, 'AlarmTopic', { masterKey: props.key, enforceSSL: true, displayName: 'Parley alarms' });
    // CloudWatch publishes alarm notifications to the encrypted topic: it needs the key, for this account's alarms.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
    return topic;
  }
}
