// Collects what a form reader finds (values with provenance, problems, review reasons) before it becomes a Bill.
import type { ExtractionProblem } from '../extraction-result.ts';
import type { Provenance } from '../../model/provenance.ts';
import type { CellRead } from './cells.ts';

/** Below this OCR confidence a code or an amount is not trusted without a person looking. */
export const LOW_CONFIDENCE = 0.8;

export class BillDraft {
  readonly provenance: Record<string, Provenance> = {};
  readonly reviewReasons: string[] = [];
  readonly problems: ExtractionProblem[] = [];

  constructor(readonly claimIndex: number) {}

  /** Records where the value at `path` (a Bill field path such as "lines.0.chargeCents") was read. */
  note(path: string, read: CellRead | undefined, box: string, confidence = read?.confidence): void {
    if (!read) return;
    this.provenance[path] = {
      engine: read.engine,
      page: read.page,
      box,
      bbox: read.bbox,
      confidence: Math.max(0, Math.min(1, confidence ?? 0)),
    };
  }

  /** A problem that sends the case to NEEDS_REVIEW. */
  review(where: string, message: string): void {
    const reason = `${where}: ${message}`;
    if (!this.reviewReasons.includes(reason)) this.reviewReasons.push(reason);
    this.problems.push({ claimIndex: this.claimIndex, where, message, fatal: false });
  }

  /**
   * Worth recording, but no reason for a person to look: kept at document level, because a claim-level problem
   * sends its case to review.
   */
  notice(where: string, message: string): void {
    this.problems.push({ claimIndex: null, where, message, fatal: false });
  }
}
