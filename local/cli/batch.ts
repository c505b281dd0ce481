// Submit a batch of files, follow them to a final state, copy their letters out: shared by `start` and `process`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import type { CaseRecord } from '#shared/model/case.ts';
import type { DocumentRecord } from '#shared/model/document.ts';
import type { LocalRuntime } from '../runtime/runtime.ts';
import { submitFiles, waitForDocuments } from '../runtime/submit.ts';
import type { CliOutput } from './output.ts';
import { createProgress } from './progress.ts';

export interface BatchDocument {
  path: string;
  documentId: string;
  record: DocumentRecord | null;
  /** Local copies of what Parley answers an 837 with. */
  acknowledgment999Path: string | null;
  repriced837Path: string | null;
}

export interface BatchCase {
  path: string;
  record: CaseRecord;
  letterPath: string | null;
}

export interface BatchResult {
  documents: BatchDocument[];
  cases: BatchCase[];
}

export async function runBatch(
  runtime: LocalRuntime,
  files: string[],
  out: CliOutput,
  options: { lettersDir: string; idleTimeoutMs?: number },
): Promise<BatchResult> {
  const submissions = await submitFiles(runtime, files);
  const progress = createProgress(out, 'Processing');
  const records = await waitForDocuments(
    runtime,
    submissions.map((s) => s.documentId),
    { onProgress: (finished, total) => progress.update(finished, total), idleTimeoutMs: options.idleTimeoutMs },
  );
  progress.done();

  const lettersDir = resolve(options.lettersDir);
  const ediDir = join(lettersDir, '..', 'edi');
  const documents: BatchDocument[] = [];
  for (const [i, s] of submissions.entries()) {
    const record = records[i] ?? null;
    documents.push({
      path: s.path,
      documentId: s.documentId,
      record,
      acknowledgment999Path: await copyObject(runtime, record?.artifacts.acknowledgment999, join(ediDir, `${s.documentId}-999.x12`)),
      repriced837Path: await copyObject(runtime, record?.artifacts.repriced837, join(ediDir, `${s.documentId}-repriced.837`)),
    });
  }
  const cases: BatchCase[] = [];
  for (const document of documents) {
    for (const caseId of document.record?.caseIds ?? []) {
      const record = await runtime.cases.getCase(caseId);
      if (!record) continue;
      cases.push({ path: document.path, record, letterPath: await copyLetter(runtime, record, lettersDir) });
    }
  }
  return { documents, cases };
}

async function copyLetter(runtime: LocalRuntime, record: CaseRecord, lettersDir: string): Promise<string | null> {
  if (!record.letter) return null;
  const path = join(lettersDir, `${record.id}-offer-v${record.letter.version}.pdf`);
  return copyObject(runtime, record.letter.key, path, record.letter.bucket);
}

async function copyObject(runtime: LocalRuntime, key: string | null | undefined, path: string, bucket = DOCUMENTS_BUCKET.name): Promise<string | null> {
  if (!key) return null;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await runtime.objects.get({ bucket, key }));
  return path;
}

/** 0: every document became offers; 2: some were refused or need a person; 1: some failed or never finished. */
export function batchExitCode(result: BatchResult): number {
  const statuses = result.documents.map((d) => d.record?.status ?? 'UNFINISHED');
  if (statuses.some((s) => s === 'FAILED' || s === 'UNFINISHED' || !['OFFER_DRAFTED', 'NEEDS_REVIEW', 'REJECTED'].includes(s))) return 1;
  if (statuses.some((s) => s !== 'OFFER_DRAFTED')) return 2;
  return 0;
}
