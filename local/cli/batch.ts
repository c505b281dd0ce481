// Submit a batch of files, follow them to a final state, copy their letters out: shared by `start` and `process`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

  const documents = submissions.map((s, i) => ({ path: s.path, documentId: s.documentId, record: records[i] ?? null }));
  const lettersDir = resolve(options.lettersDir);
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
  mkdirSync(lettersDir, { recursive: true });
  const path = join(lettersDir, `${record.id}-offer-v${record.letter.version}.pdf`);
  writeFileSync(path, await runtime.objects.get({ bucket: record.letter.bucket, key: record.letter.key }));
  return path;
}

/** 0: every document became offers; 2: some were refused or need a person; 1: some failed or never finished. */
export function batchExitCode(result: BatchResult): number {
  const statuses = result.documents.map((d) => d.record?.status ?? 'UNFINISHED');
  if (statuses.some((s) => s === 'FAILED' || s === 'UNFINISHED' || !['OFFER_DRAFTED', 'NEEDS_REVIEW', 'REJECTED'].includes(s))) return 1;
  if (statuses.some((s) => s !== 'OFFER_DRAFTED')) return 2;
  return 0;
}
