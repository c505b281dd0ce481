// Step 4: write the offer letter for every priced claim and settle the document's final status.
import pMap from 'p-map';
import { renderOfferLetter } from '../../letters/offer-letter.ts';
import { offerLetterInputFor } from '../../letters/offer-letter-from-case.ts';
import type { CaseRecord } from '../../model/case.ts';
import type { PipelineServices } from '../services.ts';
import type { Step } from '../step.ts';
import { WorkflowState } from '../workflow-state.ts';
import { casesOfDocument } from './cases-of-document.ts';
import { UnreadableDocument } from '../../extract/extraction-result.ts';
import { boundReasons, claimReviewSummaries } from '../reason-bounds.ts';
import { storeRepriced837 } from './x12-responses.ts';

export const letterKeyFor = (caseId: string, version: number) => `${caseId}/offer-v${version}.pdf`;

export const draftOfferStep: Step = {
  name: 'DraftOffer',
  description: 'Write the offer letter PDF for each priced claim',
  input: WorkflowState,
  output: WorkflowState,
  async run(state, services) {
    const caseIds = await casesOfDocument(state, services);
    const cases = await pMap(caseIds, (caseId) => draft(caseId, services), { concurrency: services.claimConcurrency });
    await settleDocument(state, cases, services);
    return state;
  },
};

async function draft(caseId: string, services: PipelineServices): Promise<CaseRecord | null> {
  const record = await services.cases.getCase(caseId);
  if (!record || record.status !== 'PRICED') return record;
  const letterDate = services.now().toISOString().slice(0, 10);
  const version = 1;
  // Same case, same day: same bytes, so a re-run after a crash overwrites the letter with itself.
  const pdf = await renderOfferLetter(
    offerLetterInputFor({ caseId, bill: record.bill, pricing: record.pricing!, letterDate, version, settings: services.letters }),
  );
  const key = letterKeyFor(caseId, version);
  await services.objects.put({
    bucket: services.buckets.letters,
    key,
    body: pdf,
    contentType: 'application/pdf',
    metadata: { 'case-id': caseId, 'letter-version': String(version) },
  });
  return services.cases.updateCase(
    caseId,
    record.version,
    { status: 'OFFER_DRAFTED', letter: { bucket: services.buckets.letters, key, version, createdAt: services.now().toISOString() } },
    { actor: 'system:draft', type: 'offer.drafted', reason: `offer letter version ${version} drafted`, data: { offerCents: record.pricing?.totals.offerCents ?? null } },
  );
}

/** The document is done when every case is drafted; any case that needs a person makes the document need one. */
async function settleDocument(state: WorkflowState, cases: (CaseRecord | null)[], services: PipelineServices): Promise<void> {
  if (state.kind === 'x12-837') {
    const document = await services.cases.getDocument(state.documentId);
    let repriced837: string | null = null;
    try {
      repriced837 = await storeRepriced837(state, cases.filter((c): c is CaseRecord => c !== null), services);
    } catch (error) {
      // The claims were read and priced; only the file cannot be written back whole (it is cut off): say so.
      if (!(error instanceof UnreadableDocument)) throw error;
      await services.cases.updateDocument(state.documentId, {
        reasons: boundReasons([...(document?.reasons ?? []), `no repriced 837 was written: ${error.message.replace(/^cannot write a repriced 837: /, '')} (${error.where})`]),
      });
    }
    await services.cases.updateDocument(state.documentId, {
      artifacts: { acknowledgment999: document?.artifacts.acknowledgment999 ?? null, repriced837 },
    });
  }
  const inReview = cases.filter((c): c is CaseRecord => c !== null && c.status === 'NEEDS_REVIEW');
  if (inReview.length === 0) {
    await services.cases.updateDocument(state.documentId, { status: 'OFFER_DRAFTED' });
    return;
  }
  const reasons = claimReviewSummaries(inReview.map((c) => ({ claimIndex: c.claimIndex, claimNumber: c.bill.claimNumber, reasons: c.reasons })));
  const document = await services.cases.getDocument(state.documentId);
  await services.cases.updateDocument(state.documentId, {
    status: 'NEEDS_REVIEW',
    // The document's own reasons were bounded when they were recorded; the claims' lines follow, themselves bounded.
    reasons: [...(document?.reasons ?? []), ...reasons.filter((r) => !document?.reasons.includes(r))],
  });
}
