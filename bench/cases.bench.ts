// Case writes and queue reads per second against DynamoDB Local, each beside a peer in the same run: the
// version-guarded transactional update (read + TransactWrite of case and event) against a plain PutItem of the same
// item, and deadline-ordered queue pages (one index partition, and merged status partitions) against a plain Query.
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { createDynamoDocumentClient } from '#shared/aws/clients.ts';
import { QUEUE_STATUSES } from '#shared/cases/case-service.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { CaseStatus, type NextDeadline } from '#shared/model/case.ts';
import { PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { startDynamoDbLocal } from '#local/runtime/dynamodb-local.ts';
import { ensureTable } from '#local/runtime/provision.ts';
import { caseFixture, professionalBill } from '../test/support/bill-fixture.ts';
import type { BenchSection } from './bench-section.ts';

const CASES = Number(process.env.CASES_BENCH_CASES ?? 2000);
const WRITES = Number(process.env.CASES_BENCH_WRITES ?? 600);
const READS = Number(process.env.CASES_BENCH_READS ?? 300);
const CONCURRENCY = 8;
const PAGE = 50;

interface Measured {
  name: string;
  ops: number;
  seconds: number;
  p50: number;
  p95: number;
}

async function measure(name: string, ops: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Measured> {
  const latencies: number[] = [];
  const started = performance.now();
  await pMap(
    Array.from({ length: ops }, (_, i) => i),
    async (i) => {
      const t = performance.now();
      await op(i);
      latencies.push(performance.now() - t);
    },
    { concurrency },
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { name, ops, seconds, p50: at(0.5), p95: at(0.95) };
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

/** A bill of `lines` lines, as the pipeline stores it (compressed with its pricing and negotiation). */
function billOf(lines: number) {
  const bill = professionalBill();
  return { ...bill, lines: Array.from({ length: lines }, (_, i) => ({ ...bill.lines[0]!, lineNumber: i + 1, code: String(99201 + (i % 15)) })) };
}

export default async function casesBench(): Promise<BenchSection> {
  const dynamo = await startDynamoDbLocal();
  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(admin, PARLEY_TABLE);
  admin.destroy();
  const db = createDynamoDocumentClient({ dynamoEndpoint: dynamo.endpoint });
  const table = PARLEY_TABLE.name;
  const cases = new DynamoCaseRepository(db, table);
  const created = { actor: 'system:bench', type: 'case.created', reason: null, data: {} };
  try {
    // A queue: CASES cases over the worked statuses, 20 negotiators, deadlines over three months.
    const statuses = QUEUE_STATUSES;
    const bill = billOf(6);
    await pMap(
      Array.from({ length: CASES }, (_, i) => i),
      (i) => {
        const deadline: NextDeadline | null = i % 7 === 0 ? null : { date: `2025-${String(4 + (i % 3)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, kind: 'offer-expiry' };
        return cases.createCase(
          caseFixture(`BENCH${String(i).padStart(5, '0')}-1`, { status: statuses[i % statuses.length]!, bill, assignee: `user:n${i % 20}`, nextDeadline: deadline }),
          created,
        );
      },
      { concurrency: CONCURRENCY },
    );

    // Writes. The peer is a plain PutItem of the very item the repository stores (no condition, no event).
    const template = (await db.send(new GetCommand({ TableName: table, Key: { pk: 'CASE#BENCH00000-1', sk: 'CASE' } }))).Item!;
    const itemBytes = JSON.stringify(template).length;
    const writeIds = Array.from({ length: WRITES }, (_, i) => `W${String(i).padStart(5, '0')}-1`);
    await pMap(writeIds, (id) => cases.createCase(caseFixture(id, { bill }), created), { concurrency: CONCURRENCY });
    const versions = new Map(writeIds.map((id) => [id, 1]));
    const update = async (i: number) => {
      const id = writeIds[i % writeIds.length]!;
      const version = versions.get(id)!;
      versions.set(id, version + 1);
      await cases.updateCase(id, version, { reasons: [`edit ${version}`] }, { actor: 'user:bench', type: 'case.note', reason: null, data: {} });
    };
    const put = (i: number) => db.send(new PutCommand({ TableName: table, Item: { ...template, pk: `CASE#P${i}`, gsi1pk: 'BENCH#PUT' } }));
    const writes = [
      await measure('plain PutItem (peer)', WRITES, 1, put),
      await measure('updateCase: get + TransactWrite(case put if version, event put)', WRITES, 1, update),
      await measure(`plain PutItem (peer), ${CONCURRENCY} at a time`, WRITES, CONCURRENCY, (i) => put(i + WRITES)),
      await measure(`updateCase, ${CONCURRENCY} at a time (different cases)`, WRITES, CONCURRENCY, (i) => update(i)),
    ];

    // Reads: the first page of a queue, PAGE cases in deadline order.
    const plainQuery = (i: number) =>
      db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byAssignee',
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': `ASSIGNEE#user:n${i % 20}` },
          Limit: PAGE,
        }),
      );
    const reads = [
      await measure(`plain Query, ${PAGE} items of one partition (peer)`, READS, 1, plainQuery),
      await measure(`negotiator queue page (byAssignee, ${PAGE}, parsed)`, READS, 1, (i) => cases.listCases({ assignee: `user:n${i % 20}`, limit: PAGE })),
      await measure(`status queue page (one status, ${PAGE})`, READS, 1, (i) => cases.listCases({ status: statuses[i % statuses.length], limit: PAGE })),
      await measure(`worked-statuses queue page (${statuses.length} partitions merged, ${PAGE})`, READS, 1, () => cases.listCases({ statuses, limit: PAGE })),
      await measure(`all cases page (${CaseStatus.options.length} partitions merged, ${PAGE})`, READS, 1, () => cases.listCases({ limit: PAGE })),
      await measure(`negotiator queue page, ${CONCURRENCY} at a time`, READS, CONCURRENCY, (i) => cases.listCases({ assignee: `user:n${i % 20}`, limit: PAGE })),
    ];

    const rate = (m: Measured) => m.ops / m.seconds;
    const row = (m: Measured, peer: Measured) =>
      `| ${m.name} | ${m.ops} | ${rate(m).toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${(rate(peer) / rate(m)).toFixed(2)}x |`;
    return {
      title: 'Cases: writes and queue reads on DynamoDB Local',
      lines: [
        `Machine: ${cpus().length} CPUs (\`nproc\`), ${cpuModel()}, Node ${process.version}; DynamoDB Local 3.3.1 in memory on the same machine (one JVM).`,
        `${CASES} cases in the table (12 worked statuses, 20 negotiators, deadlines over three months); case item ${(itemBytes / 1024).toFixed(1)} KB with a 6-line bill compressed.`,
        '',
        '| case writes | ops | ops/s | p50 ms | p95 ms | cost vs peer |',
        '|---|---:|---:|---:|---:|---:|',
        row(writes[0]!, writes[0]!),
        row(writes[1]!, writes[0]!),
        row(writes[2]!, writes[2]!),
        row(writes[3]!, writes[2]!),
        '',
        '| queue reads | pages | pages/s | p50 ms | p95 ms | cost vs peer |',
        '|---|---:|---:|---:|---:|---:|',
        ...reads.map((m) => row(m, reads[0]!)),
        '',
        'An update reads the case (consistent GetItem) and writes it with its history event in one transaction guarded by the version: ' +
          'the "cost vs peer" column is how many plain PutItems fit in the time of one. A queue page is parsed into cases (gunzip + zod); ' +
          'merged pages query every status partition in parallel and keep the first 50 by deadline. Absolute figures are DynamoDB Local on one machine, ' +
          'not DynamoDB: use the ratios.',
      ],
    };
  } finally {
    db.destroy();
    await dynamo.stop();
  }
}
