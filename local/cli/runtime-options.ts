// Options every runtime-backed command shares (--data, --fresh, --letters, --concurrency) and the log file.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jsonLogger, type Logger } from '#shared/observability/logger.ts';
import { UsageError } from './output.ts';

export const RUNTIME_OPTIONS = {
  data: { type: 'string', default: '.parley' },
  fresh: { type: 'boolean', default: false },
  letters: { type: 'string' },
  concurrency: { type: 'string', default: '2' },
} as const;

export interface RuntimeChoices {
  dataDir: string;
  fresh: boolean;
  lettersDir: string;
  concurrency: number;
}

export function runtimeChoices(values: { data?: string; fresh?: boolean; letters?: string; concurrency?: string }): RuntimeChoices {
  const concurrency = Number(values.concurrency ?? '2');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, got "${values.concurrency}"`);
  }
  const dataDir = resolve(values.data ?? '.parley');
  return { dataDir, fresh: Boolean(values.fresh), lettersDir: resolve(values.letters ?? join(dataDir, 'letters')), concurrency };
}

/** Logs go to <data>/parley.log as JSON lines: the terminal stays readable, and nothing in them is PHI. */
export function fileLogger(dataDir: string): { logger: Logger; close(): Promise<void> } {
  mkdirSync(dataDir, { recursive: true });
  const stream = createWriteStream(join(dataDir, 'parley.log'), { flags: 'a' });
  return {
    logger: jsonLogger((line) => stream.write(line), { pid: process.pid }),
    close: () => new Promise((done) => stream.end(done)),
  };
}
