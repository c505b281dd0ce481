// `parley user`: local console accounts created from the command line, answered with a one-time sign-in link.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DynamoAuthStore } from '#shared/api/auth/auth-store.dynamo.ts';
import { redeemSignInLink } from '#shared/api/auth/local-accounts.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import { startLocalRuntime } from '#local/runtime/runtime.ts';

const run = promisify(execFile);

async function parley(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PROJECT_ROOT, 'bin/parley.mjs'), ...args], { cwd: PROJECT_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('parley user', () => {
  it('creates a provider account for a TIN and prints a link that signs it in once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-user-'));
    const added = await parley(['user', 'add', 'billing@clinic.example', '--name', 'Pat Quinn', '--role', 'provider', '--tin', '13-4567890', '--data', data]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Created provider billing@clinic.example (TIN 134567890)');
    const token = /\/auth\/signin\/([A-Za-z0-9_-]+)/.exec(added.stdout)![1]!;

    const runtime = await startLocalRuntime({ dataDir: data, logger: silentLogger, processing: false });
    try {
      const store = new DynamoAuthStore(runtime.db, PARLEY_TABLE.name);
      const session = await redeemSignInLink(store, token, new Date());
      expect(session.user).toMatchObject({ email: 'billing@clinic.example', role: 'provider', providerTin: '134567890' });
      await expect(redeemSignInLink(store, token, new Date())).rejects.toMatchObject({ name: 'SignInRefused' });
    } finally {
      await runtime.stop();
    }
  }, 120_000);

  it('refuses an unknown role and a provider without a TIN, naming what is wrong', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-user-'));
    const badRole = await parley(['user', 'add', 'a@b.example', '--name', 'A', '--role', 'boss', '--data', data]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of provider, negotiator, supervisor, admin, got "boss"');
    const noTin = await parley(['user', 'add', 'a@b.example', '--name', 'A', '--role', 'provider', '--data', data]);
    expect(noTin.code).toBe(1);
    expect(noTin.stderr).toContain('providerTin: a provider user needs the TIN they act for');
  }, 120_000);
});
