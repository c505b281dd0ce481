// The object store on S3 (or s3rver through the same SDK).
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectRef } from '../model/document.ts';
import type { ObjectLocation, ObjectStore, PutObjectInput } from './object-store.ts';

export class S3ObjectStore implements ObjectStore {
  constructor(private readonly s3: S3Client) {}

  async get(location: ObjectLocation): Promise<Uint8Array> {
    const response = await this.s3.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId ?? undefined }),
    );
    return response.Body!.transformToByteArray();
  }

  async getHead(location: ObjectLocation, bytes: number): Promise<Uint8Array> {
    const size = await this.size(location);
    if (size === 0) return new Uint8Array(0);
    const response = await this.s3.send(
      new GetObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        VersionId: location.versionId ?? undefined,
        Range: `bytes=0-${Math.min(bytes, size) - 1}`,
      }),
    );
    return response.Body!.transformToByteArray();
  }

  async put(input: PutObjectInput): Promise<ObjectRef> {
    const response = await this.s3.send(
      new PutObjectCommand({
        Bucket: input.bucket,
        Key: input.key,
        Body: input.body,
        ContentType: input.contentType,
        Metadata: input.metadata,
      }),
    );
    return { bucket: input.bucket, key: input.key, versionId: response.VersionId ?? null, etag: response.ETag ?? null };
  }

  async size(location: ObjectLocation): Promise<number> {
    const response = await this.s3.send(
      new HeadObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId ?? undefined }),
    );
    return response.ContentLength ?? 0;
  }
}
