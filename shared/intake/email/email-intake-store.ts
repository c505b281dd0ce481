// What the email intake remembers: each raw object processed once, each Message-ID processed once, and the
// messages a person must look at.
import * as z from 'zod';
import { RefusedFile } from '../upload/submission-store.ts';

export const EmailOutcome = z.enum([
  /** At least one attachment became a document. */
  'ACCEPTED',
  /** From an allowed sender with good verdicts, but nothing in it was a bill Parley reads. */
  'NOTHING_ACCEPTED',
  /** Unknown sender or unknown verdicts: kept for a person, attachments not processed. */
  'HELD',
  /** Failed verdicts, too large, or unreadable: kept for a person, never processed automatically. */
  'REFUSED',
  /** A Message-ID seen before in another object: nothing new was created. */
  'DUPLICATE',
]);
export type EmailOutcome = z.infer<typeof EmailOutcome>;

/** One processed raw message. No PHI: hashes, the sender's domain, sanitized file names, reasons. */
export const EmailMessageRecord = z.object({
  /** documentIdFor() of the raw object. */
  objectId: z.string(),
  objectKey: z.string(),
  /** Hash of the Message-ID (or of the object when the message has none). */
  messageKey: z.string(),
  submissionId: z.string(),
  receivedAt: z.string(),
  outcome: EmailOutcome,
  senderDomain: z.string().nullable(),
  tpaId: z.string().nullable(),
  reasons: z.array(z.string()),
  /** The documents written under intake/attachments/: the name as shown to the sender, and the key. */
  documents: z.array(z.object({ fileName: z.string(), key: z.string(), kind: z.string() })),
  refused: z.array(RefusedFile),
  ignored: z.array(RefusedFile),
  /** The transport's id of the acknowledgment, or why none was sent. */
  acknowledgment: z.object({ sent: z.boolean(), detail: z.string() }),
});
export type EmailMessageRecord = z.infer<typeof EmailMessageRecord>;

export type ObjectClaim = { state: 'claimed' } | { state: 'done'; record: EmailMessageRecord } | { state: 'busy'; leaseUntil: string };

export type MessageClaim = { state: 'claimed' } | { state: 'duplicate'; first: { objectId: string; submissionId: string; receivedAt: string } };

export interface EmailIntakeStore {
  /** Takes the raw object for processing unless it was processed, or another worker holds it until leaseUntil. */
  claimObject(objectId: string, now: Date, leaseMs: number): Promise<ObjectClaim>;
  /** Records the Message-ID for this object; "duplicate" when another object already carried it. */
  claimMessage(messageKey: string, objectId: string, submissionId: string, now: Date): Promise<MessageClaim>;
  finishObject(record: EmailMessageRecord): Promise<void>;
  /** Ends this worker's lease early after a failure, so a retry need not wait for it to run out. */
  releaseObject(objectId: string): Promise<void>;
  /** Messages held or refused, newest first: the review queue for mail. */
  listForReview(limit?: number): Promise<EmailMessageRecord[]>;
}

export class EmailBeingProcessed extends Error {
  override readonly name = 'EmailBeingProcessed';
  constructor(
    readonly objectId: string,
    readonly leaseUntil: string,
  ) {
    super(`email object ${objectId} is being processed by another worker until ${leaseUntil}; retry later`);
  }
}
