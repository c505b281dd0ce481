// The answer to each message: what was received (and the submission to follow), what was refused and why.
import type { EmailMessageRecord } from './email-intake-store.ts';

export interface AcknowledgmentText {
  subject: string;
  text: string;
}

const KIND_LABELS: Record<string, string> = { pdf: 'PDF', png: 'PNG image', jpeg: 'JPEG image', tiff: 'TIFF image', 'x12-837': 'X12 837 claim file' };

const FOOTER = '\nThis is an automatic message from Parley\'s claims intake. Replies to it are not read.\n';

function list(title: string, items: { fileName: string; reason: string }[]): string {
  if (items.length === 0) return '';
  return `\n${title} (${items.length}):\n${items.map((i) => `  - ${i.fileName}: ${i.reason}`).join('\n')}\n`;
}

export interface AcknowledgmentInput {
  record: EmailMessageRecord;
  /** The Date header of the answered message, as written. */
  originalDate: string | null;
  /** For a duplicate: when and as what the message was first received. */
  duplicateOf?: { submissionId: string; receivedAt: string };
}

export function acknowledgmentText(input: AcknowledgmentInput): AcknowledgmentText {
  const { record } = input;
  const yourMessage = input.originalDate ? `your message of ${input.originalDate}` : 'your message';
  switch (record.outcome) {
    case 'ACCEPTED': {
      const received = record.documents.map((d, i) => `  ${i + 1}. ${d.fileName} (${KIND_LABELS[d.kind] ?? d.kind})`).join('\n');
      const notes = record.reasons.length > 0 ? `\nNote: ${record.reasons.join('; ')}.\n` : '';
      return {
        subject: `Received: ${record.documents.length} document${record.documents.length === 1 ? '' : 's'} - Parley submission ${record.submissionId}`,
        text:
          `Parley received ${yourMessage}.\n\nSubmission: ${record.submissionId}\nPlease quote this number in any question about these bills.\n` +
          `\nReceived for processing (${record.documents.length}):\n${received}\n` +
          list('Not received', record.refused) +
          list('Ignored', record.ignored) +
          notes +
          '\nEach file received is read, priced against Medicare benchmarks and reviewed by a negotiator before any offer is made.\n' +
          FOOTER,
      };
    }
    case 'NOTHING_ACCEPTED':
      return {
        subject: `Not received: no bills found - Parley submission ${record.submissionId}`,
        text:
          `Parley received ${yourMessage}, but nothing in it could be taken as a bill, so nothing was submitted.\n` +
          (record.reasons.length > 0 ? `\n${record.reasons.map((r) => `  - ${r}`).join('\n')}\n` : '') +
          list('Not received', record.refused) +
          list('Ignored', record.ignored) +
          '\nPlease attach the bills as PDF, TIFF, PNG, JPEG or X12 837 files (ZIP archives are opened) and send them again.\n' +
          `Reference: ${record.submissionId}\n` +
          FOOTER,
      };
    case 'HELD':
      return {
        subject: `Held for review - Parley reference ${record.submissionId}`,
        text:
          `Parley received ${yourMessage}. It is held for review by our staff before anything in it is processed, because:\n` +
          `${record.reasons.map((r) => `  - ${r}`).join('\n')}\n` +
          '\nYou do not need to send it again. If you are a TPA who should be sending bills to this address, ask your Parley contact to add your sending address.\n' +
          `Reference: ${record.submissionId}\n` +
          FOOTER,
      };
    case 'REFUSED':
      return {
        subject: `Not accepted - Parley reference ${record.submissionId}`,
        text:
          `Parley could not accept ${yourMessage}. Nothing in it was processed, because:\n` +
          `${record.reasons.map((r) => `  - ${r}`).join('\n')}\n` +
          '\nThe message is kept for review by our staff.\n' +
          `Reference: ${record.submissionId}\n` +
          FOOTER,
      };
    case 'DUPLICATE': {
      const first = input.duplicateOf;
      return {
        subject: `Already received - Parley submission ${first?.submissionId ?? record.submissionId}`,
        text:
          `Parley already received this message${first ? ` on ${first.receivedAt} as submission ${first.submissionId}` : ''} ` +
          '(the same Message-ID), so nothing new was created from this copy.\n' +
          '\nTo send a corrected or additional bill, send it in a new message.\n' +
          FOOTER,
      };
    }
  }
}
