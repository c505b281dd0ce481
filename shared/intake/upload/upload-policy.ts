// What a provider may upload: the content types Parley reads, the size limit and how long an upload URL lives.
import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';

/** Declared types; the pipeline still sniffs the bytes (a "PDF" that is not one is refused there with the reason). */
export const UPLOAD_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'application/edi-x12', 'text/plain'] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

export interface UploadPolicy {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Lifetime of a presigned upload URL. */
  expiresInSeconds: number;
  /** Files one submission may hold. */
  maxFilesPerSubmission: number;
}

export const DEFAULT_UPLOAD_POLICY: UploadPolicy = {
  maxBytes: 50 * 1024 * 1024,
  expiresInSeconds: 300,
  maxFilesPerSubmission: 50,
};

const SUBMISSION_ID = /^S[0-9A-Z]{16}$/;

export const UploadRequest = z.object({
  fileName: z.string().min(1, 'fileName is empty').max(1024, 'fileName is longer than 1024 characters'),
  contentType: z.enum(UPLOAD_CONTENT_TYPES, {
    error: () => `contentType must be one of ${UPLOAD_CONTENT_TYPES.join(', ')}`,
  }),
  sizeBytes: z.number({ error: 'sizeBytes must be a number' }).int('sizeBytes must be a whole number').positive('sizeBytes must be above 0: an empty file is not a bill'),
  submissionId: z.string().regex(SUBMISSION_ID, 'submissionId is not one Parley issued').optional(),
});
export type UploadRequest = z.infer<typeof UploadRequest>;

export function isSubmissionId(value: string): boolean {
  return SUBMISSION_ID.test(value);
}

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** "S" + 16 base32 characters (80 random bits): unguessable, safe in keys and URLs. */
export function newSubmissionId(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(16);
  let id = 'S';
  for (let i = 0; i < 16; i++) id += BASE32[bytes[i]! % 32];
  return id;
}

/**
 * The key segment that names the uploader. A principal id made of safe characters is used as is (readable);
 * anything else becomes a stable hash, so the same user always lands under the same prefix.
 */
export function submitterSegment(principalId: string): string {
  if (/^[A-Za-z0-9._-]{1,64}$/.test(principalId) && !/^\.+$/.test(principalId)) return principalId;
  return `u-${createHash('sha256').update(principalId).digest('hex').slice(0, 24)}`;
}
