// Deterministic names for documents, cases and workflow runs, derived from the object: the basis of "nothing twice".
import { createHash } from 'node:crypto';
import type { ObjectRef } from '../model/document.ts';

const BASE32 = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789'; // no I, L, O, U: readable over the phone

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += BASE32[bytes[i]! % 32];
  return out;
}

/** The same object version (or, unversioned, the same key and content) always gets the same id. */
export function documentIdFor(source: ObjectRef): string {
  // S3 quotes ETags in responses but not in event records: compare them unquoted.
  const etag = (source.etag ?? '').replace(/"/g, '');
  const identity = [source.bucket, source.key, source.versionId ?? '', source.versionId ? '' : etag].join('\n');
  return base32(createHash('sha256').update(identity).digest(), 12);
}

/** One case per claim of a document: the claim's position makes it unique and stable across re-runs. */
export function caseIdFor(documentId: string, claimIndex: number): string {
  return `${documentId}-${claimIndex + 1}`;
}

/** Step Functions execution names: at most 80 chars of [A-Za-z0-9._-]. */
export function executionNameFor(source: ObjectRef): string {
  return `doc-${documentIdFor(source)}`;
}
