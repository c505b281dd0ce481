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

/**
 * Pages without a text layer, met by a reader that has no OCR engine and no words from another engine for them (on
 * AWS the Extract function has no tesseract: such pages are read by a Textract job first). Not a verdict on the
 * document: whoever called the reader decides whether words can be had elsewhere or a person must read it.
 */
export class PagesNeedOcr extends Error {
  override readonly name = 'PagesNeedOcr';
  constructor(
    /** 1-based page numbers; empty when the pages are not known without decoding (an image document). */
    readonly pages: readonly number[],
    readonly where: string = pages.length === 0 ? 'every page (an image)' : pageList(pages),
  ) {
    super(`${where} ${pages.length === 1 ? 'has' : 'have'} no text layer and no OCR engine or OCR words are at hand`);
  }
}

/** "page 2", "pages 1, 3, 4". */
export function pageList(pages: readonly number[]): string {
  return `${pages.length === 1 ? 'page' : 'pages'} ${pages.join(', ')}`;
}
