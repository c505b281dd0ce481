// The port through which the email intake reads raw messages (streaming) and writes the documents split out of them.
import type { Readable } from 'node:stream';
import type { ObjectRef } from '../../model/document.ts';
import type { ObjectLocation, PutObjectInput } from '../../storage/object-store.ts';

export interface MessageObjects {
  size(location: ObjectLocation): Promise<number>;
  /** The first `bytes` bytes (fewer for a shorter object). */
  head(location: ObjectLocation, bytes: number): Promise<Uint8Array>;
  /** The whole object as a stream: a message is never held in memory at once. */
  open(location: ObjectLocation): Promise<Readable>;
  exists(location: ObjectLocation): Promise<boolean>;
  put(input: PutObjectInput): Promise<ObjectRef>;
  /** Every object under a prefix (a start-up sweep for messages a crashed process never finished). */
  list(bucket: string, prefix: string): AsyncIterable<ObjectRef>;
}
