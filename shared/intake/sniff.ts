// Tells what a file is from its first bytes, never from its name.
import type { DocumentKind } from '../model/document.ts';

/** How many leading bytes sniffing needs. */
export const SNIFF_BYTES = 4096;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  signature.every((b, i) => bytes[offset + i] === b);

export interface SniffResult {
  kind: DocumentKind;
  /** For X12: the transaction set id of the first ST segment ("837", "835") when it was within the sniffed bytes. */
  transactionSet?: string;
  /** Why the bytes were not recognized, for the refusal message. */
  detail?: string;
}

export function sniffDocument(head: Uint8Array): SniffResult {
  if (head.length === 0) return { kind: 'unknown', detail: 'the file is empty (0 bytes)' };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { kind: 'pdf' }; // %PDF-
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'jpeg' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return { kind: 'tiff' };

  const text = new TextDecoder('latin1').decode(head.subarray(0, SNIFF_BYTES));
  const isa = /^(?:\uFEFF|ï»¿)?\s*ISA(.)/.exec(text);
  if (isa) {
    const elementSeparator = isa[1]!;
    const st = new RegExp(`(?:^|[^A-Z0-9])ST\\${elementSeparator}(\\d{3})`).exec(text);
    const transactionSet = st?.[1];
    if (transactionSet === undefined || transactionSet === '837') return { kind: 'x12-837', transactionSet };
    return { kind: 'x12-other', transactionSet };
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'unknown', detail: 'a ZIP archive, not a bill' };
  return { kind: 'unknown', detail: describeUnknown(head) };
}

function describeUnknown(head: Uint8Array): string {
  const sample = head.subarray(0, 512);
  const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127)).length;
  if (printable / sample.length > 0.95) return 'plain text that is not an X12 interchange (no ISA header)';
  return 'not a PDF, PNG, JPEG, TIFF or X12 file (unrecognized leading bytes)';
}
