// The embedded runtime: DynamoDB Local and s3rver on loopback, the table and buckets, and the in-process runner,
// wired so that an object created under intake/ starts a workflow exactly as S3 -> SQS -> Step Functions does on AWS.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDocumentClient, createS3Client } from '#shared/aws/clients.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { readDocument, createLocalOcr, type OcrEngine } from '#shared/extract/documents/index.ts';
import { startWorkflowForObject } from '#shared/intake/start-workflow.ts';
import type { Logger } from '#shared/observability/logger.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';
import { loadOfferRules } from '#shared/pricing/offer-rules.ts';
import { loadPricingTables } from '#shared/pricing/tables.ts';
import type { UploadRouteDeps } from '#shared/api/upload-routes.ts';
import { DynamoSubmissionStore } from '#shared/intake/upload/submission-store.dynamo.ts';
import { S3UploadSigner } from '#shared/intake/upload/upload-signer.s3.ts';
import type { UploadPolicy } from '#shared/intake/upload/upload-policy.ts';
import { DEFAULT_EMAIL_LIMITS, type EmailLimits } from '#shared/intake/email/email-limits.ts';
import { DynamoEmailIntakeStore } from '#shared/intake/email/email-intake-store.dynamo.ts';
import { EmailIntakeWorker } from '#shared/intake/email/email-intake-worker.ts';
import { S3MessageObjects } from '#shared/intake/email/message-objects.s3.ts';
import { loadTpaSenders } from '#shared/intake/email/tpa-senders.ts';
import type { ObjectRef } from '#shared/model/document.ts';
import { BUCKETS, DOCUMENTS_BUCKET, INTAKE_EMAIL_PREFIX, INTAKE_UPLOAD_PREFIX, LETTERS_BUCKET, PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import { ExecutionRegistry } from '../runner/execution-registry.dynamo.ts';
import { LocalRunner } from '../runner/local-runner.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { acquireDataLock, type DataLock } from './data-lock.ts';
import { ensureBuckets, ensureTable } from './provision.ts';
import { reconcileIntake } from './reconcile-intake.ts';
import { startS3Local, type S3Local } from './s3-local.ts';
import { loadEdiSettings, loadLetterSettings } from './settings.ts';
import { startUploadGateway } from './upload-gateway.ts';
import { OutboxMailSender } from './outbox.ts';
import { CONFIG_DIR } from './project-paths.ts';
import { startSmtpListener, type SmtpListener } from './smtp-listener.ts';

export interface RuntimeOptions {
  /** Folder for all local state; `fresh` wipes it first. */
  dataDir: string;
  fresh?: boolean;
  /** Keep DynamoDB in memory (tests); objects still go to dataDir. */
  inMemoryDatabase?: boolean;
  /** Documents processed at once. */
  concurrency?: number;
  configDir?: string;
  logger: Logger;
  now?: () => Date;
  /** Provider upload limits (size, URL lifetime); defaults in shared/intake/upload/upload-policy.ts. */
  uploadPolicy?: Partial<UploadPolicy>;
  /**
   * False opens the data without processing anything (no intake events, no resumed runs): for commands that inspect
   * or change state, such as `parley doctor`.
   */
  processing?: boolean;
  /** Tests wrap the step services (e.g. to inject faults into S3 and DynamoDB calls). */
  decorateServices?: (services: PipelineServices) => PipelineServices;
  /** Tests shorten the runner's retry back-off. */
  retrySleep?: (ms: number) => Promise<void>;
  /** Listen for mail on 127.0.0.1 (`parley start`); absent, no listener. fallbackToFreePort: when the port is taken. */
  smtp?: { port: number; fallbackToFreePort?: boolean };
  /** Email intake limits; defaults in shared/intake/email/email-limits.ts. */
  emailLimits?: Partial<EmailLimits>;
}

export interface LocalRuntime {
  dataDir: string;
  /** uploads: where presigned upload URLs point (checks signatures, then stores in s3rver). */
  endpoints: { s3: string; dynamodb: string; uploads: string };
  s3: S3Client;
  db: DynamoDBDocumentClient;
  cases: DynamoCaseRepository;
  objects: S3ObjectStore;
  services: PipelineServices;
  runner: LocalRunner;
  /** What the upload routes (POST /api/uploads, GET /api/submissions/:id) need. */
  uploads: UploadRouteDeps;
  /** Runs that a previous, killed process left unfinished (or never started) and that were resumed. */
  resumed: number;
  registry: ExecutionRegistry;
  /** Email intake: the SMTP listener (when asked for), the outbox of acknowledgments, the worker (idle() for tests). */
  email: { smtp: SmtpListener | null; intakeAddress: string; outbox: string; worker: EmailIntakeWorker };
  /** What an s3rver ObjectCreated event does for this object; calling it again is a redelivered event. */
  objectCreated(source: ObjectRef): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: RuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataLock(dataDir);
  const cleanups: (() => Promise<void> | void)[] = [() => lock.release()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    return await compose(options, dataDir, lock, cleanups, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function compose(
  options: RuntimeOptions,
  dataDir: string,
  _lock: DataLock,
  cleanups: (() => Promise<void> | void)[],
  stop: () => Promise<void>,
): Promise<LocalRuntime> {
  const [dynamo, s3Local] = await Promise.all([
    startDynamoDbLocal({ dataDir: options.inMemoryDatabase ? undefined : join(dataDir, 'dynamodb') }),
    startS3Local({ directory: join(dataDir, 's3') }),
  ]);
  cleanups.push(() => dynamo.stop(), () => s3Local.stop());

  const endpoints = { s3Endpoint: s3Local.endpoint, dynamoEndpoint: dynamo.endpoint };
  const s3 = createS3Client(endpoints);
  const db = createDynamoDocumentClient(endpoints);
  cleanups.push(() => s3.destroy(), () => db.destroy());
  await provision(dynamo, s3);

  const now = options.now ?? (() => new Date());
  const cases = new DynamoCaseRepository(db, PARLEY_TABLE.name, now);
  const objects = new S3ObjectStore(s3);
  let ocr: OcrEngine | null = null;
  cleanups.push(() => ocr?.close());
  const baseServices: PipelineServices = {
    objects,
    cases,
    buckets: { documents: DOCUMENTS_BUCKET.name, letters: LETTERS_BUCKET.name },
    readDocument: (bytes, kind) => readDocument(bytes, { kind, ocr: (ocr ??= createLocalOcr()) }),
    pricing: { tables: loadPricingTables(), rules: loadOfferRules() },
    letters: loadLetterSettings(options.configDir),
    edi: loadEdiSettings(options.configDir),
    logger: options.logger,
    now,
    claimConcurrency: 8,
  };
  const services = options.decorateServices?.(baseServices) ?? baseServices;

  const registry = new ExecutionRegistry(db, PARLEY_TABLE.name);
  const runner = new LocalRunner(services, registry, {
    concurrency: options.concurrency ?? 2,
    sleep: options.retrySleep,
  });
  cleanups.push(() => runner.stop());
  const email = emailIntake(options, dataDir, s3, db, now);
  cleanups.push(() => email.worker.stop());
  const objectCreated = async (source: ObjectRef): Promise<void> => {
    if (source.key.startsWith(INTAKE_EMAIL_PREFIX)) {
      await email.worker.submit(source);
      return;
    }
    await startWorkflowForObject(source, runner);
  };
  let resumed = 0;
  if (options.processing !== false) {
    connectIntakeEvents(s3Local, objectCreated, options.logger);
    resumed = (await runner.resumeUnfinished()) + (await reconcileIntake(s3, DOCUMENTS_BUCKET.name, runner));
    // Messages a killed process stored but never finished: offered again (a processed one is a no-op).
    for await (const message of email.objects.list(DOCUMENTS_BUCKET.name, INTAKE_EMAIL_PREFIX)) void email.worker.submit(message);
  }
  let smtp: SmtpListener | null = null;
  if (options.smtp && options.processing !== false) {
    smtp = await startSmtpListener({
      port: options.smtp.port,
      fallbackToFreePort: options.smtp.fallbackToFreePort,
      intakeAddress: email.senders.intakeAddress,
      maxMessageBytes: email.limits.maxMessageBytes,
      deliver: async (objectId, raw) => {
        await email.objects.put({ bucket: DOCUMENTS_BUCKET.name, key: `${INTAKE_EMAIL_PREFIX}${objectId}`, body: raw, contentType: 'message/rfc822' });
      },
      logger: options.logger,
      now,
    });
    const listener = smtp;
    cleanups.push(() => listener.stop());
  }

  const gateway = await startUploadGateway({
    target: s3Local.endpoint,
    credentials: S3RVER_CREDENTIALS,
    allowedPrefixes: [`/${DOCUMENTS_BUCKET.name}/${INTAKE_UPLOAD_PREFIX}`],
    now,
  });
  const signer = new S3UploadSigner({ region: 'us-east-1', endpoint: gateway.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  cleanups.push(() => gateway.stop(), () => signer.destroy());
  const uploads: UploadRouteDeps = {
    signer,
    submissions: new DynamoSubmissionStore(db, PARLEY_TABLE.name),
    cases,
    bucket: DOCUMENTS_BUCKET.name,
    policy: options.uploadPolicy,
    now,
  };

  return {
    dataDir,
    endpoints: { s3: s3Local.endpoint, dynamodb: dynamo.endpoint, uploads: gateway.endpoint },
    s3,
    db,
    cases,
    objects,
    services,
    runner,
    uploads,
    resumed,
    registry,
    email: { smtp, intakeAddress: email.senders.intakeAddress, outbox: email.outbox, worker: email.worker },
    objectCreated,
    stop,
  };
}

/** The email intake as SES -> S3 -> Lambda runs it, with the outbox for SES and config/tpa-senders.json. */
function emailIntake(options: RuntimeOptions, dataDir: string, s3: S3Client, db: DynamoDBDocumentClient, now: () => Date) {
  const configured = join(options.configDir ?? CONFIG_DIR, 'tpa-senders.json');
  const senders = loadTpaSenders(existsSync(configured) ? configured : join(CONFIG_DIR, 'tpa-senders.json'));
  const limits: EmailLimits = { ...DEFAULT_EMAIL_LIMITS, ...options.emailLimits };
  const outbox = join(dataDir, 'outbox');
  const objects = new S3MessageObjects(s3);
  const worker = new EmailIntakeWorker({
    objects,
    store: new DynamoEmailIntakeStore(db, PARLEY_TABLE.name),
    submissions: new DynamoSubmissionStore(db, PARLEY_TABLE.name),
    mail: new OutboxMailSender(outbox, now),
    senders,
    documentsBucket: DOCUMENTS_BUCKET.name,
    limits,
    acceptUnverifiedFromAllowListed: senders.localMail.acceptUnverifiedFromAllowListedSenders,
    logger: options.logger,
    now,
    // One process owns the data folder: a message left PROCESSING is from a process that died.
    leaseMs: 60_000,
  });
  return { senders, limits, outbox, objects, worker };
}

const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function provision(dynamo: DynamoDbLocal, s3: S3Client): Promise<void> {
  const admin = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTable(admin, PARLEY_TABLE);
  } finally {
    admin.destroy();
  }
  await ensureBuckets(s3, BUCKETS);
}

/** s3rver's ObjectCreated records become the same calls the AWS queue consumers make (start a workflow, split an email). */
function connectIntakeEvents(s3Local: S3Local, objectCreated: (source: ObjectRef) => Promise<void>, logger: Logger): void {
  s3Local.onEvent((record) => {
    if (!record.eventName.startsWith('ObjectCreated:') || record.s3.bucket.name !== DOCUMENTS_BUCKET.name) return;
    const source = {
      bucket: record.s3.bucket.name,
      key: record.s3.object.key,
      versionId: record.s3.object.versionId ?? null,
      etag: record.s3.object.eTag ?? null,
    };
    objectCreated(source).catch((error: Error) =>
      logger.error('could not start a workflow', { key: source.key.startsWith('intake/') ? 'intake/...' : 'other', error: error.name }),
    );
  });
}
