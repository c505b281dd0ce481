// The port that sends acknowledgments (SES on AWS, an outbox folder locally) and the MIME both of them write.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Our own Message-ID for the acknowledgment, "<...@...>". */
  messageId: string;
  /** The Message-ID being answered, so mail clients thread the answer under it. */
  inReplyTo?: string;
  headers?: Record<string, string>;
}

export interface MailSender {
  /** Returns an id the transport gave the mail (SES message id, outbox file name). */
  send(mail: OutgoingMail): Promise<{ id: string }>;
}

/** RFC 5322 bytes for a mail: the same for SES's raw SendEmail and the local outbox's .eml files. */
export function composeMime(mail: OutgoingMail, date = new Date()): Promise<Buffer> {
  return new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    date,
    inReplyTo: mail.inReplyTo,
    references: mail.inReplyTo ? [mail.inReplyTo] : undefined,
    // RFC 3834: an automatic answer, so auto-responders on the other side do not answer it back.
    headers: { 'Auto-Submitted': 'auto-replied', ...mail.headers },
  })
    .compile()
    .build();
}
