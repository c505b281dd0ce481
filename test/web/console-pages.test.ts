import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCacheKey } from '#shared/api/document-pages.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { claimSegments } from '#shared/web/x12-source.ts';
import { signInAs, type SignedIn } from '../api/auth-support.ts';
import { pricedCase, startConsoleHarness, storeCase, type ConsoleHarness } from './console-harness.ts';

let h: ConsoleHarness;
let negotiator: SignedIn;
const HOSTILE = '<script>alert("pwn")</script>';

beforeAll(async () => {
  h = await startConsoleHarness();
  negotiator = await signInAs(h.app, h.store, h.clock, 'negotiator');
  await storeCase(h, pricedCase('QA0001-1', { deadline: '2025-06-20', payer: 'ACME TPA', providerName: 'NORTH CLINIC', tin: '111111111', charges: [90000, 10000] }));
  await storeCase(h, pricedCase('QA0002-1', { deadline: '2025-06-05', payer: 'ZENITH BENEFITS', providerName: 'SOUTH HOSPITAL', tin: '222222222', charges: [500000] }));
  await storeCase(h, pricedCase('QA0003-1', { deadline: '2025-05-30', payer: 'ACME TPA', providerName: HOSTILE, tin: '333333333', claimNumber: '"><img src=x onerror=alert(1)>', accountNumber: 'ACCT-77' }));
  await storeCase(h, pricedCase('QA0004-1', { deadline: null, status: 'SETTLED', payer: 'ACME TPA' }));
});
afterAll(async () => h?.stop());

async function html(path: string): Promise<string> {
  const response = await negotiator.get(path);
  expect(response.status).toBe(200);
  return response.text();
}

const caseOrder = (page: string) => [...page.matchAll(/<tr data-case="([^"]+)"/g)].map((m) => m[1]);

describe('the queue', () => {
  it('lists the worked cases, the earliest deadline (overdue) first, and leaves settled ones out', async () => {
    expect(caseOrder(await html('/queue'))).toEqual(['QA0003-1', 'QA0002-1', 'QA0001-1']);
  });

  it('filters by TPA, provider (name or TIN), billed amount, deadline and claim or account number', async () => {
    expect(caseOrder(await html('/queue?payer=ACME+TPA'))).toEqual(['QA0003-1', 'QA0001-1']);
    expect(caseOrder(await html('/queue?provider=south'))).toEqual(['QA0002-1']);
    expect(caseOrder(await html('/queue?provider=11-1111111'))).toEqual(['QA0001-1']);
    expect(caseOrder(await html('/queue?min=1000&max=4999.99'))).toEqual(['QA0001-1']);
    expect(caseOrder(await html('/queue?due=5'))).toEqual(['QA0003-1', 'QA0002-1']);
    expect(caseOrder(await html('/queue?q=acct-77'))).toEqual(['QA0003-1']);
    expect(caseOrder(await html('/queue?status=SETTLED'))).toEqual(['QA0004-1']);
  });

  it('sorts by billed amount when asked', async () => {
    expect(caseOrder(await html('/queue?sort=billed'))).toEqual(['QA0002-1', 'QA0001-1', 'QA0003-1']);
  });

  it('escapes what bills say', async () => {
    const page = await html('/queue');
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt;');
  });
});

describe('the case page', () => {
  it('shows each line with its benchmark, offer, rule and where it was read, escaped', async () => {
    const page = await html('/cases/QA0003-1');
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('140% of Medicare (MPFS)');
    expect(page).toContain('MPFS 2025');
    expect(page).toMatch(/data-line="0" data-field="code" data-left="0.34" data-top="0.68"/);
    // The second line was read with low confidence: it says so.
    expect(page).toMatch(/class="conf-low"[^>]*>62%/);
    // Offers can be edited in this status, each line capped at what it billed.
    expect(page).toMatch(/name="line-1" data-line-number="1" data-billed="45000"/);
  });

  it('records every read of the case in its history, with who read it', async () => {
    await html('/cases/QA0001-1');
    const events = await h.cases.listEvents('QA0001-1');
    expect(events.filter((e) => e.type === 'case.read').map((e) => e.actor)).toContain(negotiator.userId);
  });

  it('answers 404 for a case that does not exist', async () => {
    expect((await negotiator.get('/cases/NOPE-1')).status).toBe(404);
  });
});

describe('document page images', () => {
  it('renders a PDF page to PNG once and serves it from the documents bucket afterwards', { timeout: 60_000 }, async () => {
    const first = await negotiator.get('/cases/QA0001-1/pages/1');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    const png = new Uint8Array(await first.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const cached = await h.objects.get({ bucket: DOCUMENTS_BUCKET.name, key: pageCacheKey('DOCQA00011', 1) });
    expect(Buffer.from(cached).equals(png)).toBe(true);
    const again = await negotiator.get('/cases/QA0001-1/pages/1');
    expect(Buffer.from(await again.arrayBuffer()).equals(png)).toBe(true);
    expect((await negotiator.get('/cases/QA0001-1/pages/2')).status).toBe(404);
  });

  it('serves an image bill as it came', async () => {
    // A 1x1 PNG.
    const png = new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201d6b3a4e40000000049454e44ae426082', 'hex'));
    await storeCase(h, pricedCase('QA0005-1'), { bytes: png, kind: 'png' });
    const response = await negotiator.get('/cases/QA0005-1/pages/1');
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
  });
});

describe('X12 source view', () => {
  it('numbers the segments of the claim\'s transaction set from ST, as the reader does', () => {
    const bytes = new Uint8Array(readFileSync('samples/837p-professional-claims.837'));
    const segments = claimSegments(bytes, 'CHO-2025-00417', [24, 25, 26]);
    expect(segments.find((s) => s.position === 19)?.text).toMatch(/^CLM\*CHO-2025-00417\*/);
    expect(segments.find((s) => s.position === 25)?.text).toMatch(/^SV1\*HC:20610/);
    expect(segments[0]!.position).toBeGreaterThan(1);
  });
});

describe('the case snapshot behind the TPA, amount and search filters and the dashboard', () => {
  it('is read again after its lifetime, and at once after a change made through the server', async () => {
    const sortedIds = async () => caseOrder(await html('/queue?sort=billed'));
    const before = await sortedIds();
    await storeCase(h, pricedCase('QA0009-1', { deadline: '2025-06-10', charges: [990000] }));
    // Not through the server: the snapshot does not know yet, the index-backed default view does.
    expect(await sortedIds()).toEqual(before);
    expect(caseOrder(await html('/queue'))).toContain('QA0009-1');
    h.clock.advanceMinutes(1);
    expect((await sortedIds())[0]).toBe('QA0009-1');

    await storeCase(h, pricedCase('QA0010-1', { deadline: '2025-06-11', charges: [9990000] }));
    expect((await sortedIds())[0]).toBe('QA0009-1');
    // Any change through the server (here: a counteroffer attachment upload) drops the snapshot.
    const upload = await h.app.request('/cases/QA0010-1/attachments', {
      method: 'POST',
      body: 'a note',
      headers: { cookie: negotiator.jar.header(), 'x-csrf-token': negotiator.csrf, 'content-type': 'text/plain', 'x-file-name': 'note.txt' },
    });
    expect(upload.status).toBe(201);
    expect((await sortedIds())[0]).toBe('QA0010-1');
  });
});
