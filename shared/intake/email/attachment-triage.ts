// What to do with one file from a message: a document (type sniffed from its bytes), an archive to open, or a
// refusal / an ignored part, each with the reason the acknowledgment gives.
import { sniffDocument } from '../sniff.ts';
import type { DocumentKind } from '../../model/document.ts';
import { isZip } from './zip-archive.ts';
import type { EmailLimits } from './email-limits.ts';

export interface CandidateFile {
  /** The name as the sender gave it (unsanitized; shown to people only after sanitizing). */
  name: string;
  /** The MIME type the message declared (not trusted for the type, only for telling parts apart). */
  declaredType: string;
  bytes: Uint8Array;
  /** Shown inside the message body (Content-Disposition inline, or referenced by cid:). */
  inline: boolean;
}

export type Triage =
  | { action: 'document'; kind: Exclude<DocumentKind, 'x12-other' | 'unknown'>; contentType: string }
  | { action: 'archive' }
  | { action: 'refuse'; reason: string }
  | { action: 'ignore'; reason: string };

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  'x12-837': 'application/edi-x12',
};

const TNEF_MAGIC = [0x78, 0x9f, 0x3e, 0x22];

export const TNEF_REASON =
  'winmail.dat is a Windows TNEF attachment (Outlook\'s "Rich Text" wrapper) that Parley cannot open, so the files ' +
  'inside it were not received. Please send them again as ordinary attachments (in Outlook: Format Text > HTML or Plain Text).';

export function triageFile(file: CandidateFile, limits: EmailLimits): Triage {
  const name = file.name.toLowerCase();
  const type = file.declaredType.toLowerCase();
  if (name.endsWith('winmail.dat') || type === 'application/ms-tnef' || type === 'application/vnd.ms-tnef' || TNEF_MAGIC.every((b, i) => file.bytes[i] === b)) {
    return { action: 'refuse', reason: TNEF_REASON };
  }
  if (type === 'application/pkcs7-signature' || type === 'application/x-pkcs7-signature' || type === 'application/pgp-signature') {
    return { action: 'ignore', reason: 'a digital signature of the message, not a document' };
  }
  if (file.bytes.length === 0) return { action: 'refuse', reason: 'the file is empty (0 bytes)' };
  if (file.bytes.length > limits.maxFileBytes) {
    return { action: 'refuse', reason: `the file is larger than the limit of ${limits.maxFileBytes} bytes per file` };
  }
  if (isZip(file.bytes)) {
    if (/\.(docx|xlsx|pptx|odt|ods)$/.test(name) || type.includes('officedocument') || type.includes('opendocument')) {
      return { action: 'refuse', reason: 'an office document (Word, Excel...), not a bill Parley reads: please send it as a PDF' };
    }
    return { action: 'archive' };
  }
  const sniffed = sniffDocument(file.bytes.subarray(0, 4096));
  if (sniffed.kind === 'x12-other') {
    return { action: 'refuse', reason: `an X12 ${sniffed.transactionSet ?? ''} file is not a claim: Parley reads 837 claims only`.replace('  ', ' ') };
  }
  if (sniffed.kind === 'unknown') return { action: 'refuse', reason: `not a bill Parley can read: ${sniffed.detail ?? 'unrecognized file type'}` };
  if ((sniffed.kind === 'png' || sniffed.kind === 'jpeg') && file.inline && file.bytes.length <= limits.maxIgnoredInlineImageBytes) {
    return { action: 'ignore', reason: 'a small picture inside the message text (a logo or signature), not a bill' };
  }
  return { action: 'document', kind: sniffed.kind, contentType: CONTENT_TYPES[sniffed.kind]! };
}
