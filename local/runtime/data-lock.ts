// One Parley process per data folder: two DynamoDB Locals on the same files would corrupt them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DataLock {
  release(): void;
}

export class DataFolderInUse extends Error {
  override readonly name = 'DataFolderInUse';
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`another parley process (pid ${pid}) is using ${dataDir}; stop it first or choose another folder with --data DIR`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataLock(dataDir: string): DataLock {
  const path = join(dataDir, 'parley.lock');
  try {
    const holder = Number(readFileSync(path, 'utf8').trim());
    // A lock left by a killed process is stale: its pid is gone.
    if (holder && holder !== process.pid && isAlive(holder)) throw new DataFolderInUse(dataDir, holder);
  } catch (error) {
    if (error instanceof DataFolderInUse) throw error;
  }
  writeFileSync(path, String(process.pid));
  return {
    release() {
      try {
        if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
      } catch {
        // already gone
      }
    },
  };
}
