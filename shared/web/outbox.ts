// The local outbox: mail Parley "sent" (offer letters, intake acknowledgments) as .eml files in <data>/outbox/.
// The console lists and shows them, since locally nothing leaves the machine.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';

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

const EML = /^[A-Za-z0-9._-]+\.eml$/;

export function isOutboxFile(name: string): boolean {
  return EML.test(name);
}

export async function listOutbox(directory: string): Promise<OutboxEntry[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const entries = await Promise.all(
    names.filter(isOutboxFile).map(async (file) => {
      const info = await stat(join(directory, file));
      return { file, sentAt: info.mtime.toISOString(), bytes: info.size };
    }),
  );
  return entries.sort((a, b) => b.file.localeCompare(a.file));
}

export async function readOutboxMessage(directory: string, file: string): Promise<{ message: OutboxMessage; attachment(index: number): { content: Buffer; fileName: string; contentType: string } | null } | null> {
  if (!isOutboxFile(file)) return null;
  const raw = await readFile(join(directory, file)).catch(() => null);
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
      return a ? { content: a.content, fileName: a.filename ?? `attachment-${index + 1}`, contentType: a.contentType } : null;
    },
  };
}
