// The cases a document opened, as recorded by the extract step.
import { NotFound } from '../../cases/case-repository.ts';
import type { PipelineServices } from '../services.ts';
import type { WorkflowState } from '../workflow-state.ts';

export async function casesOfDocument(state: WorkflowState, services: PipelineServices): Promise<string[]> {
  const document = await services.cases.getDocument(state.documentId);
  if (!document) throw new NotFound('document', state.documentId);
  return document.caseIds;
}
