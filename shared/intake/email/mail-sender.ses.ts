// Acknowledgments through Amazon SES v2 SendEmail, as raw MIME (the same bytes the local outbox writes), so the
// answer threads under the TPA's message (In-Reply-To) and says it is automatic (Auto-Submitted).
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { composeMime, type MailSender, type OutgoingMail } from './mail-sender.ts';

export interface SesMailSenderOptions {
  /** SES configuration set for delivery, bounce and complaint events. */
  configurationSetName?: string;
}

export class SesMailSender implements MailSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: SesMailSenderOptions = {},
  ) {}

  async send(mail: OutgoingMail): Promise<{ id: string }> {
    const response = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: mail.from,
        Destination: { ToAddresses: [mail.to] },
        Content: { Raw: { Data: await composeMime(mail) } },
        ConfigurationSetName: this.options.configurationSetName,
      }),
    );
    return { id: response.MessageId ?? 'ses' };
  }
}
