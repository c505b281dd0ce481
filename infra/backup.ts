// AWS Backup for the case table: daily recovery points kept 35 days and monthly ones kept 7 years (on top of
// point-in-time recovery), in a vault encrypted with the data key that refuses early deletion of recovery points.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface BackupProps {
  key: IKey;
  table: ITable;
}

export class Backup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', {
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: { minRetention: Duration.days(7) },
    });
    this.plan = new BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({ ruleName: 'daily', scheduleExpression: Schedule.cron({ hour: '5', minute: '0' }), deleteAfter: Duration.days(35) }),
        new BackupPlanRule({
          ruleName: 'monthly',
          scheduleExpression: Schedule.cron({ day: '1', hour: '6', minute: '0' }),
          moveToColdStorageAfter: Duration.days(30),
          // HIPAA asks that documentation be kept six years; a margin of one.
          deleteAfter: Duration.days(7 * 365),
        }),
      ],
    });
    this.plan.addSelection('CaseTable', { resources: [BackupResource.fromDynamoDbTable(props.table)] });
  }
}
