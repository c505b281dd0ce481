import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { VersionConflict } from '#shared/cases/case-repository.ts';
import { CaseRecord } from '#shared/model/case.ts';
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
});
