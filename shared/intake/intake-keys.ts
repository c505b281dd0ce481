// The layout of the intake prefix: every key records its channel, who submitted it and the submission it belongs to.
import { INTAKE_PREFIX } from '../storage/definitions.ts';

export type IntakeChannel = 'upload' | 'email' | 'attachments' | 'edi' | 'other';

export interface IntakeKey {
  channel: IntakeChannel;
  /** The uploading user, the sending TPA's address, or the EDI partner; null when the key does not say. */
  submitter: string | null;
  /** Groups the files of one upload or one email message. */
  submissionId: string | null;
  fileName: string;
}

/** intake/upload/<submitter>/<submission>/<file> */
export function uploadKey(submitter: string, submissionId: string, fileName: string): string {
  return `${INTAKE_PREFIX}upload/${submitter}/${submissionId}/${fileName}`;
}

/** intake/attachments/<submission>/<file>: documents split out of one email message. */
export function attachmentKey(submissionId: string, fileName: string): string {
  return `${INTAKE_PREFIX}attachments/${submissionId}/${fileName}`;
}

export function parseIntakeKey(key: string): IntakeKey {
  const fileName = key.slice(key.lastIndexOf('/') + 1);
  if (!key.startsWith(INTAKE_PREFIX)) return { channel: 'other', submitter: null, submissionId: null, fileName };
  const parts = key.slice(INTAKE_PREFIX.length).split('/');
  const channel = parts[0];
  if (channel === 'upload' && parts.length >= 4) return { channel, submitter: parts[1]!, submissionId: parts[2]!, fileName };
  if (channel === 'attachments' && parts.length >= 3) return { channel, submitter: null, submissionId: parts[1]!, fileName };
  if (channel === 'email') return { channel, submitter: null, submissionId: null, fileName };
  if (channel === 'edi') return { channel, submitter: parts.length >= 3 ? parts[1]! : null, submissionId: null, fileName };
  return { channel: 'other', submitter: null, submissionId: null, fileName };
}
