// What a provider's portal shows: their submissions with each file's progress, and the cases of their TIN that an
// offer was sent for. Everything is narrowed to the signed-in provider here and again by the route policies.
import type { CaseRepository } from '../cases/case-repository.ts';
import type { SubmissionStore } from '../intake/upload/submission-store.ts';
import type { DocumentRecord } from '../model/document.ts';
import type { StoredCase } from '../model/case.ts';
import { offerWasSent } from '../api/auth/auth-middleware.ts';
import type { SubmissionEntry } from '../api/auth/auth-store.ts';

export interface SubmissionFile {
  fileName: string;
  /** What the provider reads: received, being read, priced, needs a person, not a bill, never arrived. */
  state: 'awaiting-upload' | 'not-received' | 'processing' | 'offer-drafted' | 'in-review' | 'refused' | 'failed';
  reasons: string[];
  caseIds: string[];
}

export interface SubmissionStatus {
  submissionId: string;
  createdAt: string;
  files: SubmissionFile[];
  finished: boolean;
}

const STATE_OF: Record<DocumentRecord['status'], SubmissionFile['state']> = {
  RECEIVED: 'processing',
  CLASSIFIED: 'processing',
  EXTRACTED: 'processing',
  PRICED: 'processing',
  OFFER_DRAFTED: 'offer-drafted',
  NEEDS_REVIEW: 'in-review',
  REJECTED: 'refused',
  FAILED: 'failed',
};

export async function submissionStatus(
  deps: { submissions: SubmissionStore; cases: Pick<CaseRepository, 'listDocumentsBySubmission'> },
  ownerId: string,
  entry: SubmissionEntry,
  now: Date,
): Promise<SubmissionStatus | null> {
  const submission = await deps.submissions.get(entry.submissionId);
  if (!submission || submission.owner !== ownerId) return null;
  const documents = await deps.cases.listDocumentsBySubmission(entry.submissionId);
  const landed = new Set(documents.map((d) => d.source.key));
  const at = now.toISOString();
  const files: SubmissionFile[] = [
    ...documents.map((d) => ({ fileName: d.fileName, state: STATE_OF[d.status], reasons: d.status === 'NEEDS_REVIEW' ? [] : d.reasons, caseIds: d.caseIds })),
    ...submission.expected
      .filter((e) => !landed.has(e.key))
      .map((e) => ({
        fileName: e.fileName,
        state: e.expiresAt > at ? ('awaiting-upload' as const) : ('not-received' as const),
        reasons: e.expiresAt > at ? [] : ['nothing arrived before the upload link expired'],
        caseIds: [],
      })),
    ...submission.refused.map((r) => ({ fileName: r.fileName, state: 'refused' as const, reasons: [r.reason], caseIds: [] })),
  ];
  const finished = files.every((f) => f.state !== 'processing' && f.state !== 'awaiting-upload');
  return { submissionId: entry.submissionId, createdAt: submission.createdAt, files, finished };
}

/** The provider's cases that an offer went out for, newest change first. */
export async function offeredCases(cases: Pick<CaseRepository, 'listCases'>, tin: string): Promise<StoredCase[]> {
  const found: StoredCase[] = [];
  let cursor: string | undefined;
  do {
    const page = await cases.listCases({ providerTin: tin, limit: 200, cursor });
    found.push(...page.cases.filter(offerWasSent));
    cursor = page.cursor ?? undefined;
  } while (cursor && found.length < 1000);
  return found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** The offer the provider answers: the last one sent. */
export function lastSentOffer(record: StoredCase) {
  return [...record.negotiation.offers].reverse().find((o) => o.sentOn !== null) ?? null;
}
