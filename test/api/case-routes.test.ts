// The negotiation API through the review router and its auth layer, against DynamoDB Local and s3rver.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewRouter } from '#shared/api/review-router.ts';
import type { Principal, PrincipalEnv } from '#shared/api/principal.ts';
import { LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { draftedCase, startCaseDesk, type CaseDesk } from '../cases/support/case-desk.ts';
import { readPdfText } from '../letters/read-pdf.ts';

let desk: CaseDesk;
let app: Hono<PrincipalEnv>;

const NINA: Principal = { id: 'user:nina', role: 'negotiator' };
const OMAR: Principal = { id: 'user:omar', role: 'negotiator' };
const SAM: Principal = { id: 'user:sam', role: 'supervisor' };
const CHELSEA: Principal = { id: 'provider:chelsea', role: 'provider', providerTin: '134567890' };
const ELSEWHERE: Principal = { id: 'provider:elsewhere', role: 'provider', providerTin: '999999999' };

beforeAll(async () => {
  desk = await startCaseDesk();
  const service = desk.service({ settings: { supervisorApprovalAboveCents: 60_000 } });
  // The enclosing app stands in for sign-in: the auth layer trusts a principal set before it.
  app = new Hono<PrincipalEnv>();
  app.use('*', async (c, next) => {
    const who = c.req.header('x-test-principal');
    if (who) c.set('principal', JSON.parse(who) as Principal);
    await next();
  });
  app.route('/', createReviewRouter({ cases: desk.repository, objects: desk.objects, negotiation: { service, now: () => desk.clock.now } }));
});
afterAll(async () => desk?.stop());

function call(who: Principal | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(who ? { 'x-test-principal': JSON.stringify(who) } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function json(response: Response): Promise<any> {
  return response.json();
}

describe('working a case through the API', () => {
  it('approve (If-Match) -> send -> provider counter -> revise -> send -> provider accept -> settle', async () => {
    desk.clock.now = new Date('2025-04-07T15:00:00.000Z');
    await draftedCase(desk, 'API-1');
    let res = await call(NINA, 'POST', '/api/cases/API-1/approve', { reason: 'ok' }, { 'if-match': '"1"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(await json(res)).toMatchObject({ id: 'API-1', status: 'APPROVED', version: 2 });

    res = await call(NINA, 'POST', '/api/cases/API-1/send', { expectedVersion: 2, to: 'billing@chelsea.example' });
    const sent = await json(res);
    expect(sent).toMatchObject({ status: 'SENT', version: 3, nextDeadline: { date: '2025-05-07', kind: 'offer-expiry' } });
    expect(sent.negotiation.offers[0]).toMatchObject({ version: 1, sentOn: '2025-04-07', sentTo: 'billing@chelsea.example' });

    res = await call(CHELSEA, 'POST', '/api/cases/API-1/counter', { expectedVersion: 3, amountCents: 52_000, note: 'see attached' });
    expect(res.status).toBe(200);
    expect((await json(res)).negotiation.counters).toEqual([expect.objectContaining({ amountCents: 52_000, recordedBy: 'provider:chelsea' })]);

    res = await call(NINA, 'POST', '/api/cases/API-1/revise', { expectedVersion: 4, totalOfferCents: 48_000 });
    expect(await json(res)).toMatchObject({ status: 'REVISED', letter: { key: 'API-1/offer-v2.pdf', version: 2 }, negotiation: { currentOfferCents: 48_000 } });

    res = await call(NINA, 'POST', '/api/cases/API-1/send', { expectedVersion: 5 });
    expect((await json(res)).status).toBe('SENT');

    res = await call(CHELSEA, 'POST', '/api/cases/API-1/accept', { expectedVersion: 6, signature: { name: 'Pat Quinn', title: 'Billing Manager' } });
    const accepted = await json(res);
    expect(accepted).toMatchObject({ status: 'ACCEPTED', negotiation: { agreedCents: 48_000, acceptance: { name: 'Pat Quinn', party: 'provider' } } });

    res = await call(NINA, 'POST', '/api/cases/API-1/settle', {}, { 'if-match': 'W/"7"' });
    expect((await json(res)).status).toBe('SETTLED');

    const agreement = await readPdfText(await desk.objects.get({ bucket: LETTERS_BUCKET.name, key: 'API-1/settlement.pdf' }));
    expect(agreement.text).toContain('$480.00');
  });

  it('serves every offer version and the settlement agreement as PDFs', async () => {
    for (const [query, text] of [['?version=1', 'Offer of payment'], ['?version=2', 'Revised offer, version 2'], ['', 'Revised offer, version 2'], ['?settlement=1', 'SETTLEMENT AGREEMENT']] as const) {
      const res = await call(NINA, 'GET', `/api/cases/API-1/letter${query}`);
      expect(res.status, query).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect((await readPdfText(new Uint8Array(await res.arrayBuffer()))).text, query).toContain(text);
    }
    expect((await call(NINA, 'GET', '/api/cases/API-1/letter?settlement=1')).headers.get('content-disposition')).toContain('API-1-settlement.pdf');
    expect((await call(NINA, 'GET', '/api/cases/API-1/letter?version=7')).status).toBe(404);
  });

  it('shows the history and logs the read in it', async () => {
    const res = await call(SAM, 'GET', '/api/cases/API-1/history');
    expect(res.status).toBe(200);
    const { events } = await json(res);
    expect(events.filter((e: { type: string }) => e.type !== 'case.read').map((e: { type: string }) => e.type)).toEqual([
      'case.created', 'offer.approved', 'offer.sent', 'counter.recorded', 'offer.revised', 'offer.sent', 'offer.accepted', 'case.settled',
    ]);
    const after = await desk.repository.listEvents('API-1');
    expect(after.filter((e) => e.type === 'case.read' && e.actor === 'user:sam')).toHaveLength(1);
    // Each letter download was a read too.
    expect(after.filter((e) => e.type === 'case.read' && e.actor === 'user:nina').length).toBeGreaterThanOrEqual(4);
  });
});

describe('refusals', () => {
  it('answers 401 to nobody, 428 without a version, 409 to a stale one and to an invalid move, 422 to input the case refuses', async () => {
    await draftedCase(desk, 'API-2');
    expect((await call(null, 'POST', '/api/cases/API-2/approve', { expectedVersion: 1 })).status).toBe(401);

    let res = await call(NINA, 'POST', '/api/cases/API-2/approve', {});
    expect(res.status).toBe(428);
    expect((await json(res)).message).toContain('expectedVersion');

    res = await call(NINA, 'POST', '/api/cases/API-2/send', { expectedVersion: 1 });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({
      error: 'InvalidTransition',
      message: expect.stringContaining('cannot send case API-2 in status OFFER_DRAFTED'),
    });

    expect((await call(NINA, 'POST', '/api/cases/API-2/approve', { expectedVersion: 1 })).status).toBe(200);
    res = await call(OMAR, 'PATCH', '/api/cases/API-2/offer', { expectedVersion: 1, totalOfferCents: 40_000 });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({
      error: 'VersionConflict',
      currentVersion: 2,
      message: 'case API-2 was changed by someone else (you edited version 1, it is now version 2); reload and try again',
    });

    res = await call(OMAR, 'PATCH', '/api/cases/API-2/offer', { expectedVersion: 2, lines: [{ lineNumber: 1, offerCents: 45_001 }] });
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({ error: 'InvalidCaseInput', field: 'line 1' });

    res = await call(OMAR, 'PATCH', '/api/cases/API-2/offer', { expectedVersion: 2, totalOfferCents: 'lots' });
    expect(res.status).toBe(400);
    res = await call(OMAR, 'POST', '/api/cases/API-2/approve', 'not an object');
    expect(res.status).toBe(400);
  });

  it('needs a supervisor above the limit', async () => {
    await draftedCase(desk, 'API-3');
    let res = await call(NINA, 'PATCH', '/api/cases/API-3/offer', { expectedVersion: 1, totalOfferCents: 70_000 });
    expect((await json(res)).status).toBe('OFFER_DRAFTED');
    res = await call(NINA, 'POST', '/api/cases/API-3/approve', { expectedVersion: 2 });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toBe('SupervisorApprovalRequired');
    expect((await call(SAM, 'POST', '/api/cases/API-3/approve', { expectedVersion: 2 })).status).toBe(200);
  });

  it("keeps providers to their own cases once an offer was sent, and out of the staff's actions", async () => {
    await draftedCase(desk, 'API-4');
    // Before anything was sent, the provider's own case does not exist for it.
    expect((await call(CHELSEA, 'POST', '/api/cases/API-4/counter', { expectedVersion: 1, amountCents: 1_000 })).status).toBe(404);
    await call(NINA, 'POST', '/api/cases/API-4/approve', { expectedVersion: 1 });
    await call(NINA, 'POST', '/api/cases/API-4/send', { expectedVersion: 2 });
    const other = await call(ELSEWHERE, 'POST', '/api/cases/API-4/counter', { expectedVersion: 3, amountCents: 1_000 });
    expect(other.status).toBe(404);
    expect((await call(ELSEWHERE, 'POST', '/api/cases/NO-SUCH-CASE/counter', { expectedVersion: 3, amountCents: 1_000 })).status).toBe(404);
    expect((await call(CHELSEA, 'POST', '/api/cases/API-4/approve', { expectedVersion: 3 })).status).toBe(403);
    expect((await call(CHELSEA, 'GET', '/api/queue')).status).toBe(403);
    // A provider may not accept its own counter.
    await call(CHELSEA, 'POST', '/api/cases/API-4/counter', { expectedVersion: 3, amountCents: 60_000 });
    const res = await call(CHELSEA, 'POST', '/api/cases/API-4/accept', { expectedVersion: 4, signature: { name: 'Pat Quinn' } });
    expect(res.status).toBe(409);
    expect((await json(res)).message).toContain('a provider may not accept a case in COUNTERED');
  });
});

describe('the queue', () => {
  it("is the caller's assigned cases in deadline order; everyone's with scope=all; filtered by status and TIN", async () => {
    desk.clock.now = new Date('2025-05-01T15:00:00.000Z');
    for (const [id, sendDay] of [['QAPI-1', '2025-05-01'], ['QAPI-2', '2025-04-20'], ['QAPI-3', null]] as const) {
      if (sendDay) desk.clock.now = new Date(`${sendDay}T15:00:00.000Z`);
      await draftedCase(desk, id);
      let version = 1;
      const step = async (path: string, body: object) => {
        const res = await call(SAM, 'POST', `/api/cases/${id}/${path}`, { expectedVersion: version, ...body });
        expect(res.status, `${id} ${path}`).toBe(200);
        version = (await json(res)).version;
      };
      await step('assign', { assignee: 'user:omar' });
      if (sendDay) {
        await step('approve', {});
        await step('send', {});
      }
    }
    desk.clock.now = new Date('2025-05-02T15:00:00.000Z');
    const mine = await json(await call(OMAR, 'GET', '/api/queue'));
    expect(mine.cases.map((c: { id: string }) => c.id)).toEqual(['QAPI-2', 'QAPI-1', 'QAPI-3']);
    expect(mine.cases[0]).toMatchObject({ status: 'SENT', nextDeadline: { date: '2025-05-20' }, billedCents: 114_000, offerCents: 44_000, assignee: 'user:omar' });
    expect(mine.cases[0]).not.toHaveProperty('lines');
    expect((await json(await call(NINA, 'GET', '/api/queue'))).cases.map((c: { id: string }) => c.id)).not.toContain('QAPI-1');
    const all = await json(await call(NINA, 'GET', '/api/queue?scope=all&status=SENT&limit=500'));
    expect(all.cases.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['QAPI-1', 'QAPI-2']));
    const dates = all.cases.map((c: { nextDeadline: { date: string } | null }) => c.nextDeadline?.date ?? '9999');
    expect([...dates].sort()).toEqual(dates);
    const page = await json(await call(OMAR, 'GET', '/api/queue?limit=2'));
    expect(page.cases).toHaveLength(2);
    const rest = await json(await call(OMAR, 'GET', `/api/queue?limit=2&cursor=${page.cursor}`));
    expect(rest.cases.map((c: { id: string }) => c.id)).toEqual(['QAPI-3']);
    expect((await call(OMAR, 'GET', '/api/queue?tin=12')).status).toBe(400);
    expect((await call(OMAR, 'GET', '/api/queue?cursor=garbage')).status).toBe(400);
  });
});

describe('exports and the savings report', () => {
  it('exports cases as CSV and JSON and reports savings, logging each case read', async () => {
    const csv = await call(SAM, 'GET', '/api/exports/cases.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    const [header, ...rows] = text.trimEnd().split('\r\n');
    expect(header).toContain('case_id,status,claim_type,payer');
    const api1 = rows.find((r) => r.startsWith('API-1,'))!;
    expect(api1).toContain(',SETTLED,');
    expect(api1).toContain(',1140.00,');
    expect(api1).toContain(',480.00,');

    const exported = await json(await call(SAM, 'GET', '/api/exports/cases.json?status=SETTLED'));
    expect(exported.cases.map((c: { id: string }) => c.id)).toEqual(['API-1']);
    expect(exported.cases[0]).toMatchObject({ billedCents: 114_000, agreedCents: 48_000, savingsCents: 66_000, savingsPercent: 57.9 });
    expect((await desk.repository.listEvents('API-1')).filter((e) => e.type === 'case.read' && e.data.view === 'export').length).toBe(2);

    const report = await json(await call(SAM, 'GET', '/api/reports/savings?groupBy=provider'));
    expect(report.rows[0]).toMatchObject({ key: '134567890', agreements: 1, agreedCents: 48_000, agreedBilledCents: 114_000, savingsPercent: 57.9 });
    const reportCsv = await call(SAM, 'GET', '/api/reports/savings?groupBy=month&format=csv');
    expect(await reportCsv.text()).toMatch(/^month,cases,offers_sent,agreements/);
    expect((await call(SAM, 'GET', '/api/reports/savings?groupBy=color')).status).toBe(400);
  });
});
