// kill -9 a running `parley start` in the middle of a batch, start it again: it resumes, with no duplicates and no losses.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '#shared/observability/logger.ts';
import { LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import { startLocalRuntime } from '#local/runtime/runtime.ts';
import { claimsInCopies, sampleCopy } from '../support/sample-copies.ts';

const DOCUMENTS = 24;

function startParley(dataDir: string, inputs: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/parley.mjs'), 'start', '--data', dataDir, '--port', '0', '--concurrency', '1', inputs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function until(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('a parley start killed with SIGKILL mid-batch', () => {
  it('resumes on the next start with every document done exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
    const inputs = join(dataDir, '..', `${dataDir.split('/').pop()}-inputs`);
    mkdirSync(inputs);
    for (let i = 0; i < DOCUMENTS; i++) writeFileSync(join(inputs, `claims-${String(i).padStart(2, '0')}.837`), sampleCopy(i));

    const first = startParley(dataDir, inputs);
    await until(() => /Processing: ([3-9]|1\d)\/24/.test(first.output()), 'a few documents to finish');
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = startParley(dataDir, inputs);
    await until(() => second.output().includes('Press Ctrl-C'), 'the second start to finish the batch');
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);

    const runtime = await startLocalRuntime({ dataDir, logger: silentLogger });
    try {
      const documents = await runtime.cases.listDocuments();
      expect(documents).toHaveLength(DOCUMENTS);
      expect(documents.every((d) => d.status === 'OFFER_DRAFTED')).toBe(true);
      const caseIds = documents.flatMap((d) => d.caseIds);
      expect(caseIds).toHaveLength(claimsInCopies(DOCUMENTS));
      for (const caseId of caseIds) {
        const types = (await runtime.cases.listEvents(caseId)).map((e) => e.type);
        expect(types.filter((t) => t === 'case.created')).toHaveLength(1);
        expect(types.filter((t) => t === 'offer.drafted')).toHaveLength(1);
      }
      const letters = await runtime.s3.send(new ListObjectsV2Command({ Bucket: LETTERS_BUCKET.name }));
      expect(letters.KeyCount).toBe(caseIds.length);
    } finally {
      await runtime.stop();
    }
  }, 240_000);
});
