// Raw messages and split-out documents on S3 (s3rver locally through the same SDK).
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectRef } from '../../model/document.ts';
import type { ObjectLocation, PutObjectInput } from '../../storage/object-store.ts';
import { S3ObjectStore } from '../../storage/object-store.s3.ts';
import type { MessageObjects } from './message-objects.ts';

export class S3MessageObjects implements MessageObjects {
  private readonly store: S3ObjectStore;

  constructor(private readonly s3: S3Client) {
    this.store = new S3ObjectStore(s3);
  }

  size(location: ObjectLocation): Promise<number> {
    return this.store.size(location);
  }

  head(location: ObjectLocation, bytes: number): Promise<Uint8Array> {
    return this.store.getHead(location, bytes);
  }

  async open(location: ObjectLocation): Promise<Readable> {
    const response = await this.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId ?? undefined }));
    const body = response.Body;
    if (body instanceof Readable) return body;
    return Readable.from([await body!.transformToByteArray()]);
  }

  async exists(location: ObjectLocation): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NotFound') return false;
      throw error;
    }
  }

  put(input: PutObjectInput): Promise<ObjectRef> {
    return this.store.put(input);
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectRef> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) yield { bucket, key: object.Key!, versionId: null, etag: object.ETag ?? null };
      token = page.NextContinuationToken;
    } while (token);
  }
}
