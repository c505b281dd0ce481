// A local SMTP listener on 127.0.0.1 that stores each message as raw MIME under intake/email/, with receipt headers
// on top as SES's S3 action writes them. Nothing here can check SPF, DKIM, DMARC, spam or viruses, so the verdicts
// say exactly that (GRAY, none): the email intake then holds the message for review, unless config/tpa-senders.json
// trusts local mail from allow-listed senders (localMail.acceptUnverifiedFromAllowListedSenders, the demo default).
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '#shared/observability/logger.ts';

export interface SmtpListenerOptions {
  /** 0 picks any free port. */
  port: number;
  /** When the port is taken, listen on any free one instead of failing (for the default port only). */
  fallbackToFreePort?: boolean;
  /** The one address mail is accepted for (the SES receipt rule's recipient on AWS). */
  intakeAddress: string;
  maxMessageBytes: number;
  /** Stores the raw message (receipt headers included) under intake/email/<objectId>. */
  deliver(objectId: string, raw: Buffer): Promise<void>;
  logger: Logger;
  now?: () => Date;
}

export interface SmtpListener {
  host: string;
  port: number;
  /** e.g. smtp://127.0.0.1:2525 */
  url: string;
  /** True when the requested port was taken and another was chosen. */
  fellBack: boolean;
  stop(): Promise<void>;
}

export const SMTP_HOST = '127.0.0.1';
const LISTENER_NAME = 'parley-local-smtp';

class SmtpReply extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

/** SES-style object ids: lower-case letters and digits, no PHI. */
function newObjectId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % 36]).join('');
}

/**
 * The headers SES's receipt prepends (Return-Path, Received, verdicts, Received-SPF, Authentication-Results,
 * X-SES-RECEIPT), with the verdicts a listener that checks nothing can honestly give.
 */
export function localReceiptHeaders(session: Pick<SMTPServerSession, 'id' | 'remoteAddress' | 'clientHostname' | 'hostNameAppearsAs' | 'envelope'>, objectId: string, at: Date): string {
  const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  const recipients = session.envelope.rcptTo.map((r) => r.address).join(', ');
  const helo = (session.hostNameAppearsAs || 'unknown').replace(/[^A-Za-z0-9.\-[\]:]/g, '');
  const client = `${(session.clientHostname || 'unknown').replace(/[^A-Za-z0-9.\-[\]:]/g, '')} [${session.remoteAddress}]`;
  const notChecked = '(not checked: the local listener cannot verify senders)';
  return [
    `Return-Path: <${mailFrom}>`,
    `Received: from ${helo} (${client})\r\n by ${LISTENER_NAME} with SMTP id ${session.id}\r\n for ${recipients};\r\n ${at.toUTCString()}`,
    'X-SES-Spam-Verdict: GRAY',
    'X-SES-Virus-Verdict: GRAY',
    `Received-SPF: none ${notChecked} client-ip=${session.remoteAddress}; envelope-from=${mailFrom}; helo=${helo};`,
    `Authentication-Results: ${LISTENER_NAME};\r\n spf=none ${notChecked} smtp.mailfrom=${mailFrom};\r\n dkim=none ${notChecked};\r\n dmarc=none ${notChecked}`,
    `X-SES-RECEIPT: ${Buffer.from(`${LISTENER_NAME}:${objectId}`).toString('base64')}`,
  ].join('\r\n');
}

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const now = options.now ?? (() => new Date());
  const intakeAddress = options.intakeAddress.toLowerCase();
  const server = new SMTPServer({
    name: LISTENER_NAME,
    banner: 'Parley local claims intake',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    size: options.maxMessageBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() === intakeAddress) return callback();
      callback(new SmtpReply(`no mailbox here for that address; send claims to ${options.intakeAddress}`, 550));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('error', () => callback(new SmtpReply('the message could not be received', 451)));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          options.logger.warn('smtp message refused: too large', { session: session.id, bytes: stream.byteLength });
          return callback(new SmtpReply(`message exceeds the fixed maximum message size of ${options.maxMessageBytes} bytes`, 552));
        }
        const objectId = newObjectId();
        const raw = Buffer.concat([Buffer.from(`${localReceiptHeaders(session, objectId, now())}\r\n`), ...chunks]);
        options
          .deliver(objectId, raw)
          .then(() => {
            options.logger.info('smtp message stored', { session: session.id, objectId, bytes: raw.length });
            callback(null, `stored as ${objectId}`);
          })
          .catch((error: Error) => {
            options.logger.error('smtp message not stored', { session: session.id, error: error.name });
            callback(new SmtpReply('the message could not be stored; try again later', 451));
          });
      });
    },
  });
  server.on('error', (error) => options.logger.error('smtp listener error', { error: error.name }));

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once('error', onError);
      server.listen(port, SMTP_HOST, () => {
        server.server.removeListener('error', onError);
        resolve((server.server.address() as AddressInfo).port);
      });
    });

  let port: number;
  let fellBack = false;
  try {
    port = await listen(options.port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.fallbackToFreePort) {
      throw new SmtpPortUnavailable(options.port, (error as NodeJS.ErrnoException).code ?? (error as Error).name);
    }
    port = await listen(0);
    fellBack = true;
  }
  return {
    host: SMTP_HOST,
    port,
    url: `smtp://${SMTP_HOST}:${port}`,
    fellBack,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export class SmtpPortUnavailable extends Error {
  override readonly name = 'SmtpPortUnavailable';
  constructor(
    readonly port: number,
    readonly code: string,
  ) {
    super(`the SMTP port ${port} on ${SMTP_HOST} is not available (${code}); choose another with --smtp-port N (0 picks a free one)`);
  }
}
