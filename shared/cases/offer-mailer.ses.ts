// Offer letters emailed through Amazon SES v2 SendEmail as raw MIME (the bytes the local outbox writes), letter attached.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { composeOfferMime, offerMessageId, type OfferMail, type OfferMailer } from './offer-mailer.ts';

export interface SesOfferMailerOptions {
  /** The verified sender, e.g. "Parley Negotiation Desk <negotiations@example.com>". */
  from: string;
  /** SES configuration set for delivery, bounce and complaint events. */
  configurationSetName?: string;
  /** The domain of the Message-ID. */
  messageIdDomain?: string;
  now?: () => Date;
}

export class SesOfferMailer implements OfferMailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: SesOfferMailerOptions,
  ) {}

  async sendOffer(mail: OfferMail): Promise<{ messageId: string }> {
    const messageId = offerMessageId(mail, this.options.messageIdDomain);
    const raw = await composeOfferMime(mail, this.options.from, (this.options.now ?? (() => new Date()))(), messageId);
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: [mail.to] },
        Content: { Raw: { Data: raw } },
        ConfigurationSetName: this.options.configurationSetName,
      }),
    );
    return { messageId };
  }
}
