// Keeps what the 837 reader reports about one file bounded, however broken the file: the first problems of each claim
// (and of the file outside claims) are listed, the rest counted in one closing line. A file with a million bad
// segments costs a few hundred strings, not a million, and a claim's review reasons stay readable and storable.
import type { Bill } from '../../model/bill.ts';
import type { ExtractionProblem } from '../extraction-result.ts';

/** Problems listed per claim, and for the file outside any claim. */
export const MAX_PROBLEMS_PER_CLAIM = 50;
/** Review reasons kept on one bill. */
export const MAX_REVIEW_REASONS = 50;

/** Counts problems per claim and lets the first MAX_PROBLEMS_PER_CLAIM of each through. */
export class ProblemLimiter {
  private readonly counts = new Map<number | null, number>();

  /** The problem when it is still listed; null when it is only counted. */
  admit(problem: ExtractionProblem): ExtractionProblem | null {
    const seen = (this.counts.get(problem.claimIndex) ?? 0) + 1;
    this.counts.set(problem.claimIndex, seen);
    return seen <= MAX_PROBLEMS_PER_CLAIM ? problem : null;
  }

  /** One closing problem per claim (or for the file) whose problems were not all listed. */
  overflow(): ExtractionProblem[] {
    const out: ExtractionProblem[] = [];
    for (const [claimIndex, count] of this.counts) {
      if (count <= MAX_PROBLEMS_PER_CLAIM) continue;
      out.push({
        claimIndex,
        where: claimIndex === null ? 'whole file' : `claim ${claimIndex + 1}`,
        message: `${count - MAX_PROBLEMS_PER_CLAIM} more problems were found and not listed (the first ${MAX_PROBLEMS_PER_CLAIM} are)`,
        fatal: false,
      });
    }
    return out;
  }
}

/** The bill with at most MAX_REVIEW_REASONS distinct review reasons, the last saying how many more there were. */
export function boundReviewReasons(bill: Bill): Bill {
  const reasons = bill.reviewReasons;
  if (reasons.length <= MAX_REVIEW_REASONS) return bill;
  const distinct = [...new Set(reasons)];
  if (distinct.length <= MAX_REVIEW_REASONS) {
    bill.reviewReasons = distinct;
    return bill;
  }
  const kept = distinct.slice(0, MAX_REVIEW_REASONS - 1);
  kept.push(`${distinct.length - kept.length} more problems with this claim were not listed`);
  bill.reviewReasons = kept;
  return bill;
}
