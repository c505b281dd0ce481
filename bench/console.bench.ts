// Console pages with 1,000 cases on the local stand-ins: time to answer each main page (data reads + HTML) through
// the review router, median and p95 of repeated requests, against the JSON queue API as the peer.
import { cpus } from 'node:os';
import type { BenchSection } from './bench-section.ts';
import type { CaseStatus } from '#shared/model/case.ts';
import { invalidateCaseSnapshot, SNAPSHOT_SECONDS } from '#shared/web/case-snapshot.ts';
import { signInAs } from '../test/api/auth-support.ts';
import { pricedCase, startConsoleHarness, storeCase } from '../test/web/console-harness.ts';

const CASES = 1000;
const RUNS = 40;
const TARGET_MS = 200;
const PAYERS = ['EXAMPLE EMPLOYER HEALTH PLAN', 'ACME TPA', 'ZENITH BENEFITS', 'KEY INSURANCE COMPANY', 'NORTHWIND HEALTH'];
const STATUSES: CaseStatus[] = ['OFFER_DRAFTED', 'OFFER_DRAFTED', 'APPROVED', 'SENT', 'COUNTERED', 'NEEDS_REVIEW', 'ACCEPTED', 'SETTLED'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

export default async function (): Promise<BenchSection> {
  const h = await startConsoleHarness({}, { full: true });
  try {
    const started = performance.now();
    const pdf = pricedCase('BENCH0000-1', { tin: '100000000' });
    await storeCase(h, pdf);
    const batch: Promise<unknown>[] = [];
    for (let i = 1; i < CASES; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const record = pricedCase(`BENCH${String(i).padStart(4, '0')}-1`, {
        tin: String(100000000 + (i % 40)),
        providerName: `PROVIDER GROUP ${i % 40}`,
        payer: PAYERS[i % PAYERS.length],
        status: STATUSES[i % STATUSES.length],
        deadline: i % 5 === 0 ? null : `2025-${i % 2 ? '06' : '07'}-${day}`,
        charges: [20000 + (i % 17) * 1000, 5000 + (i % 7) * 500, 12000],
      });
      batch.push(h.cases.createCase(record, { actor: 'system:bench', type: 'case.created', reason: null, data: {} }));
      if (batch.length === 50) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    const seeded = performance.now() - started;

    const negotiator = await signInAs(h.app, h.store, h.clock, 'negotiator');
    const provider = await signInAs(h.app, h.store, h.clock, 'provider', { tin: '100000003' });
    const firstPage = await negotiator.get('/queue');
    const nextCursor = /href="\/queue\?cursor=([^"]+)" rel="next"/.exec(await firstPage.text())?.[1];
    const pages: [string, typeof negotiator, string][] = [
      ['Queue, first 50 of the worked cases (indexes)', negotiator, '/queue'],
      ['Queue, next 50 (indexes, cursor)', negotiator, `/queue?cursor=${nextCursor ?? ''}`],
      ['Queue, one status due within 14 days (indexes)', negotiator, '/queue?status=SENT&due=14'],
      ['Queue filtered by TPA + amount + search (snapshot)', negotiator, '/queue?payer=ACME+TPA&min=100&q=BENCH01'],
      ['Queue sorted by billed, page 5 (snapshot)', negotiator, '/queue?sort=billed&page=5'],
      ['Case page (3 lines, PDF source, history)', negotiator, '/cases/BENCH0000-1'],
      ['Savings dashboard, 3 reports over all 1,000 cases (snapshot)', negotiator, '/dashboard'],
      ['Provider portal (its 25 cases)', provider, '/portal'],
      ['Peer: JSON queue API (50 cases)', negotiator, '/api/queue?scope=all&limit=50'],
    ];
    // The page image is rendered once; afterwards it comes from the documents bucket.
    await negotiator.get('/cases/BENCH0000-1/pages/1');
    pages.push(['Document page image (cached PNG)', negotiator, '/cases/BENCH0000-1/pages/1']);

    // The snapshot views pay a full read when the snapshot is cold (first view, 30 s later, or after a change).
    const coldTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      invalidateCaseSnapshot(h.cases);
      const t = performance.now();
      await (await negotiator.get('/dashboard')).arrayBuffer();
      coldTimes.push(performance.now() - t);
    }
    coldTimes.sort((a, b) => a - b);

    const rows: string[] = [];
    let allUnder = true;
    for (const [name, who, path] of pages) {
      const first = await who.get(path);
      if (first.status !== 200) throw new Error(`${path} answered ${first.status}`);
      await first.arrayBuffer();
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const response = await who.get(path);
        bytes = (await response.arrayBuffer()).byteLength;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const median = percentile(times, 50);
      const p95 = percentile(times, 95);
      const isPage = !name.startsWith('Peer') && !name.startsWith('Document');
      if (isPage && p95 >= TARGET_MS) allUnder = false;
      const shown = path.replace(/cursor=[^&]+/, 'cursor=…');
      rows.push(`| ${name} | \`${shown}\` | ${median.toFixed(1)} | ${p95.toFixed(1)} | ${(bytes / 1024).toFixed(0)} KB |`);
    }
    return {
      title: 'Console pages (1,000 cases)',
      lines: [
        `${CASES.toLocaleString('en-US')} cases (8 statuses, 5 TPAs, 40 providers) in DynamoDB Local (in memory), seeded in ${(seeded / 1000).toFixed(1)} s; s3rver for objects. Each page requested ${RUNS} times through the review router in process (session cookie, auth, policy, read log, data reads and HTML), after one warm-up. ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}.`,
        '',
        '| page | path | median ms | p95 ms | size |',
        '|---|---|---:|---:|---:|',
        ...rows,
        '',
        allUnder ? `Every page answers under the ${TARGET_MS} ms target at p95.` : `Some page is above the ${TARGET_MS} ms target at p95 (see the table).`,
        '',
        `"Indexes": read from DynamoDB's deadline-ordered indexes one page at a time (cost independent of the number of cases). "Snapshot": TPA, amount and text filters, other sort orders and the dashboard use an in-process copy of all cases, at most ${SNAPSHOT_SECONDS} s old and dropped after any change made through the server; rebuilding it (cold dashboard) takes median ${percentile(coldTimes, 50).toFixed(0)} ms, max ${coldTimes.at(-1)!.toFixed(0)} ms for ${CASES.toLocaleString('en-US')} cases on DynamoDB Local (5 runs).`,
      ],
    };
  } finally {
    await h.stop();
  }
}
