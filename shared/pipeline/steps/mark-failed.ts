// The catch handler: a document whose step failed for good ends FAILED, and its open cases go to a person.
import { parseIntakeKey } from '../../intake/intake-keys.ts';
import type { PipelineServices } from '../services.ts';
import type { WorkflowState } from '../workflow-state.ts';
import { boundReasons, printableReason } from '../reason-bounds.ts';

const OPEN_PIPELINE_STATUSES = new Set(['RECEIVED', 'EXTRACTED', 'PRICED']);

export async function markFailed(state: WorkflowState, failedStep: string, error: { name: string; message: string }, services: PipelineServices): Promise<void> {
  const reason = printableReason(`${failedStep} failed: ${error.name}: ${error.message}`);
  const document = await services.cases.getDocument(state.documentId);
  // Cases first: once the document reads FAILED, whoever waits for it must find its cases already with a person.
  for (const caseId of document?.caseIds ?? []) {
    const record = await services.cases.getCase(caseId);
    if (!record || !OPEN_PIPELINE_STATUSES.has(record.status)) continue;
    await services.cases.updateCase(caseId, record.version, { status: 'NEEDS_REVIEW', reasons: boundReasons([...record.reasons, reason]) }, {
      actor: 'system:pipeline',
      type: 'case.review',
      reason,
      data: {},
    });
  }
  if (document) {
    await services.cases.updateDocument(state.documentId, { status: 'FAILED', reasons: boundReasons([...document.reasons, reason]) });
  } else {
    const now = services.now().toISOString();
    await services.cases.registerDocument({
      id: state.documentId,
      source: state.source,
      fileName: state.fileName,
      submissionId: parseIntakeKey(state.source.key).submissionId,
      submittedBy: state.submittedBy,
      kind: state.kind,
      status: 'FAILED',
      reasons: [reason],
      caseIds: [],
      receivedAt: now,
      updatedAt: now,
    });
  }
  services.logger.error('workflow failed', { documentId: state.documentId, step: failedStep, error: error.name });
}
