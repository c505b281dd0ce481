// Checks a SigV4 presigned request the way S3 does: for object stores that do not (s3rver accepts any V4 signature).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface PresignedRequest {
  method: string;
  /** Path and query exactly as received, e.g. "/bucket/key?X-Amz-Algorithm=..." */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
}

export type PresignedCheck =
  | { ok: true; accessKeyId: string; path: string }
  | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId' | 'AuthorizationQueryParametersError'; message: string };

const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;

/** RFC 3986 encoding as SigV4 canonicalization wants it (encodeURIComponent leaves !'()* alone). */
const encode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

export function checkPresignedRequest(request: PresignedRequest, secretFor: (accessKeyId: string) => string | undefined, now: Date): PresignedCheck {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const pairs = (queryStart < 0 ? '' : request.url.slice(queryStart + 1))
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decode(p), ''] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))];
    }) as [string, string][];
  const query = new Map(pairs);
  const missing = REQUIRED.filter((name) => !query.has(name));
  if (missing.length > 0) {
    return { ok: false, code: 'AuthorizationQueryParametersError', message: `the request is not presigned (missing ${missing.join(', ')})` };
  }
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    return { ok: false, code: 'AuthorizationQueryParametersError', message: 'only AWS4-HMAC-SHA256 presigned URLs are accepted' };
  }
  const [accessKeyId, shortDate, region, service, terminator] = query.get('X-Amz-Credential')!.split('/');
  const secret = accessKeyId ? secretFor(accessKeyId) : undefined;
  if (!accessKeyId || !secret || !shortDate || !region || !service || terminator !== 'aws4_request') {
    return { ok: false, code: 'InvalidAccessKeyId', message: 'the access key in the URL is not known here' };
  }

  const longDate = query.get('X-Amz-Date')!;
  const signedAt = Date.parse(`${longDate.slice(0, 4)}-${longDate.slice(4, 6)}-${longDate.slice(6, 8)}T${longDate.slice(9, 11)}:${longDate.slice(11, 13)}:${longDate.slice(13, 15)}Z`);
  const expires = Number(query.get('X-Amz-Expires'));
  if (!Number.isFinite(signedAt) || !Number.isInteger(expires) || expires < 0 || expires > 604800 || !longDate.startsWith(shortDate)) {
    return { ok: false, code: 'AuthorizationQueryParametersError', message: 'X-Amz-Date or X-Amz-Expires is malformed' };
  }
  if (now.getTime() > signedAt + expires * 1000) {
    return { ok: false, code: 'AccessDenied', message: `Request has expired (at ${new Date(signedAt + expires * 1000).toISOString()})` };
  }

  const signedHeaders = query.get('X-Amz-SignedHeaders')!.split(';');
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim()}\n`;
    })
    .join('');
  const canonicalQuery = pairs
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalPath = rawPath.split('/').map((segment) => encode(decode(segment))).join('/');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(';'),
    query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', longDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, shortDate), region), service), 'aws4_request');
  const expected = hmac(signingKey, stringToSign);
  const provided = Buffer.from(query.get('X-Amz-Signature')!, 'hex');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) {
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: `The request signature we calculated does not match the signature you provided (signed: ${signedHeaders.join(', ')}, path and query)`,
    };
  }
  return { ok: true, accessKeyId, path: decode(rawPath) };
}
