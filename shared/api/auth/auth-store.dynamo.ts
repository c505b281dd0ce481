// Users, sign-in links, sessions and users' submission lists in the case table; links and sessions carry the TTL attribute.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { LocalUser, type AuthStore, type SignInLink, type StoredSession, type SubmissionEntry } from './auth-store.ts';

const USERS = 'USERS';
const userKey = (id: string) => ({ pk: USERS, sk: `USER#${id}` });
const emailKey = (email: string) => ({ pk: USERS, sk: `EMAIL#${email}` });
const linkKey = (hash: string) => ({ pk: `SIGNIN#${hash}`, sk: 'SIGNIN' });
const sessionKey = (hash: string) => ({ pk: `SESSION#${hash}`, sk: 'SESSION' });

/** DynamoDB's TTL attribute is epoch seconds; TTL deletes lazily, so reads still check the ISO expiry. */
const ttlSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

function userFromItem(item: Record<string, unknown>): LocalUser {
  const { pk: _pk, sk: _sk, itemType: _type, ...user } = item;
  return LocalUser.parse(user);
}

export class DynamoAuthStore implements AuthStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createUser(user: LocalUser): Promise<'created' | 'email-taken'> {
    const parsed = LocalUser.parse(user);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...emailKey(parsed.email), itemType: 'user-email', userId: parsed.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: { ...userKey(parsed.id), itemType: 'user', ...parsed }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'email-taken';
      throw error;
    }
  }

  async getUser(id: string): Promise<LocalUser | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: userKey(id), ConsistentRead: true }));
    return Item ? userFromItem(Item) : null;
  }

  async findUserByEmail(email: string): Promise<LocalUser | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: emailKey(email.trim().toLowerCase()), ConsistentRead: true }));
    return Item ? this.getUser(String(Item.userId)) : null;
  }

  async listUsers(): Promise<LocalUser[]> {
    const users: LocalUser[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :user)',
          ExpressionAttributeValues: { ':pk': USERS, ':user': 'USER#' },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      users.push(...(page.Items ?? []).map(userFromItem));
      start = page.LastEvaluatedKey;
    } while (start);
    return users.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async setUserDisabled(id: string, disabled: boolean): Promise<LocalUser | null> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: userKey(id),
          UpdateExpression: 'SET disabled = :disabled',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':disabled': disabled },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? userFromItem(Attributes) : null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  async saveSignInLink(link: SignInLink): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...linkKey(link.tokenHash), itemType: 'signin-link', ...link, expiresAt: ttlSeconds(link.expiresAt), expiresAtIso: link.expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async takeSignInLink(tokenHash: string): Promise<SignInLink | null> {
    try {
      const { Attributes } = await this.db.send(
        new DeleteCommand({ TableName: this.tableName, Key: linkKey(tokenHash), ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }),
      );
      if (!Attributes) return null;
      return {
        tokenHash: String(Attributes.tokenHash),
        userId: String(Attributes.userId),
        createdAt: String(Attributes.createdAt),
        createdBy: String(Attributes.createdBy),
        expiresAt: String(Attributes.expiresAtIso),
      };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  async saveSession(session: StoredSession): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...sessionKey(session.idHash), itemType: 'session', ...session, expiresAt: ttlSeconds(session.expiresAt), expiresAtIso: session.expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getSession(idHash: string): Promise<StoredSession | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: sessionKey(idHash), ConsistentRead: true }));
    if (!Item) return null;
    return {
      idHash: String(Item.idHash),
      userId: String(Item.userId),
      csrfToken: String(Item.csrfToken),
      createdAt: String(Item.createdAt),
      expiresAt: String(Item.expiresAtIso),
    };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: sessionKey(idHash) }));
  }

  async recordSubmission(userId: string, entry: SubmissionEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `USER#${userId}`, sk: `SUBMISSION#${entry.createdAt}#${entry.submissionId}`, itemType: 'user-submission', ...entry },
      }),
    );
  }

  async listSubmissions(userId: string, limit = 50): Promise<SubmissionEntry[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':prefix': 'SUBMISSION#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => ({ submissionId: String(item.submissionId), createdAt: String(item.createdAt) }));
  }
}
