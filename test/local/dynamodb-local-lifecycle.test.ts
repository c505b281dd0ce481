import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '#local/runtime/dynamodb-local.ts';

function javaProcessesUsing(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `^java .*DynamoDBLocal.*${marker}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('DynamoDB Local as a child process', () => {
  it('leaves no Java process behind after stop()', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-ddb-'));
    const local = await startDynamoDbLocal({ dataDir });
    expect(javaProcessesUsing(dataDir)).toHaveLength(1);
    await local.stop();
    expect(await eventually(() => javaProcessesUsing(dataDir).length === 0)).toBe(true);
  });

  it('leaves no Java process behind when its parent is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-ddb-'));
    const script = `
      const { startDynamoDbLocal } = await import(${JSON.stringify(new URL('../../local/runtime/dynamodb-local.ts', import.meta.url).href)});
      await startDynamoDbLocal({ dataDir: ${JSON.stringify(dataDir)} });
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      parent.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      parent.on('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
    });
    expect(javaProcessesUsing(dataDir)).toHaveLength(1);
    parent.kill('SIGKILL');
    expect(await eventually(() => javaProcessesUsing(dataDir).length === 0)).toBe(true);
  });
});
