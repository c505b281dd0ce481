import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { NotFound, VersionConflict } from '#shared/cases/case-repository.ts';
import { InvalidCursor } from '#shared/cases/case-store.dynamo.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { CaseRecord, Offer, emptyNegotiation } from '#shared/model/case.ts';
import { pricingFor } from './support/case-desk.ts';
import { startTestDynamo, type TestDynamo } from '../support/local-dynamo.ts';
import { caseFixture, professionalBill } from '../support/bill-fixture.ts';

let dynamo: TestDynamo;
let cases: DynamoCaseRepository;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  cases = new DynamoCaseRepository(dynamo.db, dynamo.tableName);
});
afterAll(async () => dynamo?.stop());

const created = { actor: 'system:test', type: 'case.created', reason: 'test', data: {} };

describe('the case repository on DynamoDB Local', () => {
  it('creates a case once however many times creation runs, with one history event', async () => {
    const record = caseFixture('DOCA-1');
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => cases.createCase(record, created)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    // Read back with the negotiation fields' defaults filled in.
    expect(await cases.getCase('DOCA-1')).toEqual(CaseRecord.parse(record));
    expect(await cases.listEvents('DOCA-1')).toHaveLength(1);
  });

  it('keeps a bill with hundreds of lines intact (stored compressed)', async () => {
    const bill = professionalBill();
    const lines = Array.from({ length: 900 }, (_, i) => ({ ...bill.lines[0]!, lineNumber: i + 1, code: String(99201 + (i % 15)) }));
    const record = caseFixture('DOCB-1', { bill: { ...bill, lines } });
    await cases.createCase(record, created);
    expect((await cases.getCase('DOCB-1'))?.bill.lines).toHaveLength(900);
  });

  it('keeps a 900-line case with five offer versions and its pricing well under the 400 KB item limit', async () => {
    const base = professionalBill();
    const bill = { ...base, providers: [{ ...base.providers[0]!, tin: '444444444' }], lines: Array.from({ length: 900 }, (_, i) => ({ ...base.lines[0]!, lineNumber: i + 1, code: String(99201 + (i % 15)) })) };
    const pricing = pricingFor(bill, bill.lines.map((_, i) => 5_000 + i), bill.lines.map((_, i) => 7_000 + i));
    const offers = [1, 2, 3, 4, 5].map((version) =>
      Offer.parse({
        version,
        totalOfferCents: 6_000_000 + version,
        lines: bill.lines.map((l) => ({ lineNumber: l.lineNumber, offerCents: 7_000 + version })),
        letter: { bucket: 'parley-letters', key: `DOCG-1/offer-v${version}.pdf`, version, createdAt: '2025-04-02T10:00:00.000Z' },
        draftedAt: '2025-04-02T10:00:00.000Z',
        draftedBy: 'user:nina',
        sentOn: '2025-04-03',
      }),
    );
    await cases.createCase(caseFixture('DOCG-1', { bill, pricing, negotiation: { ...emptyNegotiation(), offers } }), created);
    const { Item } = await dynamo.db.send(new GetCommand({ TableName: dynamo.tableName, Key: { pk: 'CASE#DOCG-1', sk: 'CASE' } }));
    const bytes = Object.entries(Item!).reduce((sum, [k, v]) => sum + k.length + (v instanceof Uint8Array ? v.length : JSON.stringify(v).length), 0);
    expect(bytes).toBeLessThan(100 * 1024);
    const back = (await cases.getCase('DOCG-1'))!;
    expect(back.negotiation.offers).toHaveLength(5);
    expect(back.pricing!.lines).toHaveLength(900);
  });

  it('lets one of two concurrent edits of the same version win and refuses the other with a conflict', async () => {
    await cases.createCase(caseFixture('DOCC-1'), created);
    const edit = (reason: string) =>
      cases.updateCase('DOCC-1', 1, { reasons: [reason] }, { actor: `user:${reason}`, type: 'case.note', reason, data: {} });
    const outcomes = await Promise.allSettled([edit('first'), edit('second')]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(VersionConflict);
    expect(lost[0]!.reason.message).toContain('DOCC-1');
    const stored = await cases.getCase('DOCC-1');
    expect(stored?.version).toBe(2);
    // Only the winner's event is in the history.
    expect((await cases.listEvents('DOCC-1')).map((e) => e.type)).toEqual(['case.created', 'case.note']);
  });

  it('records the status change in the event it writes with the update', async () => {
    await cases.createCase(caseFixture('DOCD-1'), created);
    await cases.updateCase('DOCD-1', 1, { status: 'PRICED' }, { actor: 'system:price', type: 'case.priced', reason: null, data: {} });
    const events = await cases.listEvents('DOCD-1');
    expect(events.at(-1)).toMatchObject({ fromStatus: 'EXTRACTED', toStatus: 'PRICED', actor: 'system:price' });
  });

  it('lists cases by status and by provider TIN', async () => {
    const byStatus = await cases.listCases({ status: 'PRICED' });
    expect(byStatus.cases.map((c) => c.id)).toEqual(['DOCD-1']);
    const byTin = await cases.listCases({ providerTin: '134567890' });
    expect(byTin.cases.map((c) => c.id).sort()).toEqual(['DOCA-1', 'DOCB-1', 'DOCC-1', 'DOCD-1']);
  });

  it('registers a document once and reports the stored one on a repeat', async () => {
    const document = {
      id: 'DOCE',
      source: { bucket: 'parley-documents', key: 'intake/upload/x/y/z.837', versionId: null, etag: 'e' },
      fileName: 'z.837',
      submissionId: 'SUB-1',
      submittedBy: 'upload:x',
      kind: null,
      status: 'RECEIVED' as const,
      reasons: [],
      caseIds: [],
      artifacts: { acknowledgment999: null, repriced837: null },
      receivedAt: '2025-04-02T10:00:00.000Z',
      updatedAt: '2025-04-02T10:00:00.000Z',
    };
    expect((await cases.registerDocument(document)).created).toBe(true);
    await cases.updateDocument('DOCE', { status: 'CLASSIFIED', kind: 'x12-837' });
    const again = await cases.registerDocument(document);
    expect(again.created).toBe(false);
    expect(again.document).toMatchObject({ status: 'CLASSIFIED', kind: 'x12-837' });
    expect((await cases.listDocuments({ status: 'CLASSIFIED' })).map((d) => d.id)).toEqual(['DOCE']);
    expect((await cases.listDocumentsBySubmission('SUB-1')).map((d) => d.id)).toEqual(['DOCE']);
  });

  it('appends a read event without touching the case or its version, and refuses one for a case that does not exist', async () => {
    await cases.createCase(caseFixture('DOCF-1'), created);
    await cases.appendEvent('DOCF-1', { actor: 'user:nina', type: 'case.read', reason: null, data: { view: 'case' } });
    expect((await cases.getCase('DOCF-1'))?.version).toBe(1);
    expect((await cases.listEvents('DOCF-1')).map((e) => [e.type, e.toStatus])).toEqual([['case.created', 'EXTRACTED'], ['case.read', null]]);
    await expect(cases.appendEvent('NOPE-1', { actor: 'user:nina', type: 'case.read', reason: null, data: {} })).rejects.toBeInstanceOf(NotFound);
  });
});

describe('listing cases in deadline order, page by page', () => {
  const deadlineOf = (day: number | null) => (day === null ? null : { date: `2025-06-${String(day).padStart(2, '0')}`, kind: 'offer-expiry' as const });
  // 14 cases over five statuses, deadlines shuffled, some without one.
  const plan: [string, 'SENT' | 'COUNTERED' | 'REVISED' | 'OFFER_DRAFTED' | 'EXPIRED', number | null, string | null][] = [
    ['Q-01', 'SENT', 12, 'user:nina'], ['Q-02', 'COUNTERED', 3, 'user:nina'], ['Q-03', 'REVISED', 20, null],
    ['Q-04', 'OFFER_DRAFTED', null, 'user:nina'], ['Q-05', 'SENT', 1, null], ['Q-06', 'EXPIRED', 2, 'user:omar'],
    ['Q-07', 'SENT', 25, 'user:nina'], ['Q-08', 'COUNTERED', 9, null], ['Q-09', 'OFFER_DRAFTED', null, null],
    ['Q-10', 'REVISED', 4, 'user:nina'], ['Q-11', 'SENT', 15, null], ['Q-12', 'EXPIRED', 30, null],
    ['Q-13', 'COUNTERED', 7, 'user:omar'], ['Q-14', 'SENT', 5, null],
  ];
  const expected = [...plan].sort((a, b) => (a[2] ?? 99) - (b[2] ?? 99) || a[0].localeCompare(b[0])).map((p) => p[0]);

  let queue: DynamoCaseRepository;
  beforeAll(async () => {
    queue = cases;
    for (const [id, status, day, assignee] of plan) {
      await cases.createCase(
        caseFixture(id, {
          status,
          assignee,
          nextDeadline: deadlineOf(day),
          bill: { ...professionalBill(), providers: [{ ...professionalBill().providers[0]!, tin: '555000111' }] },
        }),
        created,
      );
    }
  });

  async function all(query: Parameters<DynamoCaseRepository['listCases']>[0]): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queue.listCases({ ...query, cursor });
      expect(page.cases.length).toBeLessThanOrEqual(query?.limit ?? 100);
      ids.push(...page.cases.map((c) => c.id));
      cursor = page.cursor ?? undefined;
      pages++;
    } while (cursor);
    return { ids, pages };
  }

  it('merges the status partitions into one deadline-ordered list, in pages of the size asked for', async () => {
    const { ids, pages } = await all({ statuses: ['SENT', 'COUNTERED', 'REVISED', 'OFFER_DRAFTED', 'EXPIRED'], limit: 3 });
    expect(ids).toEqual(expected);
    expect(pages).toBe(5);
  });

  it('lists every case when nothing narrows the list, each exactly once', async () => {
    const { ids } = await all({ limit: 4 });
    expect(ids.filter((id) => id.startsWith('Q-'))).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("orders a provider's cases and a negotiator's queue by deadline, and filters them by status", async () => {
    expect((await all({ providerTin: '555000111', limit: 5 })).ids).toEqual(expected);
    expect((await all({ assignee: 'user:nina', limit: 2 })).ids).toEqual(['Q-02', 'Q-10', 'Q-01', 'Q-07', 'Q-04']);
    expect((await all({ assignee: 'user:nina', statuses: ['SENT'], limit: 1 })).ids).toEqual(['Q-01', 'Q-07']);
    expect((await all({ providerTin: '555000111', status: 'COUNTERED', limit: 2 })).ids).toEqual(['Q-02', 'Q-13', 'Q-08']);
  });

  it('reads only the cases whose deadline is before a date (what the deadline sweep needs)', async () => {
    const { ids } = await all({ statuses: ['SENT', 'COUNTERED', 'REVISED', 'EXPIRED', 'OFFER_DRAFTED'], deadlineBefore: '2025-06-05', limit: 10 });
    expect(ids).toEqual(['Q-05', 'Q-06', 'Q-02', 'Q-10']);
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(queue.listCases({ cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursor);
  });
});
