// Puts files into the intake prefix exactly as a provider's upload would, and waits for their documents to finish.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { FINAL_DOCUMENT_STATUSES, type DocumentRecord, type ObjectRef } from '#shared/model/document.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import { uploadKey } from '#shared/intake/intake-keys.ts';
import { safeFileName } from '#shared/intake/upload/safe-file-name.ts';
import type { LocalRuntime } from './runtime.ts';

export interface Submission {
  /** The path the user gave (or found in a folder they gave). */
  path: string;
  source: ObjectRef;
  documentId: string;
}

/** Files in the order given; folders expanded recursively in name order; hidden files skipped. */
export function expandPaths(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => !name.startsWith('.'))
      .sort()
      .flatMap((name) => expandPaths([join(path, name)]));
  });
}

export async function submitFiles(runtime: LocalRuntime, files: string[], submitter = 'cli'): Promise<Submission[]> {
  const submissions: Submission[] = [];
  for (const path of files) {
    const body = readFileSync(path);
    // The submission id comes from the content: submitting the same file again names the same object (nothing new).
    const submissionId = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const key = uploadKey(submitter, submissionId, safeFileName(basename(path)));
    const response = await runtime.s3.send(
      new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET.name, Key: key, Body: body, Metadata: { 'submitted-by': submitter } }),
    );
    const source: ObjectRef = { bucket: DOCUMENTS_BUCKET.name, key, versionId: response.VersionId ?? null, etag: response.ETag ?? null };
    submissions.push({ path, source, documentId: documentIdFor(source) });
  }
  return submissions;
}

export interface WaitOptions {
  /** Give up when no document changed for this long. */
  idleTimeoutMs?: number;
  onProgress?(finished: number, total: number): void;
}

/**
 * Resolves with each document's record once all are final, or with what is known when nothing moved for
 * `idleTimeoutMs`. Final documents are found through the status index, so a batch of thousands costs a few queries a
 * second, not a read per document.
 */
export async function waitForDocuments(runtime: LocalRuntime, documentIds: string[], options: WaitOptions = {}): Promise<(DocumentRecord | null)[]> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
  const wanted = new Set(documentIds);
  const final = new Map<string, DocumentRecord>();
  let lastChange = Date.now();
  let reported = -1;
  for (;;) {
    for (const status of FINAL_DOCUMENT_STATUSES) {
      for (const document of await runtime.cases.listDocuments({ status })) {
        if (wanted.has(document.id) && !final.has(document.id)) final.set(document.id, document);
      }
    }
    if (final.size !== reported) {
      options.onProgress?.(final.size, wanted.size);
      reported = final.size;
      lastChange = Date.now();
    }
    if (final.size === wanted.size || Date.now() - lastChange > idleTimeoutMs) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return Promise.all(documentIds.map(async (id) => final.get(id) ?? (await runtime.cases.getDocument(id))));
}
