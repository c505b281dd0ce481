// Step Functions task tokens waiting on Textract jobs, kept in the case table under TEXTRACT#<job id> until the
// completion arrives (or TTL removes them after Textract's 7-day result lifetime).
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PARLEY_TABLE } from '../storage/definitions.ts';
import { WorkflowState } from '../pipeline/workflow-state.ts';

/** Every item this module writes has this key prefix: the functions' IAM policies are scoped to it. */
export const TEXTRACT_TASK_KEY_PREFIX = 'TEXTRACT#';
const TASK_LIFETIME_SECONDS = 7 * 24 * 3600;

export interface WaitingTask {
  jobId: string;
  taskToken: string;
  /** The workflow state to hand back to the state machine, with the job id filled in. */
  state: WorkflowState;
}

const keyOf = (jobId: string) => ({ pk: `${TEXTRACT_TASK_KEY_PREFIX}${jobId}`, sk: 'TASK' });

export class TextractTaskStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(task: WaitingTask): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keyOf(task.jobId),
          itemType: 'textract-task',
          taskToken: task.taskToken,
          state: task.state,
          [PARLEY_TABLE.timeToLiveAttribute]: Math.floor(this.now().getTime() / 1000) + TASK_LIFETIME_SECONDS,
        },
      }),
    );
  }

  async get(jobId: string): Promise<WaitingTask | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keyOf(jobId), ConsistentRead: true }));
    if (!Item) return null;
    return { jobId, taskToken: String(Item.taskToken), state: WorkflowState.parse(Item.state) };
  }

  async delete(jobId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keyOf(jobId) }));
  }
}
