// The email intake's memory in the case table: EMAIL_OBJECT#<object id> and EMAIL#<Message-ID hash>, conditional puts.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EmailMessageRecord, type EmailIntakeStore, type MessageClaim, type ObjectClaim } from './email-intake-store.ts';

const objectKey = (objectId: string) => ({ pk: `EMAIL_OBJECT#${objectId}`, sk: 'EMAIL_OBJECT' });
const messageKey = (key: string) => ({ pk: `EMAIL#${key}`, sk: 'EMAIL' });
const REVIEW_INDEX_KEY = 'EMAIL_REVIEW';

export class DynamoEmailIntakeStore implements EmailIntakeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimObject(objectId: string, now: Date, leaseMs: number): Promise<ObjectClaim> {
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...objectKey(objectId), itemType: 'email-object', status: 'PROCESSING', leaseUntil },
          // A worker that died mid-message left PROCESSING behind: once its lease is over, take the object over.
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :processing AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':processing': 'PROCESSING', ':now': now.toISOString() },
        }),
      );
      return { state: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = (await this.db.send(new GetCommand({ TableName: this.tableName, Key: objectKey(objectId), ConsistentRead: true }))).Item;
      if (item?.status === 'DONE') return { state: 'done', record: EmailMessageRecord.parse(item.record) };
      return { state: 'busy', leaseUntil: String(item?.leaseUntil ?? '') };
    }
  }

  async claimMessage(key: string, objectId: string, submissionId: string, now: Date): Promise<MessageClaim> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...messageKey(key), itemType: 'email-message', objectId, submissionId, receivedAt: now.toISOString() },
          // The same object taking its own claim again (a retry after a crash) is not a duplicate.
          ConditionExpression: 'attribute_not_exists(pk) OR objectId = :objectId',
          ExpressionAttributeValues: { ':objectId': objectId },
        }),
      );
      return { state: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = (await this.db.send(new GetCommand({ TableName: this.tableName, Key: messageKey(key), ConsistentRead: true }))).Item!;
      return { state: 'duplicate', first: { objectId: String(item.objectId), submissionId: String(item.submissionId), receivedAt: String(item.receivedAt) } };
    }
  }

  async finishObject(record: EmailMessageRecord): Promise<void> {
    const forReview = record.outcome === 'HELD' || record.outcome === 'REFUSED';
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...objectKey(record.objectId),
          itemType: 'email-object',
          status: 'DONE',
          record: EmailMessageRecord.parse(record),
          ...(forReview ? { gsi1pk: REVIEW_INDEX_KEY, gsi1sk: `${record.receivedAt}#${record.objectId}` } : {}),
        },
      }),
    );
  }

  async releaseObject(objectId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: objectKey(objectId),
          UpdateExpression: 'SET leaseUntil = :past',
          ConditionExpression: '#status = :processing',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':past': '1970-01-01T00:00:00.000Z', ':processing': 'PROCESSING' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async listForReview(limit = 100): Promise<EmailMessageRecord[]> {
    const response = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': REVIEW_INDEX_KEY },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (response.Items ?? []).map((item) => EmailMessageRecord.parse(item.record));
  }
}
