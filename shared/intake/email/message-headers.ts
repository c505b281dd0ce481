// The header block of a raw message (read from its first bytes): who sent it, its Message-ID, and the ordered lines.
import { MailParser, type AddressObject, type HeaderLines } from 'mailparser';
import type { HeaderLine } from './receipt-verdicts.ts';

/** A header block larger than this is not a message Parley reads (SES's own limit is far smaller in practice). */
export const MAX_HEADER_BYTES = 256 * 1024;

export interface MessageHeaders {
  headerLines: HeaderLine[];
  /** Addresses in the From header (one, normally). */
  from: string[];
  messageId: string | null;
  /** As written, for the acknowledgment ("your message of ..."). */
  date: string | null;
  /** RFC 3834: answers to automatic mail (bounces, auto-replies, lists) make mail loops. */
  automatic: string | null;
}

export class UnreadableHeaders extends Error {
  override readonly name = 'UnreadableHeaders';
}

/** The end of the header block: the first empty line. */
export function headerBlockEnd(head: Uint8Array): number | null {
  for (let i = 0; i < head.length - 1; i++) {
    if (head[i] === 0x0a && head[i + 1] === 0x0a) return i + 2;
    if (head[i] === 0x0a && head[i + 1] === 0x0d && head[i + 2] === 0x0a) return i + 3;
  }
  return null;
}

export async function readMessageHeaders(head: Uint8Array, complete: boolean): Promise<MessageHeaders> {
  const end = headerBlockEnd(head);
  if (end === null && !complete) throw new UnreadableHeaders(`the header block is larger than ${MAX_HEADER_BYTES} bytes or never ends`);
  const block = Buffer.concat([Buffer.from(head.subarray(0, end ?? head.length)), Buffer.from('\r\n\r\n')]);
  const parsed = await new Promise<{ headers: Map<string, unknown>; lines: HeaderLines }>((resolve, reject) => {
    const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    let headers = new Map<string, unknown>();
    let lines: HeaderLines = [];
    parser.on('headers', (h) => (headers = h as Map<string, unknown>));
    parser.on('headerLines', (l) => (lines = l));
    parser.on('data', (d: { type: string; release?: () => void }) => d.release?.());
    parser.on('error', reject);
    parser.on('end', () => resolve({ headers, lines }));
    parser.end(block);
  });
  if (!['from', 'date', 'message-id', 'received', 'x-ses-receipt', 'subject'].some((name) => parsed.headers.has(name))) {
    throw new UnreadableHeaders('the object is not an email message (none of From, Date, Message-ID, Received or Subject)');
  }
  const from = parsed.headers.get('from') as AddressObject | undefined;
  const messageId = parsed.headers.get('message-id');
  const autoSubmitted = String(parsed.headers.get('auto-submitted') ?? '').toLowerCase();
  const precedence = String(parsed.headers.get('precedence') ?? '').toLowerCase();
  const returnPath = parsed.lines.find((l) => l.key === 'return-path')?.line ?? '';
  const automatic =
    autoSubmitted && autoSubmitted !== 'no'
      ? `Auto-Submitted: ${autoSubmitted}`
      : ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)
        ? `Precedence: ${precedence}`
        : /:\s*<\s*>\s*$/.test(returnPath)
          ? 'an empty Return-Path (a bounce)'
          : parsed.headers.has('list-id')
            ? 'a mailing list (List-Id)'
            : null;
  return {
    headerLines: parsed.lines.map((l) => ({ key: l.key, line: l.line })),
    from: (from?.value ?? []).map((a) => a.address?.trim() ?? '').filter((a) => a.includes('@')),
    messageId: typeof messageId === 'string' && messageId.trim() !== '' ? messageId.trim() : null,
    date: parsed.lines.find((l) => l.key === 'date')?.line.slice(5).trim() ?? null,
    automatic,
  };
}
