// What Parley answers an 837 with: a 999 implementation acknowledgment as soon as it is read, and a repriced 837
// (HCP segments at claim and line level) once its claims are priced. Both are kept in the documents bucket.
import { createHash } from 'node:crypto';
import { build999, buildRepriced837, type ClaimRepricing, type Read837Result } from '../../extract/x12/index.ts';
import type { CaseRecord } from '../../model/case.ts';
import type { PipelineServices } from '../services.ts';
import type { WorkflowState } from '../workflow-state.ts';

export const acknowledgmentKeyFor = (documentId: string) => `acknowledgments/${documentId}/999.x12`;
export const repricedKeyFor = (documentId: string) => `repriced/${documentId}/repriced.837`;

/** ISA13 of our 999: nine digits, stable for the document so a re-run writes the same file. */
function controlNumberFor(documentId: string): number {
  return createHash('sha256').update(documentId).digest().readUInt32BE(0) % 1_000_000_000 || 1;
}

export async function storeAcknowledgment(state: WorkflowState, result: Read837Result, services: PipelineServices): Promise<string> {
  const key = acknowledgmentKeyFor(state.documentId);
  const text = build999(result, { senderId: services.edi.senderId, controlNumber: controlNumberFor(state.documentId), now: services.now() });
  await services.objects.put({ bucket: services.buckets.documents, key, body: new TextEncoder().encode(text), contentType: 'application/edi-x12' });
  return key;
}

/** The original 837 with Parley's repricing on every priced claim; claims still with a person pass through unpriced. */
export async function storeRepriced837(state: WorkflowState, cases: CaseRecord[], services: PipelineServices): Promise<string> {
  const pricing = new Map<number, ClaimRepricing>();
  for (const record of cases) {
    if (!record.pricing || record.status === 'NEEDS_REVIEW') continue;
    pricing.set(record.claimIndex, {
      lines: record.pricing.lines.map((l) => ({ lineNumber: l.lineNumber, offerCents: l.offerCents, benchmarkCents: l.benchmarkCents })),
      totals: { chargeCents: record.pricing.totals.chargeCents, offerCents: record.pricing.totals.offerCents },
    });
  }
  const original = await services.objects.get(state.source);
  const text = buildRepriced837(original, pricing, { repricingOrganizationId: services.edi.repricingOrganizationId, now: services.now() });
  const key = repricedKeyFor(state.documentId);
  await services.objects.put({ bucket: services.buckets.documents, key, body: new TextEncoder().encode(text), contentType: 'application/edi-x12' });
  return key;
}
