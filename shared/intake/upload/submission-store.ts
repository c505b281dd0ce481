// A submission: the files of one upload session or one email message, who it belongs to, and what was refused.
import * as z from 'zod';

export const SubmissionChannel = z.enum(['upload', 'email']);
export type SubmissionChannel = z.infer<typeof SubmissionChannel>;

/** A file an upload URL was issued for; it becomes a document once its object lands in intake/. */
export const ExpectedUpload = z.object({
  fileName: z.string(),
  key: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  expiresAt: z.string(),
});
export type ExpectedUpload = z.infer<typeof ExpectedUpload>;

/** A file that never became a document, and why (for the acknowledgment and the status page). */
export const RefusedFile = z.object({ fileName: z.string(), reason: z.string() });
export type RefusedFile = z.infer<typeof RefusedFile>;

export const SubmissionRecord = z.object({
  id: z.string(),
  channel: SubmissionChannel,
  /** The uploading user's principal id, or "email:<tpa id>" / "email:unknown-sender". */
  owner: z.string(),
  createdAt: z.string(),
  expected: z.array(ExpectedUpload).default([]),
  refused: z.array(RefusedFile).default([]),
  /** Why the submission as a whole waits for a person (unknown sender, failed verdicts); empty when it does not. */
  review: z.array(z.string()).default([]),
});
export type SubmissionRecord = z.infer<typeof SubmissionRecord>;

export type OpenOutcome = 'created' | 'exists' | 'taken';

export interface SubmissionStore {
  /** Creates the submission; "exists" when the same owner already has it, "taken" when it belongs to someone else. */
  open(submission: Pick<SubmissionRecord, 'id' | 'channel' | 'owner' | 'createdAt'>): Promise<OpenOutcome>;
  /** Adds an issued upload unless the submission already holds maxFiles (or is not the owner's). */
  addExpectedUpload(id: string, owner: string, upload: ExpectedUpload, maxFiles: number): Promise<'added' | 'full'>;
  /** Writes a complete record (email intake: once per message; rewriting the same message writes the same record). */
  save(record: SubmissionRecord): Promise<void>;
  get(id: string): Promise<SubmissionRecord | null>;
}
