// Local stand-in for Step Functions' execution names: one item per run name, so a duplicate start starts nothing.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { WorkflowInput } from '#shared/pipeline/workflow-state.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface Execution {
  name: string;
  input: WorkflowInput;
  status: ExecutionStatus;
  startedAt: string;
}

const key = (name: string) => ({ pk: `EXEC#${name}`, sk: 'EXEC' });

export class ExecutionRegistry {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** True when this call created the execution; false when one of that name already exists. */
  async claim(name: string, input: WorkflowInput, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(name), itemType: 'execution', name, input, status: 'RUNNING', startedAt: now.toISOString(), gsi1pk: 'EXEC_STATUS#RUNNING', gsi1sk: `${now.toISOString()}#${name}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async finish(name: string, status: Exclude<ExecutionStatus, 'RUNNING'>, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(name),
        UpdateExpression: 'SET #status = :status, finishedAt = :at, gsi1pk = :gsi1pk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':at': now.toISOString(), ':gsi1pk': `EXEC_STATUS#${status}` },
      }),
    );
  }

  /** Runs that were started but never finished: after a crash they are resumed, not restarted. */
  async unfinished(): Promise<Execution[]> {
    const executions: Execution[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'EXEC_STATUS#RUNNING' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        executions.push({ name: String(item.name), input: WorkflowInput.parse(item.input), status: 'RUNNING', startedAt: String(item.startedAt) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return executions;
  }
}
