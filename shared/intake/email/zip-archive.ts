// Opens a ZIP attachment within limits (entries, expanded size, compression ratio): a bomb is refused, not inflated.
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { megabytes, type EmailLimits } from './email-limits.ts';

export type ZipItem =
  | { kind: 'file'; path: string; bytes: Uint8Array }
  | { kind: 'refused'; path: string; reason: string }
  | { kind: 'ignored'; path: string; reason: string };

export class UnreadableArchive extends Error {
  override readonly name = 'UnreadableArchive';
}

export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
export const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06] as const;

export function isZip(head: Uint8Array): boolean {
  return [ZIP_MAGIC, EMPTY_ZIP_MAGIC].some((magic) => magic.every((b, i) => head[i] === b));
}

// The parts of yauzl 3 used here (@types/yauzl describes 2.x, without the low-level name decoding).
interface Entry {
  fileNameRaw: Buffer;
  fileName: Buffer | string;
  extraFields: unknown[];
  generalPurposeBitFlag: number;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  isEncrypted(): boolean;
}
interface ZipFile {
  entryCount: number;
  readEntry(): void;
  close(): void;
  on(event: 'entry', listener: (entry: Entry) => void): this;
  on(event: 'end', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  removeListener(event: string, listener: (...args: never[]) => void): this;
  openReadStream(entry: Entry, callback: (error: Error | null, stream?: Readable) => void): void;
}
const zip = yauzl as unknown as {
  fromBuffer(buffer: Buffer, options: object, callback: (error: Error | null, zipfile?: ZipFile) => void): void;
  getFileNameLowLevel(flag: number, raw: Buffer, extraFields: unknown[], strict: boolean): string;
};

const openZip = (bytes: Uint8Array): Promise<ZipFile> =>
  new Promise((resolve, reject) =>
    zip.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (error, file) =>
      error || !file ? reject(new UnreadableArchive(`the ZIP archive cannot be read (${error?.message ?? 'no archive'})`)) : resolve(file),
    ),
  );

/** Next entry, or null at the end; archive-level damage rejects. */
function nextEntry(file: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (error: Error) => (cleanup(), reject(new UnreadableArchive(`the ZIP archive is damaged (${error.message})`)));
    const cleanup = () => {
      file.removeListener('entry', onEntry).removeListener('end', onEnd).removeListener('error', onError);
    };
    file.on('entry', onEntry).on('end', onEnd).on('error', onError);
    file.readEntry();
  });
}

/** Reads an entry's data, stopping as soon as it passes `limit` (whatever the header claimed). */
function readEntryData(file: ZipFile, entry: Entry, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    file.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limit) {
          stream.destroy(new Error(`expands beyond ${limit} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * The files in an archive, one at a time (each entry is inflated only when asked for). Limits apply per archive;
 * the caller counts files across the whole message and decides about archives inside archives.
 */
export async function* zipEntries(bytes: Uint8Array, limits: EmailLimits): AsyncGenerator<ZipItem> {
  const file = await openZip(bytes);
  try {
    if (file.entryCount > limits.maxZipEntries) {
      throw new UnreadableArchive(`the ZIP archive lists ${file.entryCount} entries; at most ${limits.maxZipEntries} are opened`);
    }
    let expanded = 0;
    for (let entry = await nextEntry(file); entry; entry = await nextEntry(file)) {
      const path = zip.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      const base = path.split('/').pop() ?? '';
      if (path.endsWith('/')) continue;
      if (path.startsWith('__MACOSX/') || base.startsWith('._') || base === '.DS_Store' || base === 'Thumbs.db') {
        yield { kind: 'ignored', path, reason: 'operating-system metadata, not a document' };
        continue;
      }
      if (entry.isEncrypted()) {
        yield { kind: 'refused', path, reason: 'the file is encrypted (password-protected ZIP): send it without a password, or through the upload page' };
        continue;
      }
      if (entry.uncompressedSize > limits.maxFileBytes) {
        yield { kind: 'refused', path, reason: `the file expands to ${megabytes(entry.uncompressedSize)}; the limit per file is ${megabytes(limits.maxFileBytes)}` };
        continue;
      }
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxZipRatio) {
        yield { kind: 'refused', path, reason: `the file is compressed ${Math.round(ratio)} to 1 (a compression bomb); at most ${limits.maxZipRatio} to 1 is opened` };
        continue;
      }
      if (expanded + entry.uncompressedSize > limits.maxZipExpandedBytes) {
        yield { kind: 'refused', path, reason: `the archive expands to more than ${megabytes(limits.maxZipExpandedBytes)}; the files after this one were not opened` };
        return;
      }
      let data: Uint8Array;
      try {
        // yauzl also checks the real size against the declared one, so a header that lies is caught.
        data = await readEntryData(file, entry, Math.min(entry.uncompressedSize, limits.maxFileBytes));
      } catch (error) {
        yield { kind: 'refused', path, reason: `the file cannot be extracted: its contents do not match the archive's header (${(error as Error).message})` };
        continue;
      }
      expanded += data.length;
      yield { kind: 'file', path, bytes: data };
    }
  } finally {
    file.close();
  }
}
