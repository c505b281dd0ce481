// Runs s3rver (an S3-compatible server) in-process on a free loopback port, with objects stored in a folder.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import S3rver from 's3rver';
import { freePort } from './free-port.ts';

/** The part of an S3 event record Parley uses (s3rver emits real S3 notification records). */
export interface S3EventRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; eTag?: string; size?: number; versionId?: string } };
}

export interface S3Local {
  endpoint: string;
  onEvent(listener: (record: S3EventRecord) => void): void;
  stop(): Promise<void>;
}

// @types/s3rver lacks the EventEmitter side of the instance.
interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: { Records: S3EventRecord[] }) => void): void;
  httpServer?: Server;
}

export async function startS3Local(options: { directory: string }): Promise<S3Local> {
  mkdirSync(options.directory, { recursive: true });
  const port = await freePort();
  const server = new (S3rver as unknown as new (options: object) => S3rverInstance)({
    address: '127.0.0.1',
    port,
    silent: true,
    directory: options.directory,
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    onEvent(listener) {
      server.on('event', (event) => event.Records.forEach(listener));
    },
    async stop() {
      server.httpServer?.closeAllConnections?.();
      await server.close();
    },
  };
}
