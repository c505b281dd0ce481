// Reasons a document or case records are for people and fit in one DynamoDB item (400 KB) whatever the input:
// printable, each of bounded length, distinct, and at most MAX_REASONS of them, the last saying how many more.

export const MAX_REASONS = 60;
export const MAX_REASON_LENGTH = 600;
/** Claims named one by one in a document's review reasons; the rest are counted. */
export const MAX_CLAIMS_NAMED = 20;

// C0 controls except tab, DEL, C1 controls, bidi overrides and isolates: they hide or reorder what a reason says.
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printableReason(reason: string): string {
  const text = reason.replace(UNPRINTABLE, '?');
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 1)}…`;
}

export function boundReasons(reasons: readonly string[], max = MAX_REASONS): string[] {
  const distinct = [...new Set(reasons.map(printableReason))];
  if (distinct.length <= max) return distinct;
  const kept = distinct.slice(0, max - 1);
  kept.push(`${distinct.length - kept.length} more reasons were not listed`);
  return kept;
}

/** "claim 3 (CLM-1) needs review: a; b; c; d; e (and 4 more)" for up to MAX_CLAIMS_NAMED claims, then a count of the rest. */
export function claimReviewSummaries(claims: readonly { claimIndex: number; claimNumber: string | null; reasons: readonly string[] }[]): string[] {
  const lines = claims.slice(0, MAX_CLAIMS_NAMED).map((c) => {
    const shown = c.reasons.slice(0, 5).join('; ');
    const more = c.reasons.length > 5 ? ` (and ${c.reasons.length - 5} more)` : '';
    return printableReason(`claim ${c.claimIndex + 1}${c.claimNumber ? ` (${c.claimNumber})` : ''} needs review: ${shown}${more}`);
  });
  if (claims.length > MAX_CLAIMS_NAMED) lines.push(`${claims.length - MAX_CLAIMS_NAMED} more claims need review`);
  return lines;
}
