// `parley process` as a user runs it: a child process, its JSON contract and its exit code.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';

const run = promisify(execFile);
const parley = join(PROJECT_ROOT, 'bin/parley.mjs');

async function parleyProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [parley, 'process', ...args], { cwd: PROJECT_ROOT, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('parley process --json', () => {
  it('prints every case with its lines, pricing and letter, and exits 0 when all became offers', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    const { code, stdout } = await parleyProcess([join(PROJECT_ROOT, 'samples/837i-outpatient-hospital.837'), '--json', '--data', data]);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.documents).toEqual([
      expect.objectContaining({ source: expect.stringContaining('837i-outpatient-hospital.837'), status: 'OFFER_DRAFTED', reasons: [] }),
    ]);
    expect(output.cases).toHaveLength(2);
    const [first] = output.cases;
    expect(first).toMatchObject({
      status: 'OFFER_DRAFTED',
      claimType: 'institutional',
      provider: { name: 'KEYSTONE REGIONAL MEDICAL CENTER', npi: '1386745297', tin: '231234567', zip: '17102' },
      totals: { chargeCents: 643500 },
    });
    expect(existsSync(first.letterPath)).toBe(true);
    expect(first.lines).toHaveLength(7);
    for (const key of ['serviceDate', 'code', 'revenueCode', 'modifiers', 'units', 'chargeCents', 'benchmarkCents', 'offerCents', 'placeOfService', 'facility', 'method', 'year', 'locality', 'localityAssumed', 'flags']) {
      expect(first.lines[0]).toHaveProperty(key);
    }
    expect(first.lines[0]).toMatchObject({ revenueCode: '0450', code: '99284', chargeCents: 295000, serviceDate: '2025-02-19' });
  }, 180_000);

  it('names what is wrong with bad input and says so in its exit code, while the rest of the batch goes on', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    const inputs = mkdtempSync(join(tmpdir(), 'parley-in-'));
    writeFileSync(join(inputs, 'empty.pdf'), '');
    writeFileSync(join(inputs, 'letter.txt'), 'To whom it may concern');
    writeFileSync(join(inputs, 'broken.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage');
    const { code, stdout } = await parleyProcess([inputs, join(PROJECT_ROOT, 'samples/837p-professional-claims.837'), '--json', '--data', data]);
    expect(code).toBe(2);
    const documents = JSON.parse(stdout).documents as { source: string; status: string; reasons: string[] }[];
    const byName = (name: string) => documents.find((d) => d.source.endsWith(name))!;
    expect(byName('empty.pdf')).toMatchObject({ status: 'REJECTED', reasons: [expect.stringContaining('empty')] });
    expect(byName('letter.txt')).toMatchObject({ status: 'REJECTED', reasons: [expect.stringContaining('plain text')] });
    expect(['REJECTED', 'NEEDS_REVIEW']).toContain(byName('broken.pdf').status);
    expect(byName('broken.pdf').reasons.join(' ')).toMatch(/pdf/i);
    expect(byName('837p-professional-claims.837').status).toBe('OFFER_DRAFTED');
  }, 180_000);

  it('refuses a path that does not exist with a usage error', async () => {
    const { code, stderr } = await parleyProcess(['/no/such/file.837']);
    expect(code).toBe(2);
    expect(stderr).toContain('no such file or folder: /no/such/file.837');
  });
});
