// Presigned S3 PUT URLs bound to one key, one content type and one size (SigV4 query signing).
import { PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PresignedPut, PresignPutInput, UploadSigner } from './upload-signer.ts';

const SIGNED_HEADERS = new Set(['content-type', 'content-length']);

export class S3UploadSigner implements UploadSigner {
  private readonly s3: S3Client;

  /**
   * Takes a client configuration rather than a client: the signer needs checksums "when required" only. With the
   * SDK's default, a presigned PUT carries the CRC32 of an empty body (x-amz-checksum-crc32=AAAAAA==) and every real
   * upload then fails its checksum on S3.
   */
  constructor(config: S3ClientConfig = {}) {
    this.s3 = new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  }

  async presignPut(input: PresignPutInput): Promise<PresignedPut> {
    const command = new PutObjectCommand({
      Bucket: input.bucket,
      Key: input.key,
      ContentType: input.contentType,
      ContentLength: input.sizeBytes,
    });
    const url = await getSignedUrl(this.s3, command, { expiresIn: input.expiresInSeconds, signableHeaders: SIGNED_HEADERS });
    return { url, headers: { 'content-type': input.contentType, 'content-length': String(input.sizeBytes) } };
  }

  destroy(): void {
    this.s3.destroy();
  }
}
