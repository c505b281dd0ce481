// Step 2: read the claims out of the document and open one case per claim (idempotently).
import pMap from 'p-map';
import { read837 } from '../../extract/x12/index.ts';
import { PagesNeedOcr, UnreadableDocument, type ExtractionResult } from '../../extract/extraction-result.ts';
import type { Bill } from '../../model/bill.ts';
import type { CaseRecord } from '../../model/case.ts';
import { caseIdFor } from '../identity.ts';
import { storeAcknowledgment } from './x12-responses.ts';
import { boundReasons } from '../reason-bounds.ts';
import { lookAlikeIdentifierReasons, withInertText } from '../bill-text.ts';
import type { PipelineServices } from '../services.ts';
import type { Step } from '../step.ts';
import { WorkflowState } from '../workflow-state.ts';

export const extractStep: Step = {
  name: 'Extract',
  description: 'Read the claims and service lines and open one case per claim',
  input: WorkflowState,
  output: WorkflowState,
  async run(input, services) {
    const state = { ...input, needsTextract: false };
    const document = await services.cases.getDocument(state.documentId);
    if (document && document.status !== 'CLASSIFIED' && document.status !== 'RECEIVED') {
      return { ...state, claimCount: document.caseIds.length, halted: isHalted(document.status) };
    }

    let result: ExtractionResult;
    let acknowledgment999: string | null = null;
    try {
      if (state.kind === 'x12-837') {
        const x12 = read837(await services.objects.get(state.source));
        acknowledgment999 = await storeAcknowledgment(state, x12, services);
        result = x12;
      } else {
        result = await read(state, services);
      }
    } catch (caught) {
      let error = caught;
      if (error instanceof PagesNeedOcr) {
        // The reader has no OCR engine and no words for those pages: the state asks for a Textract job, after which
        // this step runs again with its id.
        if (state.textractJobId === null) {
          services.logger.info('pages need Textract', { documentId: state.documentId, pages: error.pages.length });
          return { ...state, needsTextract: true };
        }
        // A second pass that still lacks words for them never asks again: a person reads the document.
        const them = error.pages.length === 1 ? 'it' : 'them';
        error = new UnreadableDocument(`no text layer, and Textract job ${state.textractJobId} returned no words for ${them}`, error.where, 'NEEDS_REVIEW');
      }
      if (!(error instanceof UnreadableDocument)) throw error;
      const reason = `${error.message} (${error.where})`;
      await services.cases.updateDocument(state.documentId, { status: error.disposition, reasons: boundReasons([reason]) });
      services.logger.warn('document unreadable', { documentId: state.documentId, disposition: error.disposition });
      return { ...state, halted: true };
    }

    const documentProblems = boundReasons(result.problems.filter((p) => p.claimIndex === null).map((p) => `${p.message} (${p.where})`));
    if (result.bills.length === 0) {
      const reasons = documentProblems.length > 0 ? documentProblems : ['no claims were found in the document'];
      await services.cases.updateDocument(state.documentId, {
        status: 'NEEDS_REVIEW',
        reasons,
        artifacts: { acknowledgment999, repriced837: null },
      });
      return { ...state, halted: true };
    }

    const caseIds = await pMap(result.bills, (bill) => openCase(state, services, bill, result), {
      concurrency: services.claimConcurrency,
    });
    await services.cases.updateDocument(state.documentId, {
      status: 'EXTRACTED',
      caseIds,
      reasons: documentProblems,
      artifacts: { acknowledgment999, repriced837: null },
    });
    services.logger.info('claims extracted', { documentId: state.documentId, claims: caseIds.length });
    return { ...state, claimCount: caseIds.length };
  },
};

function isHalted(status: string): boolean {
  return status === 'REJECTED' || (status === 'NEEDS_REVIEW');
}

async function read(state: WorkflowState, services: PipelineServices): Promise<ExtractionResult> {
  const bytes = await services.objects.get(state.source);
  switch (state.kind) {
    case 'pdf':
    case 'png':
    case 'jpeg':
    case 'tiff':
      return services.readDocument(bytes, state.kind, { textractJobId: state.textractJobId });
    default:
      throw new UnreadableDocument(`cannot extract a document of kind ${state.kind ?? 'unknown'}`, 'whole file');
  }
}

async function openCase(state: WorkflowState, services: PipelineServices, read: Bill, result: ExtractionResult): Promise<string> {
  const bill = withInertText(read);
  const id = caseIdFor(state.documentId, bill.claimIndex);
  const reasons = boundReasons([
    ...bill.reviewReasons,
    ...lookAlikeIdentifierReasons(bill),
    ...result.problems.filter((p) => p.claimIndex === bill.claimIndex).map((p) => `${p.message} (${p.where})`),
  ]);
  const now = services.now().toISOString();
  const record: CaseRecord = {
    id,
    documentId: state.documentId,
    claimIndex: bill.claimIndex,
    source: state.source,
    fileName: state.fileName,
    status: reasons.length > 0 ? 'NEEDS_REVIEW' : 'EXTRACTED',
    reasons,
    version: 1,
    bill,
    pricing: null,
    letter: null,
    createdAt: now,
    updatedAt: now,
  };
  await services.cases.createCase(record, {
    actor: 'system:extract',
    type: 'case.created',
    reason: reasons.length > 0 ? 'extracted with problems that need a person' : 'extracted',
    data: { lines: bill.lines.length, sourceFormat: bill.sourceFormat },
  });
  return id;
}
