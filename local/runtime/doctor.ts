// What needs attention in a data folder: failed documents, stuck ones, unfinished runs, and intake objects that
// never became a document.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import pMap from 'p-map';
import type { DocumentRecord } from '#shared/model/document.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { IN_PROGRESS_DOCUMENT_STATUSES } from '#shared/pipeline/reprocess.ts';
import { startsBillWorkflow } from '#shared/intake/start-workflow.ts';
import { DOCUMENTS_BUCKET, INTAKE_PREFIX } from '#shared/storage/definitions.ts';
import type { Execution } from '../runner/execution-registry.dynamo.ts';
import type { LocalRuntime } from './runtime.ts';

export interface DoctorReport {
  failed: DocumentRecord[];
  stuck: DocumentRecord[];
  unfinishedRuns: Execution[];
  /** Bill objects under intake/ with no document record: their start was lost. */
  orphanObjects: string[];
}

export async function examine(runtime: LocalRuntime): Promise<DoctorReport> {
  const [failed, stuck, unfinishedRuns, orphanObjects] = await Promise.all([
    runtime.cases.listDocuments({ status: 'FAILED' }),
    Promise.all(IN_PROGRESS_DOCUMENT_STATUSES.map((status) => runtime.cases.listDocuments({ status }))).then((lists) => lists.flat()),
    runtime.registry.unfinished(),
    orphans(runtime),
  ]);
  return { failed, stuck, unfinishedRuns, orphanObjects };
}

export function isHealthy(report: DoctorReport): boolean {
  return report.failed.length + report.stuck.length + report.unfinishedRuns.length + report.orphanObjects.length === 0;
}

async function orphans(runtime: LocalRuntime): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await runtime.s3.send(new ListObjectsV2Command({ Bucket: DOCUMENTS_BUCKET.name, Prefix: INTAKE_PREFIX, ContinuationToken: token }));
    const found = await pMap(
      (page.Contents ?? []).filter((o) => startsBillWorkflow(o.Key!)),
      async (object) => {
        const id = documentIdFor({ bucket: DOCUMENTS_BUCKET.name, key: object.Key!, versionId: null, etag: object.ETag ?? null });
        return (await runtime.cases.getDocument(id)) ? null : object.Key!;
      },
      { concurrency: 8 },
    );
    keys.push(...found.filter((k): k is string => k !== null));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}
