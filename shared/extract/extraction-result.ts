// What every reader (X12, PDF text layer, OCR, Textract) returns: the bills it read and what went wrong where.
import type { Bill } from '../model/bill.ts';

export interface ExtractionProblem {
  /** The claim the problem belongs to (0-based), or null when it concerns the whole document. */
  claimIndex: number | null;
  /** Where in the input: "segment 14 (CLM, loop 2300)", "page 2, box 24F". */
  where: string;
  message: string;
  /** A fatal problem means nothing (more) could be read from the document. */
  fatal: boolean;
}

export interface ExtractionResult {
  bills: Bill[];
  problems: ExtractionProblem[];
}

/** A document the readers refuse outright (not a bill, unsupported transaction set, encrypted PDF...). */
export class UnreadableDocument extends Error {
  override readonly name = 'UnreadableDocument';
  constructor(
    message: string,
    readonly where: string,
    /** REJECTED for input that is not a bill at all; NEEDS_REVIEW for a bill that a person must read. */
    readonly disposition: 'REJECTED' | 'NEEDS_REVIEW' = 'REJECTED',
  ) {
    super(message);
  }
}
