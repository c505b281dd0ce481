// Locates and reads the CMS source files under the data root, recording each file's name and checksum.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../../shared/pricing/table-format.ts';

export class SourceNotFound extends Error {
  override readonly name = 'SourceNotFound';
  constructor(
    readonly folder: string,
    readonly pattern: string,
  ) {
    super(`no file matching ${pattern} in ${folder}`);
  }
}

export class SourceRoot {
  constructor(readonly dir: string) {}

  /** Files in a folder whose names match the pattern, sorted; empty when the folder is missing. */
  list(folder: string, pattern: RegExp): string[] {
    const dir = join(this.dir, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => pattern.test(f))
      .sort();
  }

  find(folder: string, pattern: RegExp): string {
    const found = this.list(folder, pattern);
    if (found.length === 0) throw new SourceNotFound(join(this.dir, folder), String(pattern));
    return found[found.length - 1]!;
  }

  read(folder: string, file: string): { bytes: Buffer; source: SourceFile } {
    const bytes = readFileSync(join(this.dir, folder, file));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { bytes, source: { folder, file, sha256 } };
  }

  path(folder: string, file: string): string {
    return join(this.dir, folder, file);
  }
}

/** "09/11/2025" -> "2025-09-11". */
export function usDateToIso(text: string): string | null {
  const m = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text);
  if (!m) return null;
  return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}
