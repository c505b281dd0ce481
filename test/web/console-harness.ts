// Test support for the console: DynamoDB Local + s3rver, the review router with local accounts, and priced cases.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createS3Client } from '#shared/aws/clients.ts';
import { DynamoAuthStore } from '#shared/api/auth/auth-store.dynamo.ts';
import { createReviewRouter, type ReviewApiDeps } from '#shared/api/review-router.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import type { Bill } from '#shared/model/bill.ts';
import type { CaseRecord, StoredCase } from '#shared/model/case.ts';
import { DocumentRecord, type DocumentKind } from '#shared/model/document.ts';
import type { LinePricing, PricedBill } from '#shared/model/pricing.ts';
import { BUCKETS, DOCUMENTS_BUCKET, LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { CaseService } from '#shared/cases/case-service.ts';
import { CaseSettings } from '#shared/cases/case-settings.ts';
import { DynamoSubmissionStore } from '#shared/intake/upload/submission-store.dynamo.ts';
import { S3UploadSigner } from '#shared/intake/upload/upload-signer.s3.ts';
import { loadLetterSettings } from '#local/runtime/settings.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import { ensureBuckets } from '#local/runtime/provision.ts';
import { startS3Local, type S3Local } from '#local/runtime/s3-local.ts';
import { caseFixture, professionalBill } from '../support/bill-fixture.ts';
import { startTestDynamo, type TestDynamo } from '../support/local-dynamo.ts';
import { testClock, type Clock } from '../api/auth-support.ts';

export interface ConsoleHarness {
  app: Hono;
  store: DynamoAuthStore;
  cases: DynamoCaseRepository;
  objects: S3ObjectStore;
  clock: Clock;
  stop(): Promise<void>;
}

/** `full`: also the upload routes and the negotiation API, so every route the product serves is registered. */
export async function startConsoleHarness(extra: Partial<ReviewApiDeps> = {}, options: { full?: boolean } = {}): Promise<ConsoleHarness> {
  const folder = mkdtempSync(join(tmpdir(), 'parley-console-'));
  const [dynamo, s3Local]: [TestDynamo, S3Local] = await Promise.all([startTestDynamo(), startS3Local({ directory: folder })]);
  const s3 = createS3Client({ s3Endpoint: s3Local.endpoint });
  await ensureBuckets(s3, BUCKETS);
  const clock = testClock('2025-06-02T14:00:00.000Z');
  const store = new DynamoAuthStore(dynamo.db, dynamo.tableName);
  const cases = new DynamoCaseRepository(dynamo.db, dynamo.tableName, clock.now);
  const objects = new S3ObjectStore(s3);
  const full: Partial<ReviewApiDeps> = options.full
    ? {
        uploads: {
          signer: new S3UploadSigner({ region: 'us-east-1', endpoint: s3Local.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
          submissions: new DynamoSubmissionStore(dynamo.db, dynamo.tableName),
          cases,
          bucket: DOCUMENTS_BUCKET.name,
          now: clock.now,
        },
        negotiation: {
          service: new CaseService({
            cases,
            objects,
            buckets: { letters: LETTERS_BUCKET.name },
            letters: loadLetterSettings(),
            settings: CaseSettings.parse({}),
            now: clock.now,
          }),
          now: clock.now,
        },
      }
    : {};
  const app = createReviewRouter({ cases, objects, ...full, ...extra, console: { store, cognito: false, now: clock.now, ...extra.console } });
  return {
    app,
    store,
    cases,
    objects,
    clock,
    async stop() {
      s3.destroy();
      await Promise.all([dynamo.stop(), s3Local.stop()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function linePricing(lineNumber: number, benchmarkCents: number, offerCents: number): LinePricing {
  return {
    lineNumber,
    method: 'MPFS',
    year: 2025,
    release: 'RVU25D',
    locality: { carrier: '13202', locality: '01', name: 'MANHATTAN' },
    localityAssumed: false,
    facility: false,
    benchmarkCents,
    offerCents,
    rule: { id: 'professional-mpfs-140', description: '140% of Medicare (MPFS)' },
    formula: { workRvu: 1.3, conversionFactor: 32.3465 },
    flags: [{ code: 'CHARGE_FAR_ABOVE_BENCHMARK', severity: 'info', message: 'Billed is far above the benchmark.' }],
    explanation: `2025 MPFS non-facility rate: $${(benchmarkCents / 100).toFixed(2)}. Offer: 140% of Medicare (MPFS).`,
  };
}

export interface PricedCaseOptions {
  providerName?: string;
  tin?: string;
  payer?: string;
  claimNumber?: string;
  accountNumber?: string;
  /** Charge per line, in cents. */
  charges?: number[];
  documentKind?: DocumentKind;
  status?: CaseRecord['status'];
  deadline?: string | null;
  bill?: Partial<Bill>;
}

/** A priced case (two lines unless told) with provenance boxes on page 1, as a PDF bill would have. */
export function pricedCase(id: string, options: PricedCaseOptions = {}): CaseRecord {
  const base = professionalBill();
  const charges = options.charges ?? [45000, 38000];
  const lines = charges.map((chargeCents, i) => ({ ...base.lines[0]!, lineNumber: i + 1, code: ['99213', '20610', '73562', '36415'][i % 4]!, chargeCents }));
  const provenance: Bill['provenance'] = {};
  lines.forEach((_, i) => {
    provenance[`lines.${i}.code`] = { engine: 'pdf-text', page: 1, box: '24D', bbox: { left: 0.34, top: 0.68 + i * 0.03, width: 0.03, height: 0.009 }, confidence: i === 1 ? 0.62 : 1 };
    provenance[`lines.${i}.chargeCents`] = { engine: 'pdf-text', page: 1, box: '24F', bbox: { left: 0.67, top: 0.68 + i * 0.03, width: 0.03, height: 0.009 }, confidence: 1 };
  });
  const bill: Bill = {
    ...base,
    claimNumber: options.claimNumber ?? `CLM-${id}`,
    providers: [{ ...base.providers[0]!, name: options.providerName ?? base.providers[0]!.name, tin: options.tin ?? base.providers[0]!.tin }],
    payer: { name: options.payer ?? 'EXAMPLE EMPLOYER HEALTH PLAN', id: 'EEHP01' },
    patient: { ...base.patient, accountNumber: options.accountNumber ?? `ACCT-${id}` },
    totalChargeCents: charges.reduce((a, b) => a + b, 0),
    lines,
    provenance,
    ...options.bill,
  };
  const pricingLines = lines.map((l) => linePricing(l.lineNumber, Math.round(l.chargeCents / 4), Math.round((l.chargeCents / 4) * 1.4)));
  const pricing: PricedBill = {
    lines: pricingLines,
    totals: {
      chargeCents: bill.totalChargeCents!,
      benchmarkCents: pricingLines.reduce((s, p) => s + p.benchmarkCents!, 0),
      offerCents: pricingLines.reduce((s, p) => s + p.offerCents!, 0),
      unpricedLines: 0,
    },
    flags: [],
    methodSummary: '140% of the 2025 Medicare Physician Fee Schedule for locality 13202-01',
    pricedAt: '2025-06-01T10:00:00.000Z',
  };
  return {
    ...caseFixture(id, { bill, pricing, status: options.status ?? 'OFFER_DRAFTED' }),
    documentId: `DOC${id.replace(/[^A-Z0-9]/g, '')}`,
    source: { bucket: DOCUMENTS_BUCKET.name, key: `intake/upload/test/${id}/bill.pdf`, versionId: null, etag: 'e' },
    fileName: 'bill.pdf',
    nextDeadline: options.deadline ? { date: options.deadline, kind: 'offer-expiry' } : null,
  };
}

/** Stores the case, and its source document (the bundled CMS-1500 PDF unless told) with its document record. */
export async function storeCase(h: ConsoleHarness, record: CaseRecord, document: { bytes?: Uint8Array; kind?: DocumentKind } = {}): Promise<StoredCase> {
  const bytes = document.bytes ?? new Uint8Array(readFileSync('samples/cms1500-office-visits-miami.pdf'));
  await h.objects.put({ bucket: record.source.bucket, key: record.source.key, body: bytes, contentType: 'application/pdf' });
  await h.cases.registerDocument(DocumentRecord.parse({
    id: record.documentId,
    source: record.source,
    fileName: record.fileName,
    submissionId: null,
    submittedBy: null,
    kind: document.kind ?? 'pdf',
    status: 'OFFER_DRAFTED',
    reasons: [],
    caseIds: [record.id],
    receivedAt: record.createdAt,
    updatedAt: record.createdAt,
  }));
  return (await h.cases.createCase(record, { actor: 'system:test', type: 'case.created', reason: null, data: {} })).case;
}
