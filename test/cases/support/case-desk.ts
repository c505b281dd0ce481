// Test support for the case service: DynamoDB Local + s3rver, a settable clock, and priced cases in any state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '#shared/aws/clients.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { CaseService, type CaseActor, type CaseServiceDeps } from '#shared/cases/case-service.ts';
import { CaseSettings, type CaseSettingsInput } from '#shared/cases/case-settings.ts';
import { offerLetterKey } from '#shared/cases/letter-keys.ts';
import type { OfferMail, OfferMailer } from '#shared/cases/offer-mailer.ts';
import { renderOfferLetter } from '#shared/letters/offer-letter.ts';
import { offerLetterInputFor } from '#shared/letters/offer-letter-from-case.ts';
import type { Bill } from '#shared/model/bill.ts';
import { CaseRecord, type StoredCase } from '#shared/model/case.ts';
import type { PricedBill } from '#shared/model/pricing.ts';
import { LetterSettings } from '#shared/pipeline/letter-settings.ts';
import { BUCKETS, LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import { startS3Local, type S3Local } from '#local/runtime/s3-local.ts';
import { ensureBuckets } from '#local/runtime/provision.ts';
import { startTestDynamo, type TestDynamo } from '../../support/local-dynamo.ts';
import { caseFixture, professionalBill } from '../../support/bill-fixture.ts';

export const NEGOTIATOR: CaseActor = { id: 'user:nina', role: 'negotiator' };
export const OTHER_NEGOTIATOR: CaseActor = { id: 'user:omar', role: 'negotiator' };
export const SUPERVISOR: CaseActor = { id: 'user:sam', role: 'supervisor' };
export const PROVIDER: CaseActor = { id: 'provider:chelsea-billing', role: 'provider', providerTin: '134567890' };
export const OTHER_PROVIDER: CaseActor = { id: 'provider:elsewhere', role: 'provider', providerTin: '999999999' };

export const LETTERS = LetterSettings.parse({
  letterhead: { organizationName: 'Parley Claims Review', addressLines: ['100 Example Plaza', 'Hartford, CT 06103'] },
  negotiator: { name: 'Dana Whitfield', title: 'Senior Claims Negotiator', email: 'dana@parley.example' },
  paymentDays: 30,
  offerExpiryDays: 30,
});

/** Captures mails instead of sending them (the local outbox adapter is tested on its own). */
export class CapturingMailer implements OfferMailer {
  readonly sent: OfferMail[] = [];
  async sendOffer(mail: OfferMail) {
    this.sent.push(mail);
    return { messageId: `<${mail.caseId}-v${mail.version}@test>` };
  }
}

export interface CaseDesk {
  dynamo: TestDynamo;
  s3: S3Client;
  repository: DynamoCaseRepository;
  objects: S3ObjectStore;
  mailer: CapturingMailer;
  clock: { now: Date };
  service(overrides?: { settings?: CaseSettingsInput; cases?: CaseServiceDeps['cases'] }): CaseService;
  /** Keys under `<caseId>/` in the letters bucket. */
  letterKeys(caseId: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startCaseDesk(): Promise<CaseDesk> {
  const folder = mkdtempSync(join(tmpdir(), 'parley-desk-'));
  const [dynamo, s3Local]: [TestDynamo, S3Local] = await Promise.all([startTestDynamo(), startS3Local({ directory: folder })]);
  const s3 = createS3Client({ s3Endpoint: s3Local.endpoint });
  await ensureBuckets(s3, BUCKETS);
  const clock = { now: new Date('2025-04-07T15:00:00.000Z') };
  const now = () => clock.now;
  const repository = new DynamoCaseRepository(dynamo.db, dynamo.tableName, now);
  const objects = new S3ObjectStore(s3);
  const mailer = new CapturingMailer();
  return {
    dynamo,
    s3,
    repository,
    objects,
    mailer,
    clock,
    service: (overrides = {}) =>
      new CaseService({
        cases: overrides.cases ?? repository,
        objects,
        buckets: { letters: LETTERS_BUCKET.name },
        letters: LETTERS,
        settings: CaseSettings.parse(overrides.settings ?? {}),
        mailer,
        now,
      }),
    async letterKeys(caseId) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: LETTERS_BUCKET.name, Prefix: `${caseId}/` }));
      return (listed.Contents ?? []).map((o) => o.Key!).sort();
    },
    async stop() {
      s3.destroy();
      await Promise.all([dynamo.stop(), s3Local.stop()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Three professional lines, all priced at 140% of a benchmark; billed $1,140.00, offered $440.00. */
export function threeLineBill(): Bill {
  const bill = professionalBill();
  const line = bill.lines[0]!;
  return {
    ...bill,
    totalChargeCents: 114_000,
    lines: [
      { ...line, lineNumber: 1, code: '99204', chargeCents: 45_000 },
      { ...line, lineNumber: 2, code: '20610', chargeCents: 39_000 },
      { ...line, lineNumber: 3, code: '73562', chargeCents: 30_000 },
    ],
  };
}

export function pricingFor(bill: Bill, benchmarks: number[], offers: number[]): PricedBill {
  const lines = bill.lines.map((line, i) => ({
    lineNumber: line.lineNumber,
    method: 'MPFS' as const,
    year: 2025,
    release: '2025A',
    locality: { carrier: '13202', locality: '01', name: 'MANHATTAN, NY' },
    localityAssumed: false,
    facility: false,
    benchmarkCents: benchmarks[i] ?? null,
    offerCents: offers[i] ?? null,
    rule: { id: 'prof-140', description: '140% of Medicare' },
    formula: { cf: 32.3465 },
    flags: [],
    explanation: `140% of the 2025 MPFS amount for ${line.code}.`,
  }));
  return {
    lines,
    totals: {
      chargeCents: bill.lines.reduce((s, l) => s + l.chargeCents, 0),
      benchmarkCents: lines.reduce((s, l) => s + (l.benchmarkCents ?? 0), 0),
      offerCents: lines.reduce((s, l) => s + (l.benchmarkCents === null ? 0 : (l.offerCents ?? 0)), 0),
      unpricedLines: lines.filter((l) => l.benchmarkCents === null).length,
    },
    flags: [],
    methodSummary: '140% of the 2025 Medicare Physician Fee Schedule for locality 13202-01 (Manhattan, NY)',
    pricedAt: '2025-04-02T10:00:00.000Z',
  };
}

/**
 * A case as the pipeline leaves it: OFFER_DRAFTED with letter version 1 in the letters bucket.
 * Benchmarks $185.71 + $100.00 + $28.57 = $314.28; offers $260.00 + $140.00 + $40.00 = $440.00.
 */
export async function draftedCase(desk: CaseDesk, id: string, overrides: Partial<CaseRecord> = {}): Promise<StoredCase> {
  const bill = overrides.bill ?? threeLineBill();
  const pricing = overrides.pricing ?? pricingFor(bill, [18_571, 10_000, 2_857], [26_000, 14_000, 4_000]);
  const pdf = await renderOfferLetter(offerLetterInputFor({ caseId: id, bill, pricing, letterDate: '2025-04-02', settings: LETTERS, version: 1 }));
  const key = offerLetterKey(id, 1);
  await desk.objects.put({ bucket: LETTERS_BUCKET.name, key, body: pdf, contentType: 'application/pdf' });
  const record = caseFixture(id, {
    status: 'OFFER_DRAFTED',
    bill,
    pricing,
    letter: { bucket: LETTERS_BUCKET.name, key, version: 1, createdAt: '2025-04-02T10:00:00.000Z' },
    ...overrides,
  });
  const { case: stored } = await desk.repository.createCase(record, { actor: 'system:draft', type: 'case.created', reason: null, data: {} });
  return stored;
}

/** Stores a case exactly as given (any status, any negotiation state): for the transition table. */
export async function storedCase(desk: CaseDesk, record: CaseRecord): Promise<StoredCase> {
  return (await desk.repository.createCase(CaseRecord.parse(record), { actor: 'system:test', type: 'case.created', reason: null, data: {} })).case;
}
