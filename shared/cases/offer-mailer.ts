// The port through which a sent offer letter is emailed to the provider: an .eml in a local outbox, SES on AWS.

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
