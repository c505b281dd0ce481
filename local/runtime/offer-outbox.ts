// Sent offer letters as emails in <data>/outbox/: one .eml per case and letter version, with the PDF attached.
// A re-run of the same send replaces its file instead of adding a second message.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeOfferMime, offerMessageId, type OfferMail, type OfferMailer } from '#shared/cases/offer-mailer.ts';

export class OutboxOfferMailer implements OfferMailer {
  constructor(
    readonly directory: string,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sendOffer(mail: OfferMail): Promise<{ messageId: string }> {
    mkdirSync(this.directory, { recursive: true });
    const at = this.now();
    const tag = `offer-${mail.caseId.replace(/[^A-Za-z0-9._-]/g, '_')}-v${mail.version}`;
    const messageId = offerMessageId(mail);
    const bytes = await composeOfferMime(mail, this.from, at, messageId);
    for (const name of readdirSync(this.directory)) if (name.endsWith(`-${tag}.eml`)) rmSync(join(this.directory, name), { force: true });
    // Time first, so a folder listing reads in order (as the acknowledgments in the same outbox do).
    const file = `${at.toISOString().replace(/[:.]/g, '-')}-${tag}.eml`;
    writeFileSync(join(this.directory, file), bytes);
    return { messageId };
  }
}
