// The local outbox as the console reads it: the .eml files the local runtime writes to <data>/outbox/
// (local/runtime/outbox.ts), parsed with mailparser.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Outbox, OutboxEntry, OutboxRead } from '#shared/web/outbox.ts';

const EML = /^[A-Za-z0-9._-]+\.eml$/;

export function isOutboxFile(name: string): boolean {
  return EML.test(name);
}

export class OutboxFolder implements Outbox {
  constructor(readonly location: string) {}

  async list(): Promise<OutboxEntry[]> {
    const names = await readdir(this.location).catch(() => [] as string[]);
    const entries = await Promise.all(
      names.filter(isOutboxFile).map(async (file) => {
        const info = await stat(join(this.location, file));
        return { file, sentAt: info.mtime.toISOString(), bytes: info.size };
      }),
    );
    return entries.sort((a, b) => b.file.localeCompare(a.file));
  }

  async read(file: string): Promise<OutboxRead | null> {
    if (!isOutboxFile(file)) return null;
    const raw = await readFile(join(this.location, file)).catch(() => null);
    if (!raw) return null;
    const parsed = await simpleParser(raw);
    const address = (value: typeof parsed.to) => (Array.isArray(value) ? value.map((v) => v.text).join(', ') : (value?.text ?? ''));
    const attachments = parsed.attachments.map((a, index) => ({ index, fileName: a.filename ?? `attachment-${index + 1}`, contentType: a.contentType, size: a.size }));
    return {
      message: {
        file,
        subject: parsed.subject ?? '(no subject)',
        from: parsed.from?.text ?? '',
        to: address(parsed.to),
        date: parsed.date ? parsed.date.toISOString() : null,
        messageId: parsed.messageId ?? null,
        text: parsed.text ?? '',
        attachments,
      },
      attachment(index) {
        const a = parsed.attachments[index];
        return a ? { content: a.content, fileName: attachments[index]!.fileName, contentType: a.contentType } : null;
      },
    };
  }
}
