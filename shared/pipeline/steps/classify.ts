// Step 1: record the document and tell what it is from its bytes; refuse what is not a bill.
import { parseIntakeKey } from '../../intake/intake-keys.ts';
import { sniffDocument, SNIFF_BYTES } from '../../intake/sniff.ts';
import type { Step } from '../step.ts';
import { WorkflowState } from '../workflow-state.ts';

/** Anything larger is refused before it is read (an 837 this size is split by its sender). */
export const MAX_DOCUMENT_BYTES = 200 * 1024 * 1024;

export const classifyStep: Step = {
  name: 'Classify',
  description: 'Register the document and sniff its type from its leading bytes',
  input: WorkflowState,
  output: WorkflowState,
  async run(state, services) {
    const now = services.now().toISOString();
    const { document } = await services.cases.registerDocument({
      id: state.documentId,
      source: state.source,
      fileName: state.fileName,
      submissionId: parseIntakeKey(state.source.key).submissionId,
      submittedBy: state.submittedBy,
      kind: null,
      status: 'RECEIVED',
      reasons: [],
      caseIds: [],
      receivedAt: now,
      updatedAt: now,
    });
    // A re-run (retry, redelivery) finds the earlier verdict and keeps it.
    if (document.status !== 'RECEIVED') return { ...state, kind: document.kind, halted: document.status === 'REJECTED' };

    const size = await services.objects.size(state.source);
    if (size > MAX_DOCUMENT_BYTES) {
      return reject(state, services, null, `the file is ${size} bytes; the limit is ${MAX_DOCUMENT_BYTES} bytes`);
    }
    const sniffed = sniffDocument(await services.objects.getHead(state.source, SNIFF_BYTES));
    if (sniffed.kind === 'unknown') {
      return reject(state, services, 'unknown', `not a bill: ${sniffed.detail ?? 'unrecognized file type'}`);
    }
    if (sniffed.kind === 'x12-other') {
      return reject(
        state,
        services,
        'x12-other',
        `X12 transaction set ${sniffed.transactionSet ?? '(unknown)'} is not a claim: Parley reads 837 claims only (segment ST)`,
      );
    }
    await services.cases.updateDocument(state.documentId, { status: 'CLASSIFIED', kind: sniffed.kind });
    services.logger.info('document classified', { documentId: state.documentId, kind: sniffed.kind, bytes: size });
    return { ...state, kind: sniffed.kind };
  },
};

async function reject(
  state: WorkflowState,
  services: Parameters<Step['run']>[1],
  kind: WorkflowState['kind'],
  reason: string,
): Promise<WorkflowState> {
  await services.cases.updateDocument(state.documentId, { status: 'REJECTED', kind, reasons: [reason] });
  services.logger.warn('document rejected', { documentId: state.documentId, kind });
  return { ...state, kind, halted: true };
}
