// Pricing benchmark: cold table load (a fresh process, as at a Lambda cold start) and priced lines per second on one
// core in-process, for the bulk MPFS path (precomputed lookups, no allocation per line), priceService (one explained
// service) and priceBill (whole bills: locality, schedules, reductions, offer rules, audit flags, explanations).
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { BenchSection } from './bench-section.ts';
import { loadPricingTables } from '../shared/pricing/tables.ts';
import { MpfsBulkPricer } from '../shared/pricing/mpfs-bulk.ts';
import { priceService } from '../shared/pricing/price-service.ts';
import { priceBill } from '../shared/pricing/price-bill.ts';
import { DEFAULT_OFFER_RULES } from '../shared/pricing/offer-rules.ts';
import { Bill } from '../shared/model/bill.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** Loads the tables in a fresh Node process and reports milliseconds (module import excluded). */
function coldLoad(tablesToBuild: string): { bill: number; all: number } {
  const script = `
    import { register } from 'tsx/esm/api'; register();
    const { loadPricingTables } = await import(${JSON.stringify(join(repo, 'shared/pricing/tables.ts'))});
    const t0 = performance.now();
    const t = loadPricingTables();
    for (const [year, name] of ${tablesToBuild}) t.get(year, name);
    const t1 = performance.now();
    t.loadAll();
    const t2 = performance.now();
    console.log(JSON.stringify({ bill: t1 - t0, all: t2 - t0 }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { bill: number; all: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function rate(run: () => number, seconds = 1): number {
  // Warm up, then time whole runs until `seconds` have passed.
  run();
  let lines = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) lines += run();
  return lines / ((performance.now() - start) / 1000);
}

export default async function (): Promise<BenchSection> {
  const billTables = JSON.stringify([
    [2025, 'mpfs'],
    [2025, 'gpci'],
    [2025, 'conversion-factors'],
    [2026, 'zip-locality'],
    [2025, 'anesthesia'],
    [2025, 'opps'],
    [2026, 'mue'],
    [2026, 'clfs'],
  ]);
  const loads = [coldLoad(billTables), coldLoad(billTables), coldLoad(billTables)];
  const billLoad = median(loads.map((l) => l.bill));
  const allLoad = median(loads.map((l) => l.all));

  const tables = loadPricingTables();
  tables.loadAll();
  const mpfs = tables.mpfs(2025)!;
  const payable: string[] = [];
  for (let r = 0; r < mpfs.file.code.length; r++) {
    if (!mpfs.file.mod[r] && 'ART'.includes(mpfs.file.status[r]!)) payable.push(mpfs.file.code[r]!);
  }
  const localityKeys = [...tables.gpci(2025)!.indexOf.keys()];

  // Bulk path: 1M lines of real codes, localities, settings and units, looked up by code string in the loop.
  const bulk = new MpfsBulkPricer(tables, 2025);
  const N = 1_000_000;
  const codes: string[] = new Array(N);
  const locs = new Int32Array(N);
  const facility = new Uint8Array(N);
  const units = new Float64Array(N);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < N; i++) {
    codes[i] = payable[Math.floor(rnd() * payable.length)]!;
    locs[i] = bulk.localityIndex(localityKeys[Math.floor(rnd() * localityKeys.length)]!);
    facility[i] = rnd() < 0.4 ? 1 : 0;
    units[i] = rnd() < 0.9 ? 1 : 2;
  }
  let checksum = 0;
  const bulkRate = rate(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += bulk.cents(bulk.row(codes[i]!), facility[i] === 1, locs[i]!, units[i]!);
    checksum += sum;
    return N;
  }, 2);

  // priceService: one fully explained service per call.
  const M = 20_000;
  const serviceRate = rate(() => {
    for (let i = 0; i < M; i++) {
      checksum += priceService({ code: codes[i]!, locality: localityKeys[i % localityKeys.length]!, placeOfService: facility[i] ? '22' : '11', date: '2025-06-01', units: units[i]! }, tables).benchmarkCents ?? 0;
    }
    return M;
  });

  // priceBill: 10-line professional bills with ZIPs, same-day procedures, offers and audit flags.
  const zips = ['10001', '90210', '35203', '60601', '77030', '98101', '02115', '33101'];
  const bills: Bill[] = [];
  for (let b = 0; b < 500; b++) {
    bills.push(
      Bill.parse({
        sourceFormat: 'x12-837p',
        claimType: 'professional',
        claimIndex: 0,
        claimNumber: `B${b}`,
        providers: [{ role: 'billing', name: null, npi: null, tin: null, address: { line1: null, line2: null, city: null, state: null, zip: zips[b % zips.length]!, zipPlus4: null } }],
        payer: null,
        patient: { memberId: null, lastName: null, firstName: null, accountNumber: null },
        statementFrom: '2025-03-01',
        statementTo: '2025-03-31',
        placeOfService: b % 3 === 0 ? '22' : '11',
        typeOfBill: null,
        frequencyCode: null,
        diagnoses: [],
        drg: null,
        totalChargeCents: 100000,
        lines: Array.from({ length: 10 }, (_, i) => ({
          lineNumber: i + 1,
          serviceDate: `2025-03-${String(1 + ((b + i) % 28)).padStart(2, '0')}`,
          serviceDateTo: null,
          revenueCode: null,
          code: codes[b * 10 + i]!,
          modifiers: [],
          chargeCents: 10000,
          unitBasis: 'UN',
          units: 1,
          placeOfService: null,
        })),
      }),
    );
  }
  const ctx = { tables, rules: DEFAULT_OFFER_RULES, now: new Date(0) };
  const billRate = rate(() => {
    for (const b of bills) checksum += priceBill(b, ctx).totals.offerCents;
    return bills.length * 10;
  });

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return {
    title: 'Pricing',
    lines: [
      `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; one core (single thread).`,
      '',
      '| measure | result |',
      '|---|---|',
      `| cold load of the tables a bill needs (MPFS, GPCI, CFs, ZIP crosswalk, anesthesia, OPPS, MUE, CLFS), fresh process, median of 3 | ${billLoad.toFixed(1)} ms (goal < 50 ms) |`,
      `| cold load of every table (adds DMEPOS, OPPS cap, HCPCS, 2026 GPCI) | ${allLoad.toFixed(1)} ms |`,
      `| bulk MPFS lines/s (code lookup + GPCI + OPPS cap + units, no allocation; 1M random payable 2025 codes x 109 localities) | ${fmt(bulkRate)} (goal >= 1,000,000) |`,
      `| priceService lines/s (one explained service: formula, flags, sentence) | ${fmt(serviceRate)} |`,
      `| priceBill lines/s (10-line bills: ZIP locality, MPFS/CLFS/anesthesia, same-day reductions, offer rule, audit flags, explanations) | ${fmt(billRate)} |`,
      '',
      `Checksum ${checksum} (keeps the work observable). Module import time is excluded from the load figures (a bundled Lambda has no TypeScript transform).`,
    ],
  };
}
