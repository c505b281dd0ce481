// The case repository on DynamoDB: one table, cases and documents as items, history as append-only event items.
import { gunzipSync, gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { CaseEvent, CaseRecord, CaseStatus, type StoredCase } from '../model/case.ts';
import { DocumentRecord, type DocumentRecordInput } from '../model/document.ts';
import {
  InvalidCursor,
  NotFound,
  VersionConflict,
  type CaseChange,
  type CaseEventInput,
  type CaseListQuery,
  type CasePage,
  type CaseRepository,
  type DocumentChange,
} from './case-repository.ts';

export { InvalidCursor } from './case-repository.ts';

const NO_DEADLINE = '9999-12-31';

const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
const documentKey = (id: string) => ({ pk: `DOC#${id}`, sk: 'DOC' });

/**
 * Bill, pricing and the negotiation (offers with per-line amounts, counters) travel gzip-compressed in one attribute:
 * a claim with hundreds of lines and many offer versions stays far below 400 KB.
 */
type CaseBody = Pick<StoredCase, 'bill' | 'pricing' | 'negotiation'>;
const packBody = (body: CaseBody): Uint8Array => gzipSync(JSON.stringify(body));
const unpackBody = (bytes: Uint8Array): Partial<CaseBody> => JSON.parse(gunzipSync(bytes).toString('utf8')) as CaseBody;

function providerTin(record: Pick<CaseRecord, 'bill'>): string {
  return record.bill.providers.find((p) => p.role === 'billing')?.tin ?? 'UNKNOWN';
}

/** Index sort keys start with the next deadline, so every list of cases comes out in deadline order. */
function deadlineSortKey(record: StoredCase): string {
  return `${record.nextDeadline?.date ?? NO_DEADLINE}#${record.createdAt}#${record.id}`;
}

/** A case stays in its negotiator's queue (byAssignee) until it is closed. */
const LEAVES_QUEUE: readonly CaseStatus[] = ['CLOSED'];

function caseItem(record: StoredCase): Record<string, unknown> {
  const { bill, pricing, negotiation, ...scalars } = record;
  const sortKey = deadlineSortKey(record);
  return {
    ...caseKey(record.id),
    itemType: 'case',
    ...scalars,
    body: packBody({ bill, pricing, negotiation }),
    providerTin: providerTin(record),
    gsi1pk: `CASE_STATUS#${record.status}`,
    gsi1sk: sortKey,
    gsi2pk: `TIN#${providerTin(record)}`,
    gsi2sk: sortKey,
    ...(record.assignee && !LEAVES_QUEUE.includes(record.status) ? { gsi3pk: `ASSIGNEE#${record.assignee}`, gsi3sk: sortKey } : {}),
  };
}

function caseFromItem(item: Record<string, unknown>): StoredCase {
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

/**
 * History sorts by time; events of one millisecond by the case version they made (a read, which makes none, after
 * them), so the order of changes never depends on the random suffix.
 */
function eventItem(event: CaseEvent, caseVersion: number | null): Record<string, unknown> {
  // "c" (a change, by the version it made) sorts before "r" (a read).
  const order = caseVersion === null ? 'r' : `c${String(caseVersion).padStart(9, '0')}`;
  return { pk: `CASE#${event.caseId}`, sk: `EVENT#${event.at}#${order}#${randomUUID()}`, itemType: 'event', ...event };
}

export class DynamoCaseRepository implements CaseRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async registerDocument(input: DocumentRecordInput): Promise<{ document: DocumentRecord; created: boolean }> {
    const document = DocumentRecord.parse(input);
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

  async createCase(input: CaseRecord, event: CaseEventInput): Promise<{ case: StoredCase; created: boolean }> {
    const record = CaseRecord.parse(input);
    const fullEvent = this.completeEvent(record.id, event, null, record.status);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: caseItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: eventItem(fullEvent, record.version) } },
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

  async getCase(id: string): Promise<StoredCase | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: caseKey(id), ConsistentRead: true }));
    return Item ? caseFromItem(Item) : null;
  }

  async updateCase(id: string, expectedVersion: number, change: CaseChange, event: CaseEventInput): Promise<StoredCase> {
    const current = await this.getCase(id);
    if (!current) throw new NotFound('case', id);
    if (current.version !== expectedVersion) throw new VersionConflict(id, expectedVersion, current.version);
    const next: StoredCase = CaseRecord.parse({
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
            { Put: { TableName: this.tableName, Item: eventItem(fullEvent, next.version) } },
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

  async appendEvent(caseId: string, event: CaseEventInput): Promise<CaseEvent> {
    const fullEvent = this.completeEvent(caseId, event, null, null);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: this.tableName, Key: caseKey(caseId), ConditionExpression: 'attribute_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: eventItem(fullEvent, null) } },
          ],
        }),
      );
      return fullEvent;
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFound('case', caseId);
      throw error;
    }
  }

  /**
   * Pages of cases in deadline order. A query on one index partition pages with its own key; listing several status
   * partitions (or all of them, when nothing narrows the list) is a k-way merge: each page reads at most `limit` items
   * from each partition in parallel, keeps the first `limit` in (deadline, created, id) order, and the cursor holds
   * where each partition stands. Nothing is scanned and no partition is read past the page.
   */
  async listCases(query: CaseListQuery = {}): Promise<CasePage> {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number >= 1, got ${limit}`);
    const statuses = query.statuses ?? (query.status ? [query.status] : undefined);
    let partitions: PartitionQuery[];
    if (query.providerTin || query.assignee) {
      const [index, pkName, skName, pkValue] = query.providerTin
        ? (['byProviderTin', 'gsi2pk', 'gsi2sk', `TIN#${query.providerTin}`] as const)
        : (['byAssignee', 'gsi3pk', 'gsi3sk', `ASSIGNEE#${query.assignee}`] as const);
      partitions = [{ index, pkName, skName, pkValue, statuses, assignee: query.providerTin ? query.assignee : undefined }];
    } else {
      partitions = (statuses ?? CaseStatus.options).map((status) => ({ index: 'byStatus', pkName: 'gsi1pk', skName: 'gsi1sk', pkValue: `CASE_STATUS#${status}` }));
    }
    if (query.deadlineBefore) partitions = partitions.map((p) => ({ ...p, skBefore: query.deadlineBefore }));
    const page = await this.mergePartitions(partitions, limit, decodeCursor(query.cursor));
    return { cases: await this.hydrate(page.items), cursor: page.cursor };
  }

  async listEvents(caseId: string): Promise<CaseEvent[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':event': 'EVENT#' },
    });
    return items.map((item) => CaseEvent.parse(item));
  }

  /** Items that came without their body (keys only: merged listings, or a keys-only index) are read by key in batches. */
  private async hydrate(items: Record<string, unknown>[]): Promise<StoredCase[]> {
    const missing = items.filter((item) => !item.body).map((item) => ({ pk: item.pk, sk: item.sk }));
    const full = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < missing.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = missing.slice(i, i + 100);
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((done) => setTimeout(done, Math.min(1000, 25 * 2 ** attempt)));
        const result: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) full.set(String(item.pk), item);
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return items.flatMap((item) => {
      const whole = item.body ? item : full.get(String(item.pk));
      return whole ? [caseFromItem(whole)] : [];
    });
  }

  private async mergePartitions(
    partitions: PartitionQuery[],
    limit: number,
    cursor: CursorState | null,
  ): Promise<{ items: Record<string, unknown>[]; cursor: string | null }> {
    const live = partitions.filter((p) => !cursor || p.pkValue in cursor);
    // Several partitions: merge on keys only (most items read are not kept), then read the page's cases by key.
    const keysOnly = partitions.length > 1;
    const fetched = await Promise.all(
      live.map(async (p) => ({ partition: p, ...(await this.queryPartition(p, limit, cursor?.[p.pkValue] ?? undefined, keysOnly)) })),
    );
    const all = fetched.flatMap((f) => f.items.map((item) => ({ item, partition: f.partition })));
    all.sort((a, b) => compare(String(a.item[a.partition.skName]), String(b.item[b.partition.skName])) || compare(String(a.item.pk), String(b.item.pk)));
    const taken = all.slice(0, limit);
    const next: CursorState = {};
    for (const f of fetched) {
      const mine = taken.filter((t) => t.partition === f.partition);
      if (mine.length === f.items.length) {
        if (f.next) next[f.partition.pkValue] = f.next;
      } else {
        const last = mine.at(-1)?.item;
        next[f.partition.pkValue] = last ? keyOf(last, f.partition) : (cursor?.[f.partition.pkValue] ?? null);
      }
    }
    return { items: taken.map((t) => t.item), cursor: Object.keys(next).length > 0 ? encodeCursor(next) : null };
  }

  /** Up to `limit` items of one index partition after `start`, and the key to go on from (null when it is exhausted). */
  private async queryPartition(
    p: PartitionQuery,
    limit: number,
    start: Record<string, unknown> | undefined,
    keysOnly = false,
  ): Promise<{ items: Record<string, unknown>[]; next: Record<string, unknown> | null }> {
    const names: Record<string, string> = keysOnly ? { '#pk': 'pk', '#sk': 'sk', '#ipk': p.pkName, '#isk': p.skName } : {};
    const values: Record<string, unknown> = { ':pk': p.pkValue };
    let keyCondition = `${p.pkName} = :pk`;
    if (p.skBefore) {
      keyCondition += ` AND ${p.skName} < :before`;
      values[':before'] = p.skBefore;
    }
    const filters: string[] = [];
    if (p.statuses && p.statuses.length > 0) {
      names['#status'] = 'status';
      filters.push(`#status IN (${p.statuses.map((s, i) => ((values[`:s${i}`] = s), `:s${i}`)).join(', ')})`);
    }
    if (p.assignee) {
      names['#assignee'] = 'assignee';
      values[':assignee'] = p.assignee;
      filters.push('#assignee = :assignee');
    }
    const items: Record<string, unknown>[] = [];
    let exclusive = start;
    for (;;) {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: p.index,
          KeyConditionExpression: keyCondition,
          ExpressionAttributeValues: values,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(keysOnly ? { ProjectionExpression: '#pk, #sk, #ipk, #isk' } : {}),
          Limit: filters.length > 0 ? Math.max(limit, 100) : limit - items.length,
          ExclusiveStartKey: exclusive,
        }),
      );
      const found = page.Items ?? [];
      const room = limit - items.length;
      items.push(...found.slice(0, room));
      if (found.length > room) return { items, next: keyOf(items.at(-1)!, p) };
      exclusive = page.LastEvaluatedKey;
      if (!exclusive) return { items, next: null };
      if (items.length >= limit) return { items, next: keyOf(items.at(-1)!, p) };
    }
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

  private completeEvent(caseId: string, event: CaseEventInput, from: CaseStatus | null, to: CaseStatus | null): CaseEvent {
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

interface PartitionQuery {
  index: 'byStatus' | 'byProviderTin' | 'byAssignee';
  pkName: string;
  skName: string;
  pkValue: string;
  /** Filter: only these statuses. */
  statuses?: readonly CaseStatus[];
  /** Filter: only this assignee. */
  assignee?: string;
  /** Key condition: sort key (deadline first) before this value. */
  skBefore?: string;
}

/** Where each partition of a listing stands: the key to start after (null: start at the beginning). */
type CursorState = Record<string, Record<string, unknown> | null>;

function keyOf(item: Record<string, unknown>, p: PartitionQuery): Record<string, unknown> {
  return { pk: item.pk, sk: item.sk, [p.pkName]: item[p.pkName], [p.skName]: item[p.skName] };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): CursorState | null {
  if (!cursor) return null;
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new InvalidCursor();
    return state as CursorState;
  } catch {
    throw new InvalidCursor();
  }
}
