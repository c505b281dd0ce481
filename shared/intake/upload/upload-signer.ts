// The port that issues presigned PUT URLs (S3 implements it; locally the same adapter signs for s3rver's gateway).

export interface PresignPutInput {
  bucket: string;
  key: string;
  contentType: string;
  /** Signed as content-length: an upload of any other size fails its signature. */
  sizeBytes: number;
  expiresInSeconds: number;
}

export interface PresignedPut {
  url: string;
  /** Headers the uploader must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
}

export interface UploadSigner {
  presignPut(input: PresignPutInput): Promise<PresignedPut>;
}
