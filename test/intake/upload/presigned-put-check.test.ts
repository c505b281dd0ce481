// The SigV4 check the local upload gateway applies, against URLs signed by the AWS SDK's own presigner.
import { describe, expect, it } from 'vitest';
import { checkPresignedRequest } from '#shared/intake/upload/presigned-put-check.ts';
import { S3UploadSigner } from '#shared/intake/upload/upload-signer.s3.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signer = new S3UploadSigner({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, credentials });
const secretFor = (id: string) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined);

async function presigned(key = 'intake/upload/u1/SABC/bill one.pdf') {
  const { url, headers } = await signer.presignPut({ bucket: 'parley-documents', key, contentType: 'application/pdf', sizeBytes: 1234, expiresInSeconds: 300 });
  const parsed = new URL(url);
  return { pathAndQuery: parsed.pathname + parsed.search, headers: { ...headers, host: parsed.host } };
}

describe('checking a presigned PUT', () => {
  it('accepts the request exactly as it was signed', async () => {
    const { pathAndQuery, headers } = await presigned();
    const check = checkPresignedRequest({ method: 'PUT', url: pathAndQuery, headers }, secretFor, new Date());
    expect(check).toEqual({ ok: true, accessKeyId: 'AKIDEXAMPLE', path: '/parley-documents/intake/upload/u1/SABC/bill one.pdf' });
  });

  it('refuses the same signature for another key', async () => {
    const { pathAndQuery, headers } = await presigned();
    const url = pathAndQuery.replace('bill%20one.pdf', 'other.pdf');
    expect(checkPresignedRequest({ method: 'PUT', url, headers }, secretFor, new Date())).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('refuses another content type or another size', async () => {
    const { pathAndQuery, headers } = await presigned();
    const asHtml = { ...headers, 'content-type': 'text/html' };
    const bigger = { ...headers, 'content-length': '99999' };
    expect(checkPresignedRequest({ method: 'PUT', url: pathAndQuery, headers: asHtml }, secretFor, new Date())).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(checkPresignedRequest({ method: 'PUT', url: pathAndQuery, headers: bigger }, secretFor, new Date())).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('refuses another method, a stretched expiry and an unknown key id', async () => {
    const { pathAndQuery, headers } = await presigned();
    expect(checkPresignedRequest({ method: 'DELETE', url: pathAndQuery, headers }, secretFor, new Date())).toMatchObject({ code: 'SignatureDoesNotMatch' });
    const stretched = pathAndQuery.replace('X-Amz-Expires=300', 'X-Amz-Expires=3000');
    expect(checkPresignedRequest({ method: 'PUT', url: stretched, headers }, secretFor, new Date())).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(checkPresignedRequest({ method: 'PUT', url: pathAndQuery, headers }, () => undefined, new Date())).toMatchObject({ code: 'InvalidAccessKeyId' });
  });

  it('refuses it once it has expired', async () => {
    const { pathAndQuery, headers } = await presigned();
    const later = new Date(Date.now() + 301_000);
    expect(checkPresignedRequest({ method: 'PUT', url: pathAndQuery, headers }, secretFor, later)).toMatchObject({ ok: false, code: 'AccessDenied' });
  });

  it('refuses a request that is not presigned at all', () => {
    expect(checkPresignedRequest({ method: 'PUT', url: '/parley-documents/intake/upload/x', headers: {} }, secretFor, new Date())).toMatchObject({
      code: 'AuthorizationQueryParametersError',
    });
  });
});

describe('the S3 upload signer', () => {
  it('binds content type and length into the signature and leaves no empty-body checksum in the URL', async () => {
    const aws = new S3UploadSigner({ region: 'eu-west-1', credentials });
    const { url, headers } = await aws.presignPut({ bucket: 'b', key: 'intake/upload/u/S/x.pdf', contentType: 'application/pdf', sizeBytes: 10, expiresInSeconds: 60 });
    const query = new URL(url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(query.get('X-Amz-Expires')).toBe('60');
    expect([...query.keys()].filter((k) => k.toLowerCase().startsWith('x-amz-checksum'))).toEqual([]);
    expect(headers).toEqual({ 'content-type': 'application/pdf', 'content-length': '10' });
  });
});
