// The port through which steps read originals and write derived files (S3 implements it, s3rver locally).
import type { ObjectRef } from '../model/document.ts';

export interface ObjectLocation {
  bucket: string;
  key: string;
  versionId?: string | null;
}

export interface PutObjectInput {
  bucket: string;
  key: string;
  body: Uint8Array;
  contentType: string;
  metadata?: Record<string, string>;
}

export interface ObjectStore {
  get(location: ObjectLocation): Promise<Uint8Array>;
  /** The first `bytes` bytes (or fewer for a shorter object). */
  getHead(location: ObjectLocation, bytes: number): Promise<Uint8Array>;
  put(input: PutObjectInput): Promise<ObjectRef>;
  size(location: ObjectLocation): Promise<number>;
}
