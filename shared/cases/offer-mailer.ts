// The port through which a sent offer letter is emailed to the provider: an .eml in a local outbox, SES on AWS.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface OfferMail {
  caseId: string;
  /** The letter version: with the case id it names the message, so a re-run replaces it instead of sending twice. */
  version: number;
  to: string;
  subject: string;
  /** Plain text; says where to find the amounts (the letter), never a patient's data. */
  body: string;
  letterPdf: Uint8Array;
  /** The attachment's file name. */
  fileName: string;
}

export interface OfferMailer {
  sendOffer(mail: OfferMail): Promise<{ messageId: string }>;
}

/** A plausible single email address (what the send action accepts as a recipient). */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@<>(),;:"\[\]]+@[^\s@<>(),;:"\[\]]+\.[^\s@<>(),;:"\[\]]+$/.test(value) && value.length <= 254;
}

/** The message's own id: derived from the case and the version, so a re-sent letter is recognizably the same message. */
export function offerMessageId(mail: Pick<OfferMail, 'caseId' | 'version'>, domain = 'parley.local'): string {
  return `<offer-${mail.caseId.replace(/[^A-Za-z0-9._-]/g, '_')}-v${mail.version}@${domain}>`;
}

/** RFC 5322 bytes of the offer email with the letter attached: the same for the local outbox and SES raw sending. */
export async function composeOfferMime(mail: OfferMail, from: string, date: Date, messageId = offerMessageId(mail)): Promise<Buffer> {
  return new MailComposer({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.body,
    messageId,
    date,
    attachments: [{ filename: mail.fileName, content: Buffer.from(mail.letterPdf), contentType: 'application/pdf' }],
  })
    .compile()
    .build();
}
