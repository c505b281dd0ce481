// Putting a failed or stuck document back on the pipeline: the steps are idempotent, so this only undoes the
// failure handler's verdict and says where the run should pick up.
import { NotFound } from '../cases/case-repository.ts';
import type { DocumentRecord, DocumentStatus } from '../model/document.ts';
import type { PipelineServices } from './services.ts';
import type { WorkflowInput } from './workflow-state.ts';

/** Statuses a document passes through while a run works on it: here longer than a run takes, it is stuck. */
export const IN_PROGRESS_DOCUMENT_STATUSES: readonly DocumentStatus[] = ['RECEIVED', 'CLASSIFIED', 'EXTRACTED', 'PRICED'];

export class NothingToReprocess extends Error {
  override readonly name = 'NothingToReprocess';
}

export function needsReprocessing(document: DocumentRecord): boolean {
  return document.status === 'FAILED' || IN_PROGRESS_DOCUMENT_STATUSES.includes(document.status);
}

export async function prepareReprocess(documentId: string, services: PipelineServices, actor: string): Promise<WorkflowInput> {
  const document = await services.cases.getDocument(documentId);
  if (!document) throw new NotFound('document', documentId);
  if (!needsReprocessing(document)) {
    throw new NothingToReprocess(
      `document ${documentId} is ${document.status}: only FAILED or stuck documents are reprocessed (cases in review are worked by a person)`,
    );
  }
  for (const caseId of document.caseIds) await undoFailure(caseId, services, actor);
  const resumeAt: DocumentStatus = document.caseIds.length > 0 ? 'EXTRACTED' : document.kind ? 'CLASSIFIED' : 'RECEIVED';
  await services.cases.updateDocument(documentId, { status: resumeAt, reasons: [] });
  return { source: document.source, fileName: document.fileName, submittedBy: document.submittedBy ?? undefined };
}

/** A case the failure handler sent to review goes back to where the pipeline left it. */
async function undoFailure(caseId: string, services: PipelineServices, actor: string): Promise<void> {
  const record = await services.cases.getCase(caseId);
  if (!record || record.status !== 'NEEDS_REVIEW') return;
  const last = (await services.cases.listEvents(caseId)).at(-1);
  if (last?.actor !== 'system:pipeline' || last.type !== 'case.review' || !last.fromStatus) return;
  await services.cases.updateCase(
    caseId,
    record.version,
    { status: last.fromStatus, reasons: record.reasons.filter((r) => r !== last.reason) },
    { actor, type: 'case.reprocess', reason: `reprocessing after: ${last.reason ?? 'a failure'}`, data: {} },
  );
}
