// Hostile email messages written as raw bytes (as SES's S3 action stores them): nested multiparts without end,
// thousands of parts, huge or countless headers, base64 garbage, missing or unclosed boundaries, forwards of forwards.

export interface RawMessageOptions {
  /** Header lines placed before the message's own (e.g. SES's receipt headers). */
  receipt: string;
  from: string;
  messageId: string;
  subject?: string;
  /** Extra header lines (without CRLF). */
  extraHeaders?: string[];
  /** The Content-Type header's value for the top-level body. */
  contentType: string;
  body: string | Buffer;
}

export function rawMessage(options: RawMessageOptions): Buffer {
  const head = [
    options.receipt,
    `From: ${options.from}`,
    'To: claims@intake.parley.example',
    `Subject: ${options.subject ?? 'Claims'}`,
    `Message-ID: ${options.messageId}`,
    'Date: Thu, 27 Nov 2025 09:59:00 +0000',
    'MIME-Version: 1.0',
    ...(options.extraHeaders ?? []),
    `Content-Type: ${options.contentType}`,
  ].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body)]);
}

/**
 * A base64 attachment part (headers and body, no boundary lines). A name that a quoted string cannot carry (controls,
 * quotes, backslashes, non-ASCII) is sent RFC 2231 encoded, as a sender's mail program would: the raw bytes arrive.
 */
export function attachmentPart(fileName: string, bytes: Uint8Array, contentType = 'application/octet-stream'): string {
  const b64 = Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  const plain = /^[\x20-\x7e]*$/.test(fileName) && !/["\\]/.test(fileName);
  const name = plain ? `name="${fileName}"` : `name*=utf-8''${encodeRfc2231(fileName)}`;
  const disposition = plain ? `filename="${fileName}"` : `filename*=utf-8''${encodeRfc2231(fileName)}`;
  return `Content-Type: ${contentType}; ${name}\r\nContent-Disposition: attachment; ${disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
}

const encodeRfc2231 = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9._-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

export const textPart = (text: string): string => `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;

/** A multipart body of the given parts (each with its own headers), closed unless told. */
export function multipartBody(boundary: string, parts: string[], closed = true): string {
  return `${parts.map((p) => `--${boundary}\r\n${p}`).join('')}${closed ? `--${boundary}--\r\n` : ''}`;
}

/** `depth` multiparts each inside the one before, a text and `leaf` (a part) at the bottom. */
export function nestedMultipart(depth: number, leaf: string): { contentType: string; body: string } {
  let inner = multipartBody(`b${depth}`, [textPart('deepest'), leaf]);
  for (let level = depth - 1; level >= 1; level--) {
    inner = multipartBody(`b${level}`, [`Content-Type: multipart/mixed; boundary="b${level + 1}"\r\n\r\n${inner}`]);
  }
  return { contentType: 'multipart/mixed; boundary="b1"', body: inner };
}

/** A message forwarded as message/rfc822 inside a message, `depth` times, the innermost carrying `leaf`. */
export function nestedForwards(depth: number, leaf: string): { contentType: string; body: string } {
  let message = `From: clinic@clinic.example\r\nSubject: bill\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="f${depth}"\r\n\r\n${multipartBody(`f${depth}`, [textPart('bill'), leaf])}`;
  for (let level = depth - 1; level >= 1; level--) {
    message = `From: fwd${level}@clinic.example\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="f${level}"\r\n\r\n${multipartBody(`f${level}`, [textPart('fwd'), `Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fwd${level}.eml"\r\n\r\n${message}\r\n`])}`;
  }
  return { contentType: 'multipart/mixed; boundary="top"', body: multipartBody('top', [textPart('see below'), `Content-Type: message/rfc822\r\n\r\n${message}\r\n`]) };
}
