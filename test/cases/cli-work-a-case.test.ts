// A negotiator works a sample case end to end with the `parley` command, as a user runs it: child processes on a
// temporary data folder, from OFFER_DRAFTED to SETTLED, with the letters and the settlement agreement on disk.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';
import { readPdfText } from '../letters/read-pdf.ts';

const run = promisify(execFile);
const parley = join(PROJECT_ROOT, 'bin/parley.mjs');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [parley, ...args], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('working a case from the command line', () => {
  it('approve -> send -> counter (provider) -> revise -> send -> accept -> settle, letters in the letters folder', { timeout: 400_000 }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-cases-cli-'));
    const processed = await cli(['process', join(PROJECT_ROOT, 'samples/837p-professional-claims.837'), '--data', data, '--json']);
    expect(processed.code).toBe(0);
    const id = (JSON.parse(processed.stdout).cases as { id: string; provider: { tin: string } }[]).find((c) => c.provider.tin === '134567890')!.id;
    const as = (who: string, ...rest: string[]) => ['--data', data, '--as', who, ...rest];

    const listed = await cli(['list', ...as('nina')]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+OFFER_DRAFTED`));

    // A move the lifecycle refuses says which case, its status and the move, and exits 1.
    const early = await cli(['send', id, ...as('nina')]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain(`cannot send case ${id} in status OFFER_DRAFTED`);

    const steps: [string[], RegExp][] = [
      [['approve', id, ...as('nina')], /OFFER_DRAFTED -> APPROVED/],
      [['send', id, '--to', 'billing@chelsea.example', ...as('nina')], /APPROVED -> SENT/],
      [['counter', id, '700', '--note', 'our floor', '--signatory', 'Pat Quinn', ...as('provider:chelsea', '--role', 'provider')], /SENT -> COUNTERED/],
      [['revise', id, '--total', '550', '--reason', 'meet halfway', ...as('nina')], /COUNTERED -> REVISED/],
      [['send', id, ...as('nina')], /REVISED -> SENT/],
      [['accept', id, '--name', 'Pat Quinn', '--title', 'Billing Manager', ...as('provider:chelsea', '--role', 'provider')], /SENT -> ACCEPTED/],
      [['settle', id, ...as('nina')], /ACCEPTED -> SETTLED/],
    ];
    for (const [args, expected] of steps) {
      const result = await cli(args);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(expected);
    }

    const letters = join(data, 'letters');
    expect(readdirSync(letters).filter((f) => f.startsWith(id)).sort()).toEqual([`${id}-offer-v1.pdf`, `${id}-offer-v2.pdf`, `${id}-settlement.pdf`]);
    const revised = flat((await readPdfText(readFileSync(join(letters, `${id}-offer-v2.pdf`)))).text);
    expect(revised).toContain('Revised offer, version 2');
    expect(revised).toContain('Thank you for your counteroffer of $700.00');
    expect(revised).toContain('We now offer $550.00');
    const agreement = flat((await readPdfText(readFileSync(join(letters, `${id}-settlement.pdf`)))).text);
    expect(agreement).toContain('$550.00');
    expect(agreement).toContain('/s/ Pat Quinn');
    const outbox = readdirSync(join(data, 'outbox')).filter((f) => f.includes(`offer-${id}-v1`));
    expect(outbox).toHaveLength(1);
    const eml = readFileSync(join(data, 'outbox', outbox[0]!), 'utf8');
    expect(eml).toContain('To: billing@chelsea.example');
    expect(eml).toContain(`filename=${id}-offer-v1.pdf`);

    const shown = await cli(['show', id, ...as('nina'), '--json']);
    const view = JSON.parse(shown.stdout);
    expect(view).toMatchObject({ status: 'SETTLED', negotiation: { agreedCents: 55_000, acceptance: { name: 'Pat Quinn', party: 'provider' } } });
    expect(view.negotiation.offers.map((o: { version: number; totalOfferCents: number }) => [o.version, o.totalOfferCents])).toEqual([[1, 43_997], [2, 55_000]]);
    expect(view.history.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['offer.approved', 'offer.sent', 'counter.recorded', 'offer.revised', 'offer.accepted', 'case.settled', 'case.read']),
    );
    const text = await cli(['show', id, ...as('nina')]);
    expect(text.stdout).toContain('How it was priced: 140% of the 2025 Medicare Physician Fee Schedule');
    expect(text.stdout).toContain('Counteroffers');
    expect(text.stdout).toMatch(/v2\s+\$550\.00\s+edit/);

    const exported = await cli(['export', ...as('nina'), '--status', 'SETTLED']);
    const [header, row] = exported.stdout.split('\r\n');
    expect(header).toMatch(/^case_id,status,/);
    expect(row).toContain(`${id},SETTLED,professional,EXAMPLE EMPLOYER HEALTH PLAN`);
    expect(row).toContain(',1140.00,');
    expect(row).toContain(',550.00,');
    const report = await cli(['report', '--by', 'provider', '--format', 'json', ...as('nina')]);
    const provider = JSON.parse(report.stdout).rows.find((r: { key: string }) => r.key === '134567890');
    expect(provider).toMatchObject({ agreements: 1, agreedCents: 55_000, agreedBilledCents: 114_000, savingsPercent: 51.8, acceptanceRate: 100 });
  });

  it('says so when another Parley holds the data folder, and points at its API', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-cases-lock-'));
    // This test process stands in for the running Parley: its pid is alive.
    writeFileSync(join(data, 'parley.lock'), String(process.pid));
    const result = await cli(['approve', 'ANY-1', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`another Parley (pid ${process.pid}) is running on ${data}`);
    expect(result.stderr).toContain('/api/cases/<id>/approve');
    expect(existsSync(join(data, 'parley.lock'))).toBe(true);
  });

  it('refuses a role it does not know and a missing data folder plainly', async () => {
    expect((await cli(['approve', 'X-1', '--role', 'boss'])).stderr).toContain('--role must be one of negotiator, supervisor, provider');
    const missing = await cli(['list', '--data', join(tmpdir(), 'no-such-parley-folder-xyz')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('there is no Parley data in');
  });
});
