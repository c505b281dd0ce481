// The email intake: one raw message (as SES's S3 action writes it under intake/email/) becomes documents under
// intake/attachments/<submission>/, an acknowledgment to its sender, and a record; never twice, never PHI in logs.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { MailParser } from 'mailparser';
import { attachmentKey } from '../intake-keys.ts';
import { safeDisplayPath, safeFileName } from '../upload/safe-file-name.ts';
import type { SubmissionStore } from '../upload/submission-store.ts';
import type { ObjectRef } from '../../model/document.ts';
import type { Logger } from '../../observability/logger.ts';
import { documentIdFor } from '../../pipeline/identity.ts';
import { acknowledgmentText } from './acknowledgment.ts';
import { triageFile, type CandidateFile } from './attachment-triage.ts';
import { DEFAULT_EMAIL_LIMITS, megabytes, type EmailLimits } from './email-limits.ts';
import { EmailBeingProcessed, type EmailIntakeStore, type EmailMessageRecord, type EmailOutcome } from './email-intake-store.ts';
import type { MailSender } from './mail-sender.ts';
import { MAX_HEADER_BYTES, readMessageHeaders, UnreadableHeaders, type MessageHeaders } from './message-headers.ts';
import type { MessageObjects } from './message-objects.ts';
import { readReceiptVerdicts } from './receipt-verdicts.ts';
import { checkSender, domainOf } from './sender-check.ts';
import { senderTpa, type TpaSendersConfig } from './tpa-senders.ts';
import { UnreadableArchive, zipEntries } from './zip-archive.ts';

export interface EmailIntakeDeps {
  objects: MessageObjects;
  store: EmailIntakeStore;
  submissions: SubmissionStore;
  mail: MailSender;
  senders: TpaSendersConfig;
  /** Where documents split out of messages go (the documents bucket). */
  documentsBucket: string;
  limits?: Partial<EmailLimits>;
  /** Local only: config's localMail.acceptUnverifiedFromAllowListedSenders. On AWS always false. */
  acceptUnverifiedFromAllowListed?: boolean;
  logger: Logger;
  now?: () => Date;
  /** How long one worker may hold a message before another may take it over (a crashed worker's lease). */
  leaseMs?: number;
}

export type EmailIntakeResult = EmailMessageRecord & {
  /** "already-processed" when this object was processed before (a redelivered event): nothing was done now. */
  repeat: boolean;
};

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** "E" + 16 base32 characters of the Message-ID's hash: the same message always has the same submission. */
export function emailSubmissionId(messageKey: string): string {
  const bytes = sha256(`submission\n${messageKey}`);
  let id = 'E';
  for (let i = 0; i < 16; i++) id += BASE32[bytes[i]! % 32];
  return id;
}

/** A hash of the Message-ID (angle brackets and surrounding space ignored) or, without one, of the object. */
export function messageKeyFor(messageId: string | null, objectId: string): string {
  const basis = messageId ? `message-id\n${messageId.trim().replace(/^<|>$/g, '')}` : `object\n${objectId}`;
  return sha256(basis).toString('hex').slice(0, 32);
}

export async function processEmailObject(ref: ObjectRef, deps: EmailIntakeDeps): Promise<EmailIntakeResult> {
  const limits: EmailLimits = { ...DEFAULT_EMAIL_LIMITS, ...deps.limits };
  const now = deps.now ?? (() => new Date());
  const objectId = documentIdFor(ref);

  // Read before claiming: an object that is not there (yet) leaves no claim behind.
  const size = await deps.objects.size(ref);
  const head = await deps.objects.head(ref, MAX_HEADER_BYTES);
  const claim = await deps.store.claimObject(objectId, now(), deps.leaseMs ?? 15 * 60_000);
  if (claim.state === 'done') {
    deps.logger.info('email object already processed', { objectId, outcome: claim.record.outcome });
    return { ...claim.record, repeat: true };
  }
  if (claim.state === 'busy') throw new EmailBeingProcessed(objectId, claim.leaseUntil);
  try {
    return await processClaimed(ref, objectId, size, head, deps, limits, now);
  } catch (error) {
    await deps.store.releaseObject(objectId).catch(() => undefined);
    throw error;
  }
}

async function processClaimed(
  ref: ObjectRef,
  objectId: string,
  size: number,
  head: Uint8Array,
  deps: EmailIntakeDeps,
  limits: EmailLimits,
  now: () => Date,
): Promise<EmailIntakeResult> {
  const receivedAt = now().toISOString();
  let headers: MessageHeaders | null = null;
  let unreadable: string | null = null;
  try {
    headers = await readMessageHeaders(head, size <= head.length);
  } catch (error) {
    unreadable = error instanceof UnreadableHeaders ? error.message : 'the message headers cannot be read';
  }

  const messageKey = messageKeyFor(headers?.messageId ?? null, objectId);
  const submissionId = emailSubmissionId(messageKey);
  const from = headers?.from ?? [];
  const senderDomain = from.length === 1 ? domainOf(from[0]!) : null;
  const tpa = from.length === 1 ? senderTpa(deps.senders, from[0]!) : null;
  const record: EmailMessageRecord = {
    objectId,
    objectKey: ref.key,
    messageKey,
    submissionId,
    receivedAt,
    outcome: 'REFUSED',
    senderDomain,
    tpaId: tpa?.id ?? null,
    reasons: [],
    documents: [],
    refused: [],
    ignored: [],
    acknowledgment: { sent: false, detail: 'not sent' },
  };

  const messageClaim = await deps.store.claimMessage(messageKey, objectId, submissionId, now());
  let duplicateOf: { submissionId: string; receivedAt: string } | undefined;
  if (messageClaim.state === 'duplicate') {
    duplicateOf = messageClaim.first;
    record.outcome = 'DUPLICATE';
    record.submissionId = messageClaim.first.submissionId;
    record.reasons.push(`the same Message-ID was received on ${messageClaim.first.receivedAt} as submission ${messageClaim.first.submissionId}`);
  } else if (unreadable || !headers) {
    record.reasons.push(unreadable ?? 'the message headers cannot be read');
  } else if (size > limits.maxMessageBytes) {
    record.reasons.push(`the message is ${megabytes(size)}; messages up to ${megabytes(limits.maxMessageBytes)} are accepted (send the bills in several messages, or upload them)`);
  } else {
    const check = checkSender({
      fromAddresses: from,
      tpa,
      verdicts: readReceiptVerdicts(headers.headerLines),
      acceptUnverifiedFromAllowListed: deps.acceptUnverifiedFromAllowListed,
    });
    record.reasons.push(...check.reasons);
    if (check.disposition === 'hold') record.outcome = 'HELD';
    if (check.disposition === 'accept') {
      const split = await splitMessage(await deps.objects.open(ref), { ref, record, deps, limits });
      record.reasons.push(...split.notes);
      record.outcome = record.documents.length > 0 ? 'ACCEPTED' : 'NOTHING_ACCEPTED';
    }
  }

  if (record.outcome !== 'DUPLICATE') {
    await deps.submissions.save({
      id: record.submissionId,
      channel: 'email',
      owner: `email:${record.tpaId ?? 'unknown-sender'}`,
      createdAt: receivedAt,
      expected: [],
      refused: record.refused,
      review: record.outcome === 'HELD' || record.outcome === 'REFUSED' ? record.reasons : [],
    });
  }
  record.acknowledgment = await acknowledge(record, headers, deps, duplicateOf);
  await deps.store.finishObject(record);
  deps.logger.info('email processed', {
    objectId,
    messageKey,
    submissionId: record.submissionId,
    outcome: record.outcome,
    senderDomain,
    tpaId: record.tpaId,
    documents: record.documents.length,
    refused: record.refused.length,
    ignored: record.ignored.length,
    acknowledged: record.acknowledgment.sent,
  });
  return { ...record, repeat: false };
}

async function acknowledge(
  record: EmailMessageRecord,
  headers: MessageHeaders | null,
  deps: EmailIntakeDeps,
  duplicateOf?: { submissionId: string; receivedAt: string },
): Promise<EmailMessageRecord['acknowledgment']> {
  const to = headers?.from.length === 1 ? headers.from[0]! : null;
  if (!to) return { sent: false, detail: 'no single From address to answer' };
  if (headers?.automatic) return { sent: false, detail: `not answered: the message is automatic (${headers.automatic}); answering could start a mail loop` };
  if (to.toLowerCase() === deps.senders.intakeAddress || deps.senders.acknowledgmentFrom.toLowerCase().includes(`<${to.toLowerCase()}>`)) {
    return { sent: false, detail: 'not answered: the message comes from Parley itself' };
  }
  const { subject, text } = acknowledgmentText({ record, originalDate: headers?.date ?? null, duplicateOf });
  const domain = domainOf(deps.senders.intakeAddress);
  const sent = await deps.mail.send({
    from: deps.senders.acknowledgmentFrom,
    to,
    subject,
    text,
    messageId: `<ack-${record.objectId}.${record.submissionId}@${domain}>`,
    inReplyTo: headers?.messageId ?? undefined,
    headers: { 'X-Parley-Submission': record.submissionId, 'X-Parley-Outcome': record.outcome },
  });
  return { sent: true, detail: sent.id };
}

interface SplitContext {
  ref: ObjectRef;
  record: EmailMessageRecord;
  deps: EmailIntakeDeps;
  limits: EmailLimits;
}

interface MimeAttachment {
  type: 'attachment';
  content: Readable;
  contentType: string;
  contentDisposition?: string;
  filename?: string;
  related?: boolean;
  release(): void;
}

/**
 * Streams the message through mailparser. Each attachment is read (up to the per-file limit), triaged, written,
 * and released before the next is parsed, so memory holds one attachment at a time. Forwarded messages
 * (message/rfc822) are opened by mailparser itself; their attachments arrive here like any other.
 */
async function splitMessage(stream: Readable, context: SplitContext): Promise<{ notes: string[] }> {
  const notes: string[] = [];
  const seen: { body: 'text' | 'html-only' | 'none'; attachments: number } = { body: 'none', attachments: 0 };
  let working: Promise<void> = Promise.resolve();
  const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 1024 * 1024 });
  const state = { files: 0, index: 0 };

  await new Promise<void>((resolve) => {
    let finished = false;
    let current: MimeAttachment | null = null;
    const finish = (note?: string) => {
      if (finished) return;
      finished = true;
      if (note) notes.push(note);
      stream.unpipe(parser);
      stream.destroy();
      // A parser that stopped (too many parts, damage) sends the part it was delivering no more data: end that
      // part's stream, or its reader would wait for ever.
      current?.content.destroy(Object.assign(new Error('the message stopped being readable inside this part'), { name: 'MessageUnreadable' }));
      void working.then(() => resolve());
    };
    parser.on('data', (part: MimeAttachment | { type: 'text'; text?: string; html?: string | false }) => {
      if (part.type === 'text') {
        seen.body = part.text?.trim() ? 'text' : part.html ? 'html-only' : seen.body;
        return;
      }
      seen.attachments++;
      current = part;
      working = readAttachment(part, context.limits.maxFileBytes)
        .then(async (bytes) => {
          const name = part.filename ?? defaultName(part.contentType);
          if (bytes === null) {
            refuse(context, name, `the file is larger than the limit of ${megabytes(context.limits.maxFileBytes)} per file`);
            return;
          }
          const inline = part.related === true || part.contentDisposition === 'inline';
          await takeFile({ name, declaredType: part.contentType, bytes, inline }, name, 0, context, state);
        })
        .catch((error: Error) => refuse(context, part.filename ?? 'attachment', `the file could not be read (${error.name})`))
        .finally(() => {
          if (current === part) current = null;
          part.release();
        });
    });
    parser.on('error', (error: Error) => finish(`the rest of the message could not be read (${error.message}); only the files listed were taken`));
    parser.on('end', () => finish());
    stream.on('error', (error: Error) => finish(`the message could not be read to its end (${error.name})`));
    stream.pipe(parser);
  });

  if (seen.attachments === 0) {
    notes.push(
      seen.body === 'html-only'
        ? 'the message has only an HTML body and no attachments: Parley reads attached files, not the text of a message'
        : 'the message has no attachments: Parley reads attached files, not the text of a message',
    );
  }
  return { notes };
}

async function readAttachment(part: MimeAttachment, limit: number): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of part.content as AsyncIterable<Buffer>) {
    total += chunk.length;
    // Past the limit, keep reading (mailparser needs the part consumed) but keep nothing.
    if (total <= limit) chunks.push(chunk);
  }
  return total > limit ? null : Buffer.concat(chunks);
}

function defaultName(contentType: string): string {
  return `attachment.${contentType.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin'}`;
}

function refuse(context: SplitContext, name: string, reason: string): void {
  context.record.refused.push({ fileName: safeDisplayPath(name), reason });
}

/** One file from the message or from an archive in it: written as a document, opened, refused or ignored. */
async function takeFile(
  file: CandidateFile,
  displayName: string,
  depth: number,
  context: SplitContext,
  state: { files: number; index: number },
): Promise<void> {
  const shown = safeDisplayPath(displayName);
  if (state.files >= context.limits.maxFiles) {
    context.record.refused.push({ fileName: shown, reason: `the message holds more than ${context.limits.maxFiles} files; the rest were not opened` });
    return;
  }
  const triage = triageFile(file, context.limits);
  if (triage.action === 'refuse') return void context.record.refused.push({ fileName: shown, reason: triage.reason });
  if (triage.action === 'ignore') return void context.record.ignored.push({ fileName: shown, reason: triage.reason });
  if (triage.action === 'archive') {
    if (depth >= context.limits.maxZipDepth) {
      context.record.refused.push({ fileName: shown, reason: `an archive inside an archive ${depth} levels deep; at most ${context.limits.maxZipDepth} levels are opened` });
      return;
    }
    try {
      for await (const item of zipEntries(file.bytes, context.limits)) {
        const inner = `${displayName}/${item.path}`;
        if (item.kind === 'file') {
          await takeFile({ name: item.path, declaredType: 'application/octet-stream', bytes: item.bytes, inline: false }, inner, depth + 1, context, state);
        } else {
          const list = item.kind === 'refused' ? context.record.refused : context.record.ignored;
          list.push({ fileName: safeDisplayPath(inner), reason: item.reason });
        }
      }
    } catch (error) {
      const reason = error instanceof UnreadableArchive ? error.message : `the ZIP archive cannot be read (${(error as Error).name})`;
      context.record.refused.push({ fileName: shown, reason });
    }
    return;
  }

  state.files++;
  state.index++;
  const number = String(state.index).padStart(2, '0');
  const key = attachmentKey(context.record.submissionId, `${number}-${safeFileName(file.name)}`);
  const location = { bucket: context.deps.documentsBucket, key };
  // A retry after a crash finds the files it already wrote: writing them again would start a second workflow.
  if (!(await context.deps.objects.exists(location))) {
    await context.deps.objects.put({
      ...location,
      body: file.bytes,
      contentType: triage.contentType,
      metadata: {
        'message-key': context.record.messageKey,
        'email-object-id': context.record.objectId,
        'sender-domain': context.record.senderDomain ?? 'unknown',
        'tpa-id': context.record.tpaId ?? 'unknown',
      },
    });
  }
  context.record.documents.push({ fileName: shown, key, kind: triage.kind });
}

export type { EmailOutcome };
