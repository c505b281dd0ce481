// Local acknowledgments: each outgoing mail is written to <data>/outbox/ as an .eml file a mail client can open.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeMime, type MailSender, type OutgoingMail } from '#shared/intake/email/mail-sender.ts';

export class OutboxMailSender implements MailSender {
  constructor(
    readonly directory: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    mkdirSync(directory, { recursive: true });
  }

  async send(mail: OutgoingMail): Promise<{ id: string }> {
    const at = this.now();
    const bytes = await composeMime(mail, at);
    // Time first so a folder listing reads in order; the Message-ID's local part keeps names unique.
    const local = mail.messageId.replace(/^<|@.*$/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
    const name = `${at.toISOString().replace(/[:.]/g, '-')}-${local}.eml`;
    writeFileSync(join(this.directory, name), bytes);
    return { id: name };
  }
}
