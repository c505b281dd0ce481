// The outbox the console shows: the mail Parley "sent" (offer letters, intake acknowledgments). Locally nothing leaves
// the machine, so the local runtime passes its folder of .eml files (local/server/outbox-folder.ts); on AWS SES sends
// and there is none.
export interface OutboxEntry {
  file: string;
  sentAt: string;
  bytes: number;
}

export interface OutboxMessage {
  file: string;
  subject: string;
  from: string;
  to: string;
  date: string | null;
  messageId: string | null;
  text: string;
  attachments: { index: number; fileName: string; contentType: string; size: number }[];
}

export interface OutboxAttachment {
  content: Buffer;
  fileName: string;
  contentType: string;
}

export interface OutboxRead {
  message: OutboxMessage;
  attachment(index: number): OutboxAttachment | null;
}

export interface Outbox {
  /** Where the messages are kept, as the outbox page names it. */
  readonly location: string;
  /** Newest first. */
  list(): Promise<OutboxEntry[]>;
  /** The message written as `file`, or null when there is none by that name. */
  read(file: string): Promise<OutboxRead | null>;
}
