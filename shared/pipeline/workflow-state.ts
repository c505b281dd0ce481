// The value passed from step to step (small on purpose: Step Functions payloads are limited to 256 KB).
import * as z from 'zod';
import { DocumentKind, ObjectRef } from '../model/document.ts';

export const WorkflowInput = z.object({
  source: ObjectRef,
  /** The name the submitter gave the file; defaults to the key's last part. */
  fileName: z.string().optional(),
  /** Who submitted it ("upload:<user>", "email:<message id>", "cli"). */
  submittedBy: z.string().optional(),
});
export type WorkflowInput = z.infer<typeof WorkflowInput>;

export const WorkflowState = z.object({
  source: ObjectRef,
  documentId: z.string(),
  fileName: z.string(),
  submittedBy: z.string(),
  kind: DocumentKind.nullable(),
  /** Cases are named documentId-1..claimCount, so later steps need only the count. */
  claimCount: z.number().int().nonnegative(),
  /** True once the document reached a final state before the last step (rejected, sent to review). */
  halted: z.boolean(),
  /** On AWS, image documents are read by an asynchronous Textract job that the state machine waits for. */
  textractJobId: z.string().nullable().default(null),
  /**
   * Set by Extract when the document has pages without a text layer, no OCR engine is at hand and no Textract job
   * was run yet: the state machine runs one and calls Extract again. Never set once a job id is in the state.
   */
  needsTextract: z.boolean().default(false),
});
export type WorkflowState = z.infer<typeof WorkflowState>;

/** The state a run starts from; the start function computes it on AWS, the local runner here. */
export function initialWorkflowState(input: WorkflowInput, documentId: string): WorkflowState {
  const fileName = input.fileName ?? input.source.key.slice(input.source.key.lastIndexOf('/') + 1);
  return {
    source: input.source,
    documentId,
    fileName,
    submittedBy: input.submittedBy ?? 'unknown',
    kind: null,
    claimCount: 0,
    halted: false,
    textractJobId: null,
    needsTextract: false,
  };
}
