// PHI never reaches the logs: a full run over the bundled samples, then every patient name, member ID, date of birth
// and address in them is searched for in everything logged.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';

const run = promisify(execFile);

/** PHI in the X12 samples: subscriber (IL) and patient (QC) names and member IDs, their street addresses, DMG dates of birth. */
function phiInX12(text: string): string[] {
  const segments = text.split(/~\s*/).map((s) => s.split('*'));
  const found: string[] = [];
  for (const [i, segment] of segments.entries()) {
    if (segment[0] === 'NM1' && (segment[1] === 'IL' || segment[1] === 'QC')) {
      found.push(segment[3]!, segment[4]!);
      if (segment[9]) found.push(segment[9]);
      const next = segments[i + 1];
      if (next?.[0] === 'N3') found.push(next[1]!);
    }
    if (segment[0] === 'DMG') found.push(segment[2]!);
  }
  return found.filter((value) => value && value.length >= 4);
}

describe('logs of a full end-to-end run', () => {
  it('contain no patient name, member ID, date of birth or address from the bills', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-phi-'));
    const samples = join(PROJECT_ROOT, 'samples');
    const { stderr } = await run(process.execPath, [join(PROJECT_ROOT, 'bin/parley.mjs'), 'process', samples, '--data', dataDir], {
      cwd: PROJECT_ROOT,
    }).catch((error: { stderr: string }) => ({ stderr: error.stderr }));
    const log = readFileSync(join(dataDir, 'parley.log'), 'utf8');
    expect(log.split('\n').length).toBeGreaterThan(5); // the run did log

    const phi = readdirSync(samples)
      .filter((name) => name.endsWith('.837'))
      .flatMap((name) => phiInX12(readFileSync(join(samples, name), 'utf8')));
    expect(phi).toEqual(expect.arrayContaining(['RIVERA', 'XQH889102341', '19790314', '88 GREENWICH AVENUE']));
    const everythingLogged = `${log}\n${stderr}`.toUpperCase();
    const leaked = phi.filter((value) => everythingLogged.includes(value.toUpperCase()));
    expect(leaked).toEqual([]);
  }, 180_000);
});
