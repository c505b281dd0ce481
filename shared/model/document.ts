// An object that arrived in the intake prefix and the work it became.
import * as z from 'zod';

export const ObjectRef = z.object({
  bucket: z.string().min(3),
  key: z.string().min(1),
  /** S3 version id when the bucket is versioned; null otherwise (s3rver). */
  versionId: z.string().nullable(),
  /** The ETag identifies the content when there is no version id. */
  etag: z.string().nullable(),
});
export type ObjectRef = z.infer<typeof ObjectRef>;

export const DocumentKind = z.enum([
  'x12-837', // an 837 interchange (P, I or both)
  'x12-other', // an X12 interchange that is not an 837 (835 remittance...)
  'pdf',
  'png',
  'jpeg',
  'tiff',
  'unknown',
]);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const DocumentStatus = z.enum([
  'RECEIVED',
  'CLASSIFIED',
  'EXTRACTED',
  'PRICED',
  'OFFER_DRAFTED',
  'NEEDS_REVIEW',
  'REJECTED',
  'FAILED',
]);
export type DocumentStatus = z.infer<typeof DocumentStatus>;

export const FINAL_DOCUMENT_STATUSES: readonly DocumentStatus[] = ['OFFER_DRAFTED', 'NEEDS_REVIEW', 'REJECTED', 'FAILED'];

export const DocumentRecord = z.object({
  id: z.string(),
  source: ObjectRef,
  /** The file name as the submitter gave it (sanitized), for people; never used as a path. */
  fileName: z.string(),
  /** The upload or email message the file came in with (from its intake key). */
  submissionId: z.string().nullable().default(null),
  /** "upload:<user>", "attachments", "edi:<partner>"... */
  submittedBy: z.string().nullable().default(null),
  kind: DocumentKind.nullable(),
  status: DocumentStatus,
  reasons: z.array(z.string()),
  caseIds: z.array(z.string()),
  /** Keys, in the documents bucket, of what Parley sends back for an 837: the 999 and the repriced 837. */
  artifacts: z
    .object({ acknowledgment999: z.string().nullable(), repriced837: z.string().nullable() })
    .default({ acknowledgment999: null, repriced837: null }),
  receivedAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentRecord = z.infer<typeof DocumentRecord>;
export type DocumentRecordInput = z.input<typeof DocumentRecord>;
