// The hostile suite's way through the real pipeline: one embedded runtime per test file, files put under intake/
// exactly as an upload lands, and each document's final verdict (status, reasons, its cases' reasons) read back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { uploadKey } from '#shared/intake/intake-keys.ts';
import type { StoredCase } from '#shared/model/case.ts';
import type { DocumentRecord, ObjectRef } from '#shared/model/document.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { startLocalRuntime, type LocalRuntime, type RuntimeOptions } from '#local/runtime/runtime.ts';
import { waitForDocuments } from '#local/runtime/submit.ts';

/** A hang guard, far above any case's real time: a case that takes this long is stuck, not slow. */
export const HANG_GUARD_MS = 20_000;

export async function startHostileRuntime(name: string, options: Partial<RuntimeOptions> = {}): Promise<LocalRuntime> {
  return startLocalRuntime({
    dataDir: mkdtempSync(join(tmpdir(), `parley-hostile-${name}-`)),
    inMemoryDatabase: true,
    logger: silentLogger,
    concurrency: 3,
    ...options,
  });
}

export interface Submitted {
  source: ObjectRef;
  documentId: string;
}

let sequence = 0;

/** Puts `body` under intake/upload/ as a provider's upload does; the runtime's ObjectCreated event starts the run. */
export async function submit(runtime: LocalRuntime, fileName: string, body: Uint8Array | string): Promise<Submitted> {
  const key = uploadKey('hostile-tests', `H${String(++sequence).padStart(6, '0')}${Date.now().toString(36).toUpperCase()}`, fileName);
  const response = await runtime.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: body }));
  const source: ObjectRef = { bucket: DOCUMENTS_BUCKET.name, key, versionId: response.VersionId ?? null, etag: response.ETag ?? null };
  return { source, documentId: documentIdFor(source) };
}

export interface Verdict {
  document: DocumentRecord;
  cases: StoredCase[];
  /** The document's reasons and every case's reasons, one list. */
  reasons: string[];
  /** From the document's arrival to its final status, by its own record (a hang guard only, never a speed claim). */
  elapsedMs: number;
  /** Whether the original object is still in the documents bucket, byte for byte the same length. */
  originalKept: boolean;
}

/** Waits for every document to reach a final status, then reads back what Parley decided and why. */
export async function verdicts(runtime: LocalRuntime, submitted: Submitted[], sizes: number[]): Promise<Verdict[]> {
  const documents = await waitForDocuments(
    runtime,
    submitted.map((s) => s.documentId),
    { idleTimeoutMs: HANG_GUARD_MS * 2 },
  );
  return Promise.all(
    documents.map(async (document, i) => {
      if (!document) throw new Error(`document ${submitted[i]!.documentId} was never recorded`);
      const cases = (await Promise.all(document.caseIds.map((id) => runtime.cases.getCase(id)))).filter((c): c is StoredCase => c !== null);
      const head = await runtime.s3.send(new HeadObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: submitted[i]!.source.key })).catch(() => null);
      return {
        document,
        cases,
        reasons: [...document.reasons, ...cases.flatMap((c) => c.reasons)],
        elapsedMs: Date.parse(document.updatedAt) - Date.parse(document.receivedAt),
        originalKept: head?.ContentLength === sizes[i],
      };
    }),
  );
}

/** Errors nobody caught while the suite ran: there must be none. */
export function watchUncaught(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const record = (error: unknown) => errors.push(error);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    errors,
    stop() {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    },
  };
}
