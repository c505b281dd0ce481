// The negotiation deadlines on a schedule: every hour a function moves cases whose deadline passed (expired offers,
// NSA claims past open negotiation), as the local runtime's sweeper does. EventBridge invokes it asynchronously:
// failed runs land in its dead-letter queue, and the next hour's run catches up anyway.
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '#functions/runtime/environment.ts';
import { grantCaseStore } from './access.ts';
import { FUNCTION_BUNDLES } from './bundling.ts';
import { ParleyFunction } from './parley-function.ts';

export interface DeadlinesProps {
  key: IKey;
  table: ITable;
  logRetention: RetentionDays;
}

export const SWEEP_EVERY = Duration.hours(1);

export class Deadlines extends Construct {
  readonly sweep: ParleyFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: DeadlinesProps) {
    super(scope, id);
    this.sweep = new ParleyFunction(this, 'Sweep', {
      bundle: FUNCTION_BUNDLES.deadlineSweep,
      description: 'Moves cases whose negotiation deadline passed (offer expired, IDR eligible)',
      key: props.key,
      logRetention: props.logRetention,
      timeout: Duration.minutes(5),
      asynchronous: true,
      // Two overlapping runs would only race for the same cases (conflicts are left to the next run).
      reservedConcurrency: 1,
      // The sweep writes no letter and reads no settings (shared/cases/deadline-sweep.ts): the case table is all it knows.
      environment: { [ENV.tableName]: props.table.tableName },
    });
    grantCaseStore(this.sweep.fn, props.table, props.key, 'read-write');
    this.schedule = new Rule(this, 'Hourly', {
      description: 'Parley deadline sweep',
      schedule: Schedule.rate(SWEEP_EVERY),
      targets: [new LambdaFunction(this.sweep.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(50), deadLetterQueue: this.sweep.deadLetterQueue })],
    });
  }
}
