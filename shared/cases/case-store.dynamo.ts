// The case repository on DynamoDB: one table, cases and documents as items, history as append-only event items.
import { gunzipSync, gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { CaseEvent, CaseRecord } from '../model/case.ts';
import { DocumentRecord } from '../model/document.ts';
import {
  NotFound,
  VersionConflict,
  type CaseChange,
  type CaseEventInput,
  type CaseListQuery,
  type CasePage,
  type CaseRepository,
  type DocumentChange,
} from './case-repository.ts';

const NO_DEADLINE = '9999-12-31';

const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
const documentKey = (id: string) => ({ pk: `DOC#${id}`, sk: 'DOC' });

/** Bill and pricing travel gzip-compressed in one attribute: a claim with hundreds of lines stays far below 400 KB. */
type CaseBody = Pick<CaseRecord, 'bill' | 'pricing'>;
const packBody = (body: CaseBody): Uint8Array => gzipSync(JSON.stringify(body));
const unpackBody = (bytes: Uint8Array): CaseBody => JSON.parse(gunzipSync(bytes).toString('utf8')) as CaseBody;

function providerTin(record: CaseRecord): string {
  return record.bill.providers.find((p) => p.role === 'billing')?.tin ?? 'UNKNOWN';
}

function caseItem(record: CaseRecord): Record<string, unknown> {
  const { bill, pricing, ...scalars } = record;
  return {
    ...caseKey(record.id),
    itemType: 'case',
    ...scalars,
    body: packBody({ bill, pricing }),
    providerTin: providerTin(record),
    gsi1pk: `CASE_STATUS#${record.status}`,
    gsi1sk: `${NO_DEADLINE}#${record.createdAt}#${record.id}`,
    gsi2pk: `TIN#${providerTin(record)}`,
    gsi2sk: `${record.createdAt}#${record.id}`,
  };
}

function caseFromItem(item: Record<string, unknown>): CaseRecord {
  const { pk: _pk, sk: _sk, itemType: _itemType, body, providerTin: _tin, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, ...scalars } = item;
  return CaseRecord.parse({ ...scalars, ...unpackBody(body as Uint8Array) });
}

function documentItem(document: DocumentRecord): Record<string, unknown> {
  return {
    ...documentKey(document.id),
    itemType: 'document',
    ...document,
    gsi1pk: `DOC_STATUS#${document.status}`,
    gsi1sk: `${document.receivedAt}#${document.id}`,
    ...(document.submissionId ? { gsi3pk: `SUBMISSION#${document.submissionId}`, gsi3sk: `${document.receivedAt}#${document.id}` } : {}),
  };
}

function documentFromItem(item: Record<string, unknown>): DocumentRecord {
  return DocumentRecord.parse(item);
}

function eventItem(event: CaseEvent): Record<string, unknown> {
  return { pk: `CASE#${event.caseId}`, sk: `EVENT#${event.at}#${randomUUID()}`, itemType: 'event', ...event };
}

export class DynamoCaseRepository implements CaseRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async registerDocument(document: DocumentRecord): Promise<{ document: DocumentRecord; created: boolean }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: documentItem(document),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { document, created: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.getDocument(document.id);
      if (!existing) throw error;
      return { document: existing, created: false };
    }
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: documentKey(id), ConsistentRead: true }));
    return Item ? documentFromItem(Item) : null;
  }

  async updateDocument(id: string, change: DocumentChange): Promise<DocumentRecord> {
    const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': this.now().toISOString() };
    const sets = ['#updatedAt = :updatedAt'];
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    if (change.status) {
      names['#gsi1pk'] = 'gsi1pk';
      values[':gsi1pk'] = `DOC_STATUS#${change.status}`;
      sets.push('#gsi1pk = :gsi1pk');
    }
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: documentKey(id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return documentFromItem(Attributes!);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new NotFound('document', id);
      throw error;
    }
  }

  async listDocuments(query: { status?: DocumentRecord['status']; limit?: number } = {}): Promise<DocumentRecord[]> {
    if (query.status) {
      return this.queryAll(
        { IndexName: 'byStatus', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `DOC_STATUS#${query.status}` } },
        query.limit,
      ).then((items) => items.map(documentFromItem));
    }
    const statuses = DocumentRecord.shape.status.options;
    const pages = await Promise.all(statuses.map((status) => this.listDocuments({ status, limit: query.limit })));
    return pages.flat().sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async listDocumentsBySubmission(submissionId: string): Promise<DocumentRecord[]> {
    const items = await this.queryAll({
      IndexName: 'byAssignee',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': `SUBMISSION#${submissionId}` },
    });
    return items.map(documentFromItem);
  }

  async createCase(record: CaseRecord, event: CaseEventInput): Promise<{ case: CaseRecord; created: boolean }> {
    const fullEvent = this.completeEvent(record.id, event, null, record.status);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: caseItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: eventItem(fullEvent) } },
          ],
        }),
      );
      return { case: record, created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getCase(record.id);
      if (!existing) throw error;
      return { case: existing, created: false };
    }
  }

  async getCase(id: string): Promise<CaseRecord | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: caseKey(id), ConsistentRead: true }));
    return Item ? caseFromItem(Item) : null;
  }

  async updateCase(id: string, expectedVersion: number, change: CaseChange, event: CaseEventInput): Promise<CaseRecord> {
    const current = await this.getCase(id);
    if (!current) throw new NotFound('case', id);
    if (current.version !== expectedVersion) throw new VersionConflict(id, expectedVersion, current.version);
    const next: CaseRecord = CaseRecord.parse({
      ...current,
      ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
      version: expectedVersion + 1,
      updatedAt: this.now().toISOString(),
    });
    const fullEvent = this.completeEvent(id, event, current.status, next.status);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: caseItem(next),
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              },
            },
            { Put: { TableName: this.tableName, Item: eventItem(fullEvent) } },
          ],
        }),
      );
      return next;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const latest = await this.getCase(id);
      throw new VersionConflict(id, expectedVersion, latest?.version ?? null);
    }
  }

  async listCases(query: CaseListQuery = {}): Promise<CasePage> {
    const limit = query.limit ?? 100;
    const start = query.cursor ? (JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;
    const base = query.providerTin
      ? { IndexName: 'byProviderTin', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `TIN#${query.providerTin}` } }
      : query.status
        ? { IndexName: 'byStatus', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `CASE_STATUS#${query.status}` } }
        : undefined;
    if (!base) return this.scanCases(limit, start);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({ TableName: this.tableName, ...base, Limit: limit, ExclusiveStartKey: start }),
    );
    const cases = await this.hydrate(Items);
    return { cases, cursor: encodeCursor(LastEvaluatedKey) };
  }

  async listEvents(caseId: string): Promise<CaseEvent[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':event': 'EVENT#' },
    });
    return items.map((item) => CaseEvent.parse(item));
  }

  /** Index projections carry keys only where the table definition says so: read full items by key. */
  private async hydrate(items: Record<string, unknown>[]): Promise<CaseRecord[]> {
    return Promise.all(
      items.map(async (item) => (item.body ? caseFromItem(item) : (await this.getCase(String(item.id)))!)),
    ).then((cases) => cases.filter(Boolean));
  }

  private async scanCases(limit: number, start?: Record<string, unknown>): Promise<CasePage> {
    // Without a filter, list every status partition in creation order: the byStatus index holds every case once.
    const statuses = CaseRecord.shape.status.options;
    const all: CaseRecord[] = [];
    for (const status of statuses) {
      const page = await this.listCases({ status, limit: 1000 });
      all.push(...page.cases);
    }
    all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const offset = start ? Number(start.offset ?? 0) : 0;
    const slice = all.slice(offset, offset + limit);
    const nextOffset = offset + slice.length;
    return { cases: slice, cursor: nextOffset < all.length ? encodeCursor({ offset: nextOffset }) : null };
  }

  private async queryAll(
    input: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    limit = Number.POSITIVE_INFINITY,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items.slice(0, limit);
  }

  private completeEvent(caseId: string, event: CaseEventInput, from: CaseRecord['status'] | null, to: CaseRecord['status']): CaseEvent {
    return CaseEvent.parse({
      ...event,
      caseId,
      at: event.at ?? this.now().toISOString(),
      fromStatus: from,
      toStatus: from === to ? null : to,
    });
  }
}

function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed')
  );
}

function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}
