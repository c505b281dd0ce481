// Submissions in the case table: one item per submission (pk SUBMISSION#id), written conditionally.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SubmissionRecord, type ExpectedUpload, type OpenOutcome, type SubmissionStore } from './submission-store.ts';

const submissionKey = (id: string) => ({ pk: `SUBMISSION#${id}`, sk: 'SUBMISSION' });

export class DynamoSubmissionStore implements SubmissionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async open(submission: Pick<SubmissionRecord, 'id' | 'channel' | 'owner' | 'createdAt'>): Promise<OpenOutcome> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...submissionKey(submission.id), itemType: 'submission', ...submission, expected: [], refused: [], review: [] },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(submission.id);
      return existing?.owner === submission.owner ? 'exists' : 'taken';
    }
  }

  async addExpectedUpload(id: string, owner: string, upload: ExpectedUpload, maxFiles: number): Promise<'added' | 'full'> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: submissionKey(id),
          UpdateExpression: 'SET expected = list_append(expected, :one)',
          ConditionExpression: 'attribute_exists(pk) AND #owner = :owner AND size(expected) < :max',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':one': [upload], ':owner': owner, ':max': maxFiles },
        }),
      );
      return 'added';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'full';
      throw error;
    }
  }

  async save(record: SubmissionRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...submissionKey(record.id), itemType: 'submission', ...SubmissionRecord.parse(record) },
        ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': record.owner },
      }),
    );
  }

  async get(id: string): Promise<SubmissionRecord | null> {
    const response = await this.db.send(new GetCommand({ TableName: this.tableName, Key: submissionKey(id) }));
    if (!response.Item) return null;
    const { pk: _pk, sk: _sk, itemType: _type, ...fields } = response.Item;
    return SubmissionRecord.parse(fields);
  }
}
